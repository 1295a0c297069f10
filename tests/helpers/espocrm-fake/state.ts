// The fake EspoCRM's data and the rules of its Record service for Lead: create (validation, defaults,
// duplicate check on same name or e-mail unless skipped), partial update (only the fields present are
// validated; every save moves modifiedAt; optional optimistic concurrency), soft delete, merge, search
// (`{total, list}`, 200 rows at most) and mass update. Every change queues webhook items and stream
// notes as EspoCRM's hooks would. Unknown, read-only and system attributes in a payload are dropped.
import { randomBytes } from "node:crypto";
import { badRequest, forbidden, HttpError, notFound, validationFailure } from "./errors.js";
import { espoDateTime, generateId, intval } from "./php.js";
import {
  type AttributeDef,
  CUSTOM_FIELD_PARAMS,
  checkValue,
  type FieldDefs,
  isArrayType,
  leadAttributes,
  stockLeadFields,
} from "./schema.js";
import { compileWhere, fold, orderRows, type Row } from "./where.js";

export type { Row };

export interface FakeUser {
  id: string;
  userName: string;
  name: string;
  type: "admin" | "api" | "regular";
  password?: string;
  apiKey?: string;
  secretKey?: string;
  authMethod?: "ApiKey" | "Hmac";
  emailAddress?: string;
}

export type Action = "create" | "read" | "edit" | "delete";

export interface StateOptions {
  clock: () => Date;
  users: FakeUser[];
  customPrefix: boolean;
  optimisticConcurrency: boolean;
  allowedFrom: string[];
  /** Access refused to non-admin users, per entity type. */
  deny: Partial<Record<string, Action[]>>;
}

export interface QueuedItem {
  webhookId: string;
  data: Row;
  attempts: number;
}

export interface SearchParams {
  maxSize?: unknown;
  offset?: unknown;
  orderBy?: unknown;
  order?: unknown;
  select?: unknown;
  where?: unknown;
  textFilter?: unknown;
  primaryFilter?: unknown;
  boolFilterList?: unknown;
}

export const MAX_PAGE = 200;
const AUDITED_NOTE_FIELDS = ["status", "opportunityAmount", "doNotCall"];
const FORBIDDEN_FIELD_NAMES = [
  "id",
  "deleted",
  "skipDuplicateCheck",
  "isFollowed",
  "versionNumber",
  "null",
  "false",
  "true",
];

export class EspoState {
  readonly fields: Record<string, FieldDefs> = stockLeadFields();
  readonly labels: Record<string, string> = {};
  attributes: Map<string, AttributeDef> = leadAttributes(this.fields);
  readonly leads = new Map<string, Row>();
  readonly notes: Row[] = [];
  readonly emails = new Map<string, Row>();
  readonly sentEmails: Row[] = [];
  readonly targetLists = new Map<string, Row>();
  readonly targetListLeads = new Map<string, Set<string>>();
  readonly webhooks = new Map<string, Row>();
  readonly queue: QueuedItem[] = [];
  private noteNumber = 0;

  constructor(readonly options: StateOptions) {}

  now = () => this.options.clock();
  stamp = () => espoDateTime(this.now());
  newId = () => generateId(this.now());

  user(id: unknown): FakeUser | undefined {
    return this.options.users.find((u) => u.id === id);
  }

  checkAccess(actor: FakeUser, entityType: string, action: Action): void {
    if (actor.type === "admin") return;
    if (this.options.deny[entityType]?.includes(action)) throw forbidden(`No ${action} access.`);
  }

  // ---- output

  leadOut(row: Row): Row {
    const out: Row = {};
    for (const name of this.attributes.keys()) {
      const v = row[name];
      out[name] = v === undefined ? (isArrayType(this.attributes.get(name)?.type ?? "") ? [] : null) : v;
    }
    out.name = personName(row);
    out.assignedUserName = this.user(row.assignedUserId)?.name ?? null;
    out.createdById = row.createdById ?? null;
    out.createdByName = this.user(row.createdById)?.name ?? null;
    out.modifiedById = row.modifiedById ?? null;
    out.modifiedByName = this.user(row.modifiedById)?.name ?? null;
    if (this.options.optimisticConcurrency) out.versionNumber = row.versionNumber ?? null;
    return out;
  }

  readLead(actor: FakeUser, id: string): Row {
    this.checkAccess(actor, "Lead", "read");
    const row = this.leads.get(id);
    if (!row || row.deleted) throw notFound(`Record ${id} does not exist.`);
    return row;
  }

  private liveLead(id: string): Row {
    const row = this.leads.get(id);
    if (!row || row.deleted) throw notFound(`Record ${id} not found.`);
    return row;
  }

  // ---- input

  /** The writable attributes of a payload; the rest is dropped without a word, as EspoCRM does. */
  private writable(input: unknown): Row {
    const out: Row = {};
    if (!input || typeof input !== "object" || Array.isArray(input)) return out;
    for (const [name, value] of Object.entries(input)) {
      if (this.attributes.get(name)?.writable) out[name] = value;
    }
    return out;
  }

  /** Validates the given attributes (all of them on create): the stored values, or a 400. */
  private validate(input: Row, isNew: boolean): Row {
    const out: Row = {};
    for (const attr of this.attributes.values()) {
      if (!attr.writable) continue;
      if (attr.name in input) {
        const checked = checkValue(attr, input[attr.name]);
        if ("error" in checked) throw validationFailure("Lead", attr.field, checked.error);
        out[attr.name] = checked.value;
      } else if (isNew && attr.defs.required && attr.name === attr.field) {
        throw validationFailure("Lead", attr.field, "required");
      }
    }
    if (out.assignedUserId !== undefined && out.assignedUserId !== null && !this.user(out.assignedUserId)) {
      throw forbidden("Can't relate with non-existing record. entity type: Lead, link: assignedUser.", {
        messageTranslation: { label: "cannotRelateNonExisting", scope: null, data: { link: "assignedUser" } },
      });
    }
    return out;
  }

  /** Up to 5 live leads with the same first and last name, or any same e-mail address. */
  duplicatesOf(values: Row, exceptId?: string): Row[] {
    const first = fold(String(values.firstName ?? ""));
    const last = fold(String(values.lastName ?? ""));
    const email = fold(String(values.emailAddress ?? ""));
    const hasName = first !== "" || last !== "";
    const found: Row[] = [];
    for (const row of this.leads.values()) {
      if (row.deleted || row.id === exceptId) continue;
      const sameName =
        hasName && fold(String(row.firstName ?? "")) === first && fold(String(row.lastName ?? "")) === last;
      const sameEmail = email !== "" && fold(String(row.emailAddress ?? "")) === email;
      if (sameName || sameEmail) found.push(this.leadOut(row));
      if (found.length === 5) break;
    }
    return found;
  }

  private defaults(): Row {
    const out: Row = {};
    for (const attr of this.attributes.values()) {
      if (!attr.writable) continue;
      if (attr.defs.default !== undefined && attr.name === attr.field) out[attr.name] = attr.defs.default;
      else if (isArrayType(attr.type)) out[attr.name] = [];
      else if (attr.type === "bool") out[attr.name] = false;
    }
    return out;
  }

  // ---- lead lifecycle

  createLead(actor: FakeUser, input: unknown, opts: { skipDuplicateCheck?: boolean } = {}): Row {
    this.checkAccess(actor, "Lead", "create");
    const legacySkip = (input as Row | null)?._skipDuplicateCheck === true;
    const values = this.validate(this.writable(input), true);
    const candidate = { ...this.defaults(), ...values };
    if (!opts.skipDuplicateCheck && !legacySkip) {
      const duplicates = this.duplicatesOf(candidate);
      if (duplicates.length > 0) throw new HttpError(409, "duplicate", duplicates);
    }
    const now = this.stamp();
    const row: Row = {
      id: this.newId(),
      ...candidate,
      createdAt: now,
      modifiedAt: now,
      createdById: actor.id,
      modifiedById: actor.id,
    };
    if (this.options.optimisticConcurrency) row.versionNumber = 1;
    this.leads.set(String(row.id), row);
    this.addNote(actor, row, "Create", {
      statusValue: row.status ?? null,
      statusField: "status",
      assignedUserId: row.assignedUserId ?? null,
    });
    this.enqueue(actor, "create", null, this.leadOut(row));
    return this.leadOut(row);
  }

  updateLead(actor: FakeUser, id: string, input: unknown, opts: { versionNumber?: number } = {}): Row {
    const row = this.liveLead(id);
    this.checkAccess(actor, "Lead", "edit");
    const values = this.validate(this.writable(input), false);
    const changed = Object.keys(values).filter((k) => !sameValue(row[k], values[k]));
    if (
      this.options.optimisticConcurrency &&
      opts.versionNumber !== undefined &&
      opts.versionNumber !== row.versionNumber &&
      changed.length > 0
    ) {
      const current = Object.fromEntries(changed.map((k) => [k, this.leadOut(row)[k]]));
      throw new HttpError(409, "modified", { values: current, versionNumber: row.versionNumber });
    }
    const was = Object.fromEntries(changed.map((k) => [k, row[k] ?? null]));
    Object.assign(row, values, { modifiedAt: this.stamp(), modifiedById: actor.id });
    if (this.options.optimisticConcurrency) row.versionNumber = Number(row.versionNumber ?? 0) + 1;
    const audited = changed.filter((k) => AUDITED_NOTE_FIELDS.includes(k));
    if (audited.length > 0) {
      this.addNote(actor, row, "Update", {
        fields: audited,
        attributes: {
          was: Object.fromEntries(audited.map((k) => [k, was[k]])),
          became: Object.fromEntries(audited.map((k) => [k, row[k] ?? null])),
        },
        ...(audited.includes("status") ? { value: row.status } : {}),
      });
    }
    if (changed.length > 0) {
      const out = this.leadOut(row);
      const data: Row = { id: row.id };
      for (const k of [...changed, "modifiedAt", "modifiedById", "modifiedByName"]) data[k] = out[k];
      if (this.options.optimisticConcurrency) data.versionNumber = out.versionNumber;
      this.enqueue(actor, "update", null, data);
      const fieldsChanged = new Set(changed.map((k) => this.attributes.get(k)?.field ?? k));
      for (const field of fieldsChanged) {
        const fieldData: Row = { id: row.id };
        for (const attr of this.attributes.values())
          if (attr.field === field) fieldData[attr.name] = out[attr.name];
        this.enqueue(actor, "fieldUpdate", field, fieldData);
      }
    }
    return this.leadOut(row);
  }

  deleteLead(actor: FakeUser, id: string): void {
    const row = this.liveLead(id);
    this.checkAccess(actor, "Lead", "delete");
    Object.assign(row, { deleted: true, modifiedAt: this.stamp(), modifiedById: actor.id });
    this.enqueue(actor, "delete", null, { id: row.id });
  }

  /** `POST Lead/action/merge`: the target takes `attributes`, the sources' notes and lists, and the sources go. */
  mergeLeads(actor: FakeUser, targetId: unknown, sourceIds: unknown, attributes: unknown): void {
    if (typeof targetId !== "string" || !Array.isArray(sourceIds) || sourceIds.length === 0) {
      throw badRequest("Bad merge parameters.");
    }
    this.liveLead(targetId);
    for (const id of sourceIds) {
      if (id === targetId) throw badRequest("Target among sources.");
      this.liveLead(String(id));
      this.checkAccess(actor, "Lead", "delete");
    }
    this.updateLead(actor, targetId, attributes ?? {});
    for (const id of sourceIds.map(String)) {
      for (const note of this.notes) if (note.parentId === id) note.parentId = targetId;
      for (const members of this.targetListLeads.values()) {
        if (members.delete(id)) members.add(targetId);
      }
      this.deleteLead(actor, id);
    }
  }

  // ---- search

  search(actor: FakeUser, params: SearchParams, noTotal: boolean): { total: number; list: Row[] } {
    this.checkAccess(actor, "Lead", "read");
    const maxSize = params.maxSize === undefined || params.maxSize === "" ? MAX_PAGE : intval(params.maxSize);
    if (maxSize > MAX_PAGE) throw forbidden(`Max size should not exceed ${MAX_PAGE}. Use offset and limit.`);
    const offset = Math.max(0, intval(params.offset));
    const order =
      params.order === undefined || params.order === "" ? null : String(params.order).toLowerCase();
    if (order !== null && order !== "asc" && order !== "desc") throw badRequest("order value is bad.");
    const orderBy = params.orderBy ? String(params.orderBy) : "createdAt";
    if (!this.attributes.has(orderBy) && orderBy !== "name")
      throw badRequest(`Invalid orderBy '${orderBy}'.`);
    const desc = params.orderBy ? order === "desc" : (order ?? "desc") === "desc";

    const predicate = this.predicateFor(params.where);
    const filters = [
      predicate,
      this.primaryFilter(params.primaryFilter),
      ...this.boolFilters(actor, params.boolFilterList),
    ];
    const text =
      typeof params.textFilter === "string" && params.textFilter.trim() ? params.textFilter.trim() : null;
    const rows: Row[] = [];
    for (const row of this.leads.values()) {
      if (row.deleted) continue;
      if (filters.every((f) => f(row)) && (!text || textMatches(row, text))) rows.push(row);
    }
    const sorted = orderRows(rows, orderBy, desc, orderBy === "name" ? personName : undefined);
    const page = sorted.slice(offset, offset + maxSize);
    const select = parseSelect(params.select);
    const list = page.map((row) => {
      const full = this.leadOut(row);
      if (!select) return full;
      const keep = new Set([...select, "id", "assignedUserId", "createdById", orderBy]);
      return Object.fromEntries(Object.entries(full).filter(([k]) => keep.has(k)));
    });
    const more = offset + page.length < sorted.length;
    return { total: noTotal ? (more ? -1 : -2) : sorted.length, list };
  }

  private predicateFor(where: unknown) {
    return compileWhere(where, {
      attributes: this.searchableAttributes(),
      now: this.now(),
      computed: { name: personName },
      linked: (link, row) => {
        if (link !== "targetLists") return null;
        return [...this.targetListLeads.entries()].filter(([, m]) => m.has(String(row.id))).map(([id]) => id);
      },
    });
  }

  private searchableAttributes(): Map<string, AttributeDef> {
    const map = new Map(this.attributes);
    map.set("name", {
      name: "name",
      field: "name",
      type: "varchar",
      defs: { type: "varchar" },
      writable: false,
    });
    for (const n of ["createdById", "modifiedById"]) {
      map.set(n, { name: n, field: n, type: "id", defs: { type: "link" }, writable: false });
    }
    return map;
  }

  private primaryFilter(name: unknown): (row: Row) => boolean {
    if (name === undefined || name === "" || name === "all" || name === "followed" || name === "starred") {
      return () => true;
    }
    if (name === "actual" || name === "active") {
      return (row) => !["Converted", "Recycled", "Dead"].includes(String(row.status));
    }
    if (name === "converted") return (row) => row.status === "Converted";
    throw badRequest(`No primary filter '${String(name)}' for 'Lead'.`);
  }

  private boolFilters(actor: FakeUser, list: unknown): Array<(row: Row) => boolean> {
    const names = Array.isArray(list) ? list : list ? [list] : [];
    return names.map((name) => {
      if (name === "onlyMy") return (row: Row) => row.assignedUserId === actor.id;
      if (name === "followed" || name === "shared") return () => true;
      throw badRequest(`No bool filter '${String(name)}' for 'Lead'.`);
    });
  }

  // ---- mass update

  massAction(actor: FakeUser, body: Row): { count: number; ids: string[] } {
    if (body.entityType !== "Lead") throw notFound(`Controller '${String(body.entityType)}' does not exist.`);
    const params = (body.params ?? {}) as Row;
    let ids: string[];
    if (Array.isArray(params.ids)) ids = params.ids.map(String);
    else if (params.where !== undefined) {
      const predicate = this.predicateFor(params.where);
      ids = [...this.leads.values()]
        .filter((row) => !row.deleted && predicate(row))
        .map((row) => String(row.id));
    } else throw badRequest("No ids or where.");
    const done: string[] = [];
    if (body.action === "delete") {
      for (const id of ids) {
        try {
          this.deleteLead(actor, id);
          done.push(id);
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
        }
      }
      return { count: done.length, ids: done };
    }
    if (body.action !== "update") throw badRequest(`Unknown mass action '${String(body.action)}'.`);
    const data = (body.data ?? {}) as Row;
    const values = (data.values ?? {}) as Row;
    const actions = (data.actions ?? {}) as Record<string, string>;
    for (const id of ids) {
      const row = this.leads.get(id);
      if (!row || row.deleted) continue;
      const input: Row = {};
      for (const [k, v] of Object.entries(values)) {
        const action = actions[k] ?? "update";
        const current = Array.isArray(row[k]) ? (row[k] as unknown[]) : [];
        const given = Array.isArray(v) ? v : [v];
        if (action === "add") input[k] = [...current, ...given.filter((x) => !current.includes(x))];
        else if (action === "remove") input[k] = current.filter((x) => !given.includes(x));
        else input[k] = v;
      }
      try {
        this.updateLead(actor, id, input);
        done.push(id);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
      }
    }
    return { count: done.length, ids: done };
  }

  // ---- stream

  addNote(actor: FakeUser, lead: Row, type: string, data: Row, post: string | null = null): Row {
    const note: Row = {
      id: this.newId(),
      type,
      post,
      data,
      parentType: "Lead",
      parentId: lead.id,
      parentName: personName(lead),
      number: ++this.noteNumber,
      createdAt: this.stamp(),
      createdById: actor.id,
      createdByName: actor.name,
      isInternal: false,
      isGlobal: false,
    };
    this.notes.push(note);
    return note;
  }

  // ---- custom fields

  createField(actor: FakeUser, scope: string, input: unknown): Row {
    if (actor.type !== "admin") throw forbidden("");
    const body = (input && typeof input === "object" ? input : {}) as Row;
    if (scope !== "Lead") throw new HttpError(500, `Entity type '${scope}' is not customizable in the fake.`);
    const name = typeof body.name === "string" ? body.name.trim() : "";
    if (!name) throw badRequest("Empty field name.");
    if (name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).length > 50) {
      throw new HttpError(500, "Field name should not be longer than 50.");
    }
    const stored = this.options.customPrefix ? `c${name.charAt(0).toUpperCase()}${name.slice(1)}` : name;
    if (this.fields[stored]) {
      throw new HttpError(409, `Field '${stored}' already exists in 'Lead'.`, {
        messageTranslation: {
          label: "fieldAlreadyExists",
          scope: "FieldManager",
          data: { field: stored, entityType: "Lead" },
        },
      });
    }
    if (FORBIDDEN_FIELD_NAMES.includes(stored) || FORBIDDEN_FIELD_NAMES.includes(stored.toLowerCase())) {
      throw new HttpError(409, `Field '${stored}' is not allowed.`);
    }
    if (/^\d/.test(name)) throw new HttpError(500, "Field name should start with a letter.");
    if (/^[^a-z]/.test(name)) throw new HttpError(500, "Field name should start with a lower case letter.");
    if (/[^a-zA-Z\d]/.test(name))
      throw new HttpError(500, "Field name should contain only letters and numbers.");
    const type = body.type;
    if (typeof type !== "string" || !type) throw badRequest("No type.");
    const params = CUSTOM_FIELD_PARAMS[type];
    if (!params) throw badRequest(`Field type '${type}' is not supported by the fake.`);
    const defs: FieldDefs = { type };
    for (const p of params) if (body[p] !== undefined) defs[p] = body[p];
    if (type === "enum" && defs.maxLength === undefined) defs.maxLength = 100;
    defs.isCustom = true;
    this.fields[stored] = defs;
    this.labels[stored] = typeof body.label === "string" ? body.label : stored;
    this.attributes = leadAttributes(this.fields);
    return { ...defs, label: this.labels[stored] };
  }

  // ---- webhooks

  enqueue(
    actor: FakeUser,
    kind: "create" | "update" | "delete" | "fieldUpdate",
    field: string | null,
    data: Row,
  ) {
    const event = kind === "fieldUpdate" ? `Lead.fieldUpdate.${field}` : `Lead.${kind}`;
    for (const hook of this.webhooks.values()) {
      if (!hook.isActive || hook.event !== event) continue;
      if (hook.skipOwn && hook.userId === actor.id) continue;
      this.queue.push({ webhookId: String(hook.id), data: structuredClone(data), attempts: 0 });
    }
  }

  // ---- seeding (test aid)

  /** Inserts leads directly (no validation, no notes, no webhooks): fast set-up for big imports. */
  seedLeads(n: number, make: (i: number) => Row = () => ({}), actor?: FakeUser): string[] {
    const ids: string[] = [];
    const now = this.stamp();
    const defaults = this.defaults();
    for (let i = 0; i < n; i++) {
      const row: Row = {
        ...defaults,
        firstName: `Prénom${i}`,
        lastName: `Nom${i}`,
        emailAddress: `lead${i}@example.test`,
        createdAt: now,
        modifiedAt: now,
        createdById: actor?.id ?? null,
        ...make(i),
        id: this.newId(),
      };
      if (this.options.optimisticConcurrency && row.versionNumber === undefined) row.versionNumber = 1;
      this.leads.set(String(row.id), row);
      ids.push(String(row.id));
    }
    return ids;
  }

  secretKey = () => randomBytes(16).toString("hex");
}

export function personName(row: Row): string | null {
  const name = [row.firstName, row.lastName].filter((v) => typeof v === "string" && v !== "").join(" ");
  return name || null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function parseSelect(select: unknown): string[] | null {
  if (select === undefined || select === null || select === "") return null;
  const list = Array.isArray(select) ? select.map(String) : String(select).split(",");
  return list.map((s) => s.trim()).filter(Boolean);
}

/** Lead's textFilterFields (name, accountName, emailAddress): starts-with, `*` a wildcard. */
function textMatches(row: Row, text: string): boolean {
  const re = new RegExp(
    `^${fold(text)
      .split("*")
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}`,
  );
  const name = personName(row) ?? "";
  const reversed = [row.lastName, row.firstName].filter(Boolean).join(" ");
  return [name, reversed, row.firstName, row.lastName, row.accountName, row.emailAddress].some(
    (v) => typeof v === "string" && re.test(fold(v)),
  );
}
