// How a M.A.X. lead and an EspoCRM lead say the same things. Values are compared in M.A.X.'s terms
// (sync keys: firstName…, `f:` vertical fields, `c:` custom fields, see store/espocrm-outbox.ts):
// an EspoCRM lead is read into them, a local change written out of them. The pipeline status goes to
// EspoCRM twice: mapped onto its own six statuses, and exact in the vertical's status field. Pure.
import { z } from "zod";
import {
  type FieldSpec,
  checkValue as fieldCheck,
  fieldLabel,
  fieldsFor,
  fieldValueLabel,
  initialStatus,
  PIPELINES,
  pipelineFor,
  statusLabel,
  type Vertical,
} from "../../domain/index.js";
import type { EspoFieldMap } from "../../store/espocrm.js";
import { normalizePhone, tagSchema } from "../../store/lead-input.js";
import type { EspoLead, EspoLeadStatus, EspoNewField } from "../espocrm/index.js";

/** Where each pipeline status lands among EspoCRM's six. */
const STATUS_TO_ESPO: Readonly<Record<string, EspoLeadStatus>> = {
  nouveau: "New",
  non_qualifie: "New",
  en_qualif: "In Process",
  proposition_en_preparation: "In Process",
  devis_envoye: "In Process",
  en_negociation: "In Process",
  pre_qualif: "In Process",
  appel_planifie: "In Process",
  appel_realise: "In Process",
  offre_envoyee: "In Process",
  en_reflexion: "In Process",
  contacte: "In Process",
  negociation: "In Process",
  a_recontacter: "Recycled",
  gagne: "Converted",
  deja_client: "Converted",
  perdu: "Dead",
  abandon: "Dead",
};

export const espoStatusOf = (code: string): EspoLeadStatus => STATUS_TO_ESPO[code] ?? "In Process";

/** "Assigned" is "In Process" with an owner: the same step of a pipeline. */
const sameStep = (a: string, b: string) => {
  const step = (s: string) => (s === "Assigned" ? "In Process" : s);
  return step(a) === step(b);
};

/**
 * The pipeline status an EspoCRM status stands for: the current one while it still maps there (a
 * lead « Devis envoyé » stays so when EspoCRM says In Process), else the first that maps there.
 */
export function statusFromEspo(vertical: Vertical, espo: string, current?: string): string {
  const pipeline = pipelineFor(vertical);
  if (current && pipeline.includes(current) && sameStep(espoStatusOf(current), espo)) return current;
  if (espo === "New") return initialStatus(vertical);
  return pipeline.find((code) => sameStep(espoStatusOf(code), espo)) ?? initialStatus(vertical);
}

/** `secteur_b2b` → `secteurB2b`: what the field manager is asked for (it adds the `c`). */
const espoName = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The name of the vertical's pipeline (`b2b`, `coaching`, `prospection`). */
function pipelineName(vertical: Vertical): string {
  const statuses = pipelineFor(vertical);
  return Object.entries(PIPELINES).find(([, list]) => list === statuses)?.[0] ?? "prospection";
}

/** The vertical's pipeline status field, as asked of the field manager (`statutB2b` → `cStatutB2b`). */
const statusFieldName = (vertical: Vertical) => espoName(`statut_${pipelineName(vertical)}`);

const ESPO_TYPES: Readonly<Record<FieldSpec["type"], string>> = {
  text: "varchar",
  enum: "enum",
  integer: "int",
  number: "float",
  boolean: "bool",
  date: "date",
};

/** A M.A.X. field as the field manager creates it (an enum keeps an empty option: no value). */
export function espoFieldFor(spec: FieldSpec, label: string): EspoNewField {
  const type = ESPO_TYPES[spec.type];
  const base: EspoNewField = { name: espoName(spec.name), type, label };
  if (spec.type === "text") return { ...base, maxLength: 255 };
  if (spec.type === "integer") return { ...base, min: 0 };
  if (spec.type !== "enum") return base;
  const options = [...(spec.options ?? [])];
  return { ...base, options: ["", ...options], default: "", translatedOptions: labelsOf(options) };
}

const labelsOf = (options: readonly string[]) =>
  Object.fromEntries(options.map((o) => [o, fieldValueLabel(o)]));

/** The fields M.A.X. needs in the tenant's EspoCRM: tags, the pipeline status, the vertical's fields. */
export function neededFields(vertical: Vertical): Array<{ key: string; field: EspoNewField }> {
  const pipeline = pipelineFor(vertical);
  return [
    { key: "tags", field: { name: "tags", type: "array", label: "Tags", allowCustomOptions: true } },
    {
      key: "status",
      field: {
        name: statusFieldName(vertical),
        type: "enum",
        label: "Statut M.A.X.",
        options: ["", ...pipeline],
        default: "",
        translatedOptions: Object.fromEntries(pipeline.map((code) => [code, statusLabel(code)])),
      },
    },
    ...fieldsFor(vertical).map((spec) => ({
      key: `f:${spec.name}`,
      field: espoFieldFor(spec, fieldLabel(spec.name)),
    })),
  ];
}

/** The contact fields every EspoCRM lead has, and how a value read from it is made M.A.X.'s. */
const emailSchema = z.email();
const text = (max: number) => (v: unknown) => (typeof v === "string" ? v.trim().slice(0, max) : "");
const orNull = (read: (v: unknown) => string) => (v: unknown) => read(v) || null;
const CONTACT: ReadonlyArray<{ key: string; attribute: string; read: (v: unknown) => unknown }> = [
  { key: "firstName", attribute: "firstName", read: text(100) },
  { key: "lastName", attribute: "lastName", read: text(100) },
  { key: "company", attribute: "accountName", read: orNull(text(200)) },
  {
    key: "email",
    attribute: "emailAddress",
    read: (v) => {
      const email = text(254)(v).toLowerCase();
      return email && emailSchema.safeParse(email).success ? email : null;
    },
  },
  {
    key: "phone",
    attribute: "phoneNumber",
    read: (v) => {
      const phone = normalizePhone(text(40)(v));
      return /^\+?\d{6,15}$/.test(phone) ? phone : null;
    },
  },
  { key: "city", attribute: "addressCity", read: orNull(text(100)) },
  { key: "notes", attribute: "description", read: text(20_000) },
];

/** What the sync knows of a tenant: its vertical, custom fields, and what exists in its EspoCRM. */
export interface SyncShape {
  vertical: Vertical;
  fieldMap: EspoFieldMap;
  /** The tenant's custom fields ("MAX Fields Rebuild"). */
  custom: readonly FieldSpec[];
}

/** The keys synced for this tenant: a field missing in EspoCRM stays M.A.X.'s own. */
export function syncKeys(shape: SyncShape): string[] {
  const { fieldMap } = shape;
  return [
    ...CONTACT.map((c) => c.key),
    "status",
    ...(fieldMap.tags ? ["tags"] : []),
    ...fieldsFor(shape.vertical)
      .filter((f) => fieldMap.fields[f.name])
      .map((f) => `f:${f.name}`),
    ...shape.custom.filter((f) => fieldMap.custom[f.name]).map((f) => `c:${f.name}`),
  ];
}

/** The EspoCRM attributes a sync reads (the list's `select`). */
export function espoAttributes(shape: SyncShape): string[] {
  const { fieldMap } = shape;
  return [
    ...CONTACT.map((c) => c.attribute),
    "status",
    "source",
    "modifiedAt",
    ...(fieldMap.status ? [fieldMap.status] : []),
    ...(fieldMap.tags ? [fieldMap.tags] : []),
    ...Object.values(fieldMap.fields),
    ...Object.values(fieldMap.custom),
  ];
}

const specOf = (shape: SyncShape, key: string): FieldSpec | undefined => {
  if (key.startsWith("f:")) return fieldsFor(shape.vertical).find((f) => `f:${f.name}` === key);
  if (key.startsWith("c:")) return shape.custom.find((f) => `c:${f.name}` === key);
  return undefined;
};

const attributeOf = (shape: SyncShape, key: string): string | undefined => {
  if (key.startsWith("f:")) return shape.fieldMap.fields[key.slice(2)];
  if (key.startsWith("c:")) return shape.fieldMap.custom[key.slice(2)];
  return CONTACT.find((c) => c.key === key)?.attribute;
};

/** A field value read from EspoCRM: checked like a local one, or nothing (an enum's "" is nothing). */
function readField(spec: FieldSpec, raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === "") return null;
  const checked = fieldCheck(spec, raw);
  return checked.ok ? checked.value : null;
}

function readTags(raw: unknown): string[] {
  const tags = new Set<string>();
  for (const v of Array.isArray(raw) ? raw : []) {
    const t = tagSchema.safeParse(v);
    if (t.success) tags.add(t.data);
  }
  return [...tags].sort();
}

/**
 * An EspoCRM lead in M.A.X.'s terms. Its status comes from the vertical's status field when that
 * field agrees with EspoCRM's own status, or when only that field moved since the last sync
 * (`synced.statusField`, `synced.espoStatus`); otherwise someone moved EspoCRM's own status, which
 * is mapped back (the field is then stale until M.A.X. writes it). `espoStatus` is EspoCRM's own,
 * kept to tell that next time.
 */
export function remoteValues(
  shape: SyncShape,
  lead: EspoLead,
  synced: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const c of CONTACT) values[c.key] = c.read(lead[c.attribute]);
  const native = typeof lead.status === "string" && lead.status ? lead.status : "New";
  const field = shape.fieldMap.status ? lead[shape.fieldMap.status] : undefined;
  const pipeline = pipelineFor(shape.vertical);
  const coded = typeof field === "string" && pipeline.includes(field) ? field : null;
  const current = typeof synced.status === "string" ? synced.status : undefined;
  const onlyFieldMoved = coded !== synced.statusField && native === synced.espoStatus;
  values.status =
    coded && (sameStep(espoStatusOf(coded), native) || onlyFieldMoved)
      ? coded
      : statusFromEspo(shape.vertical, native, current);
  values.espoStatus = native;
  if (shape.fieldMap.tags) values.tags = readTags(lead[shape.fieldMap.tags]);
  for (const key of syncKeys(shape)) {
    const spec = specOf(shape, key);
    const attribute = attributeOf(shape, key);
    if (spec && attribute) values[key] = readField(spec, lead[attribute]);
  }
  return values;
}

/** Local values as EspoCRM attributes (tags apart: they go by MassAction add/remove, or on create). */
export function espoValues(
  shape: SyncShape,
  keys: readonly string[],
  local: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = local[key] ?? null;
    if (key === "tags") continue;
    if (key === "status") {
      out.status = espoStatusOf(String(value));
      if (shape.fieldMap.status) out[shape.fieldMap.status] = value;
      continue;
    }
    const attribute = attributeOf(shape, key);
    if (!attribute) continue;
    const spec = specOf(shape, key);
    out[attribute] = value === null && spec?.type === "enum" ? "" : value;
  }
  return out;
}

/** The sync keys an EspoCRM validation failure on `field` is about. */
export function keysOfAttribute(shape: SyncShape, field: string): string[] {
  if (field === "status" || field === shape.fieldMap.status) return ["status"];
  if (field === shape.fieldMap.tags) return ["tags"];
  return syncKeys(shape).filter((key) => {
    const attribute = attributeOf(shape, key);
    return attribute === field || (field === "address" && attribute === "addressCity");
  });
}

/** A key as a person reads it: « Statut », « E-mail », « Secteur ». */
export function keyLabel(key: string): string {
  const words: Record<string, string> = {
    firstName: "Prénom",
    lastName: "Nom",
    company: "Entreprise",
    email: "E-mail",
    phone: "Téléphone",
    city: "Ville",
    notes: "Notes",
    status: "Statut",
    tags: "Tags",
  };
  return words[key] ?? fieldLabel(key.replace(/^[fc]:/, ""));
}

/** A value as a person reads it, in quotes; nothing is « (vide) ». */
export function valueWords(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
    return "(vide)";
  }
  if (key === "status") return `« ${statusLabel(String(value))} »`;
  if (Array.isArray(value)) return `« ${value.join(", ")} »`;
  const shown = String(value);
  return `« ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown} »`;
}
