// Leads: contact data, consent per channel, owner, status in the tenant's pipeline, tags, heat and
// score, vertical fields and custom fields. Every change is audited with its before and after. The
// score is derived (lead-scores.ts): recomputed in the transaction of each change of what it reads.
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  checkStatus,
  checkValue,
  type FieldValue,
  fieldsFor,
  initialStatus,
  type LeadScore,
  statusCode,
  statusLabel,
  type Vertical,
} from "../domain/index.js";
import type { ActivityRepository } from "./activities.js";
import type { AuditRepository } from "./audit.js";
import { compiled } from "./compiled-query.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import type { CustomFieldRepository } from "./custom-fields.js";
import { notFound, StoreError } from "./errors.js";
import { VERTICAL_FIELD_COLUMNS, verticalFieldValues } from "./lead-fields.js";
import {
  type ConsentChannel,
  type Heat,
  type LeadPatch,
  leadPatchSchema,
  type NewLead,
  newLeadSchema,
  normalizePhone,
  tagSchema,
} from "./lead-input.js";
import type { LeadScores } from "./lead-scores.js";
import { leads, leadTags } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";
import type { TenantRepository } from "./tenants.js";
import { parseInput } from "./validate.js";

type LeadRow = typeof leads.$inferSelect;
type ConsentState = { optInAt: Date | null; optOutAt: Date | null };

export interface Lead {
  id: number;
  tenantId: number;
  name: string;
  firstName: string;
  lastName: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  source: string | null;
  ownerId: number | null;
  status: string;
  heat: Heat | null;
  score: number | null;
  tags: string[];
  notes: string;
  lastActivityAt: Date | null;
  consent: Record<ConsentChannel, ConsentState>;
  fields: Record<string, FieldValue>;
  customFields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

const CONSENT_COLUMNS = {
  email: ["emailOptInAt", "emailOptOutAt"],
  whatsapp: ["whatsappOptInAt", "whatsappOptOutAt"],
  sms: ["smsOptInAt", "smsOptOutAt"],
} as const satisfies Record<ConsentChannel, readonly [keyof LeadRow, keyof LeadRow]>;

export function toLead(row: LeadRow, vertical: Vertical, tags: string[]): Lead {
  const consent = Object.fromEntries(
    Object.entries(CONSENT_COLUMNS).map(([ch, [inCol, outCol]]) => [
      ch,
      { optInAt: row[inCol], optOutAt: row[outCol] },
    ]),
  ) as Lead["consent"];
  const fields = Object.fromEntries(
    fieldsFor(vertical).map((f) => [
      f.name,
      row[VERTICAL_FIELD_COLUMNS[f.name as keyof typeof VERTICAL_FIELD_COLUMNS]],
    ]),
  );
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: `${row.firstName} ${row.lastName}`.trim() || row.company || row.email || row.phone || `#${row.id}`,
    firstName: row.firstName,
    lastName: row.lastName,
    company: row.company,
    email: row.email,
    phone: row.phone,
    city: row.city,
    source: row.source,
    ownerId: row.ownerId,
    status: row.status,
    heat: row.heat as Heat | null,
    score: row.score,
    tags,
    notes: row.notes,
    lastActivityAt: row.lastActivityAt,
    consent,
    fields,
    customFields: row.customFields,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function leadRepository(
  ctx: StoreContext,
  deps: {
    audit: AuditRepository;
    tenants: TenantRepository;
    activities: ActivityRepository;
    customFields: CustomFieldRepository;
    scores: LeadScores;
  },
) {
  const { db, clock } = ctx;
  const { audit, tenants, activities, customFields, scores } = deps;

  const verticalOf = (tenantId: number): Vertical => tenants.require(tenantId).vertical;

  // Search results load a page of leads on every call: these statements are prepared once, with
  // the ids passed as one JSON array.
  const idsIn = (column: typeof leads.id | typeof leadTags.leadId) =>
    sql`${column} in (select value from json_each(${sql.placeholder("ids")}))`;
  const tagsByIds = compiled(
    db
      .select()
      .from(leadTags)
      .where(and(eq(leadTags.tenantId, sql.placeholder("tenantId")), idsIn(leadTags.leadId)))
      .orderBy(leadTags.tag)
      .prepare(),
  );
  const leadsByIds = compiled(
    db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, sql.placeholder("tenantId")), idsIn(leads.id)))
      .prepare(),
  );

  const tagsOf = (tenantId: number, ids: number[]): Map<number, string[]> => {
    const map = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    for (const r of tagsByIds.all({ tenantId, ids: JSON.stringify(ids) })) map.get(r.leadId)?.push(r.tag);
    return map;
  };

  const rowsToLeads = (tenantId: number, rows: LeadRow[]): Lead[] => {
    if (rows.length === 0) return [];
    const vertical = verticalOf(tenantId);
    const tags = tagsOf(
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toLead(r, vertical, tags.get(r.id) ?? []));
  };

  // Nearly every write and every scenario step reads its lead: prepared once.
  const leadById = compiled(
    db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, sql.placeholder("tenantId")), eq(leads.id, sql.placeholder("id"))))
      .prepare(),
  );
  const get = (tenantId: number, id: number): Lead | undefined => {
    const row = leadById.get({ tenantId, id });
    return row ? rowsToLeads(tenantId, [row])[0] : undefined;
  };

  const require = (tenantId: number, id: number): Lead => {
    const lead = get(tenantId, id);
    if (!lead) throw notFound("Lead", id);
    return lead;
  };

  const checkedCustomFields = (tenantId: number, values: Record<string, unknown>) => {
    const specs = customFields.specs(tenantId);
    const out: Record<string, FieldValue> = {};
    for (const [name, value] of Object.entries(values)) {
      const spec = specs.find((s) => s.name === name);
      if (!spec) {
        const known = specs.map((s) => s.name).join(", ") || "aucun";
        throw new StoreError(
          "INVALID_FIELD",
          `Champ personnalisé « ${name} » inconnu. Champs définis : ${known}.`,
        );
      }
      const check = checkValue(spec, value);
      if (!check.ok) throw new StoreError("INVALID_FIELD", check.message, { field: name });
      out[name] = check.value;
    }
    return out;
  };

  /** Applies a column change in a transaction and audits it; returns the lead after. */
  const change = (scope: Scope, id: number, action: string, apply: (before: Lead) => void): Lead =>
    inTransaction(ctx, () => {
      const before = require(scope.tenantId, id);
      apply(before);
      const after = require(scope.tenantId, id);
      audit.record(scope, { action, entity: "lead", entityId: id, before, after, undo: { lead: before } });
      return after;
    });

  const setColumns = (scope: Scope, id: number, values: Partial<LeadRow>) =>
    db
      .update(leads)
      .set({ ...values, updatedAt: clock() })
      .where(and(eq(leads.tenantId, scope.tenantId), eq(leads.id, id)))
      .run();

  return {
    get,
    require,

    list(tenantId: number, ids: number[]): Lead[] {
      if (ids.length === 0) return [];
      const rows = leadsByIds.all({ tenantId, ids: JSON.stringify(ids) });
      const byId = new Map(rowsToLeads(tenantId, rows).map((l) => [l.id, l]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    findByEmail(tenantId: number, email: string): Lead | undefined {
      const row = db
        .select()
        .from(leads)
        .where(and(eq(leads.tenantId, tenantId), eq(leads.email, email.trim().toLowerCase())))
        .get();
      return row ? rowsToLeads(tenantId, [row])[0] : undefined;
    },

    /** The lead with this phone number, in any format (+33…, 06…); the oldest if several share it. */
    findByPhone(tenantId: number, phone: string): Lead | undefined {
      const row = db
        .select()
        .from(leads)
        .where(and(eq(leads.tenantId, tenantId), eq(leads.phone, normalizePhone(phone))))
        .orderBy(leads.id)
        .get();
      return row ? rowsToLeads(tenantId, [row])[0] : undefined;
    },

    create(scope: Scope, input: NewLead): Lead {
      const v = parseInput(newLeadSchema, input);
      const vertical = verticalOf(scope.tenantId);
      const status = v.status ? (statusCode(vertical, v.status) ?? v.status) : initialStatus(vertical);
      const statusCheck = checkStatus(vertical, status);
      if (!statusCheck.ok)
        throw new StoreError("INVALID_STATUS", statusCheck.message, { allowed: statusCheck.allowed });
      const now = clock();
      const consentAt = (ch: ConsentChannel) => (v.consent?.[ch] ? (v.createdAt ?? now) : null);
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Utilisateur", scope.tenantId, v.ownerId);
        const row = db
          .insert(leads)
          .values({
            tenantId: scope.tenantId,
            firstName: v.firstName ?? "",
            lastName: v.lastName ?? "",
            company: v.company ?? null,
            email: v.email ?? null,
            phone: v.phone ?? null,
            city: v.city ?? null,
            source: v.source ?? null,
            ownerId: v.ownerId ?? null,
            status,
            heat: v.heat ?? null,
            notes: v.notes ?? "",
            emailOptInAt: consentAt("email"),
            whatsappOptInAt: consentAt("whatsapp"),
            smsOptInAt: consentAt("sms"),
            ...verticalFieldValues(vertical, v.fields ?? {}),
            customFields: checkedCustomFields(scope.tenantId, v.customFields ?? {}),
            lastActivityAt: v.lastActivityAt ?? null,
            createdAt: v.createdAt ?? now,
            updatedAt: now,
          } as typeof leads.$inferInsert)
          .returning()
          .get();
        const tags = [...new Set(v.tags ?? [])];
        if (tags.length)
          db.insert(leadTags)
            .values(tags.map((tag) => ({ tenantId: scope.tenantId, leadId: row.id, tag })))
            .run();
        const lead = toLead(
          { ...row, score: scores.refresh(scope.tenantId, row.id) ?? null },
          vertical,
          tags.sort(),
        );
        audit.record(scope, { action: "lead.create", entity: "lead", entityId: lead.id, after: lead });
        return lead;
      });
    },

    update(scope: Scope, id: number, patch: LeadPatch): Lead {
      const { fields, ...contact } = parseInput(leadPatchSchema, patch);
      const vertical = verticalOf(scope.tenantId);
      const values = { ...contact, ...verticalFieldValues(vertical, fields ?? {}) } as Partial<LeadRow>;
      return change(scope, id, "lead.update", () => {
        requireInTenant(ctx, "Utilisateur", scope.tenantId, contact.ownerId);
        setColumns(scope, id, values);
        scores.refresh(scope.tenantId, id);
      });
    },

    setStatus(scope: Scope, id: number, given: string): Lead {
      const vertical = verticalOf(scope.tenantId);
      const status = statusCode(vertical, given) ?? given;
      const check = checkStatus(vertical, status);
      if (!check.ok) throw new StoreError("INVALID_STATUS", check.message, { allowed: check.allowed });
      return change(scope, id, "lead.status", (before) => {
        if (before.status === status) return;
        setColumns(scope, id, { status });
        activities.add(scope, id, {
          kind: "status_change",
          body: `${statusLabel(before.status)} → ${statusLabel(status)}`,
          meta: { from: before.status, to: status },
        });
        // The status change's activity rescores the lead (activities.ts), new status included.
      });
    },

    changeTags(scope: Scope, id: number, change_: { add?: string[]; remove?: string[] }): Lead {
      const add = (change_.add ?? []).map((t) => parseInput(tagSchema, t));
      const remove = (change_.remove ?? []).map((t) => parseInput(tagSchema, t));
      return change(scope, id, "lead.tags", () => {
        if (remove.length) {
          db.delete(leadTags)
            .where(
              and(
                eq(leadTags.tenantId, scope.tenantId),
                eq(leadTags.leadId, id),
                inArray(leadTags.tag, remove),
              ),
            )
            .run();
        }
        if (add.length) {
          db.insert(leadTags)
            .values([...new Set(add)].map((tag) => ({ tenantId: scope.tenantId, leadId: id, tag })))
            .onConflictDoNothing()
            .run();
        }
        setColumns(scope, id, {});
      });
    },

    setCustomFields(scope: Scope, id: number, values: Record<string, unknown>): Lead {
      const checked = checkedCustomFields(scope.tenantId, values);
      return change(scope, id, "lead.custom_fields", (before) => {
        setColumns(scope, id, { customFields: { ...before.customFields, ...checked } });
        scores.refresh(scope.tenantId, id);
      });
    },

    setConsent(scope: Scope, id: number, channel: ConsentChannel, decision: "opt_in" | "opt_out"): Lead {
      const [inCol, outCol] = CONSENT_COLUMNS[channel];
      const now = clock();
      return change(scope, id, `lead.consent.${decision}`, () => {
        // Opting in again clears an earlier opt-out; opting out keeps the opt-in date as history.
        setColumns(scope, id, decision === "opt_in" ? { [inCol]: now, [outCol]: null } : { [outCol]: now });
      });
    },

    /** The lead's score as of now and the lines that make it (the lead page); undefined if no such lead. */
    scoreOf(tenantId: number, id: number): LeadScore | undefined {
      return scores.explain(tenantId, id);
    },

    /** Every lead of the tenant scored again as of now, `batch` leads per transaction (the daily job). */
    rescore(tenantId: number, batch?: number): { leads: number; changed: number } {
      return scores.rescore(tenantId, batch);
    },
  };
}

export type LeadRepository = ReturnType<typeof leadRepository>;
