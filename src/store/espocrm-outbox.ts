// The one place where a local write becomes a job for the tenant's EspoCRM: the audit log. Every store
// write records an audit row inside its own transaction (a lead's status, tags, fields, a note, a
// newsletter draft, a custom field, a tool M.A.X. ran), so hooking the audit enqueues the sync job in
// the very transaction of the write, whichever tool, scenario, dashboard action or CLI command made
// it, and a rolled-back write (a dry run, a failed tool) enqueues nothing. The jobs carry what to
// push, not the values: the push reads the lead when it runs, so an older job retried late never
// writes an older value over a newer one. The sync's own writes (actor `espocrm`) are not echoed.
import { jetons, MODE_LABELS, type Mode } from "../domain/index.js";
import type { AuditEntry, AuditRepository } from "./audit.js";
import type { Scope, StoreContext } from "./context.js";
import { ESPO_ACTOR, ESPO_JOBS, type EspoLeadLink } from "./espocrm.js";
import { jobRepository } from "./jobs.js";
import type { Lead } from "./leads.js";

/** A lead's values as the sync compares them (`f:` vertical fields, `c:` custom fields). */
export function syncValuesOf(lead: Lead): Record<string, unknown> {
  const values: Record<string, unknown> = {
    firstName: lead.firstName ?? "",
    lastName: lead.lastName ?? "",
    company: lead.company || null,
    email: lead.email || null,
    phone: lead.phone || null,
    city: lead.city || null,
    notes: lead.notes ?? "",
    status: lead.status,
    tags: [...lead.tags].sort(),
  };
  for (const [name, value] of Object.entries(lead.fields)) values[`f:${name}`] = value ?? null;
  for (const [name, value] of Object.entries(lead.customFields)) values[`c:${name}`] = value ?? null;
  return values;
}

export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The sync keys whose values differ between two versions of a lead. */
function changedKeys(before: Lead, after: Lead): string[] {
  const a = syncValuesOf(before);
  const b = syncValuesOf(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !sameValue(a[k], b[k]));
}

const LEAD_CHANGES = new Set(["lead.update", "lead.status", "lead.tags", "lead.custom_fields"]);

/** The leads a tool run was about: its `leadId` (one or a list) and what its result names. */
function leadsOfToolRun(after: unknown): number[] {
  const { args, data } = (after ?? {}) as { args?: Record<string, unknown>; data?: Record<string, unknown> };
  const ids = new Set<number>();
  const add = (v: unknown) => {
    if (typeof v === "number" && Number.isInteger(v)) ids.add(v);
    if (Array.isArray(v)) for (const x of v) add(x);
  };
  add(args?.leadId);
  add(data?.leadId);
  if (data && ("status" in data || "tags" in data)) add(data.id);
  add(data?.ids);
  return [...ids];
}

/** The Stream post logging a tool M.A.X. ran (« logs enregistrés dans EspoCRM »). */
function toolLogText(scope: Scope, entry: AuditEntry): string {
  const { summary } = (entry.after ?? {}) as { summary?: unknown };
  const tool = entry.action.slice("tool.".length);
  const label = scope.mode ? MODE_LABELS[scope.mode as Mode] : undefined;
  const mode = label ? `mode ${label}` : "";
  const cost = entry.cost ? jetons(entry.cost) : "";
  const how = [mode, cost].filter(Boolean).join(", ");
  const text = typeof summary === "string" && summary ? summary.replace(/<\/?donnees_prospect>/g, "") : tool;
  return `Action M.A.X. (${tool}${how ? `, ${how}` : ""}) : ${text}`;
}

export function withEspoOutbox(ctx: StoreContext, audit: AuditRepository): AuditRepository {
  const { sqlite, clock } = ctx;
  // Asked at every audited write: prepared once, answered from the tenant's unique index.
  const linked = sqlite.prepare("select 1 from espocrm_links where tenant_id = ?").pluck();
  const lastId = sqlite.prepare("select last_insert_rowid()").pluck();
  const mapRow = sqlite.prepare<[number, number], { state: string; dirty: string; version: number }>(
    "select state, dirty, version from espocrm_leads where tenant_id = ? and lead_id = ?",
  );
  const startTracking = sqlite.prepare(
    `insert into espocrm_leads (tenant_id, lead_id, state, version, updated_at) values (?, ?, 'creating', 1, ?)
     on conflict do nothing`,
  );
  const markDirty = sqlite.prepare(
    "update espocrm_leads set dirty = ?, version = ?, updated_at = ? where tenant_id = ? and lead_id = ?",
  );
  const jobs = jobRepository(ctx);

  const enqueue = (scope: Scope, kind: string, key: string, payload: Record<string, unknown>) =>
    jobs.enqueueOnce(scope, { kind, idempotencyKey: key, dueAt: clock(), payload });

  /** Tracks a lead that predates the link (or its import): it is created in EspoCRM. */
  const track = (scope: Scope, leadId: number) => {
    startTracking.run(scope.tenantId, leadId, clock().getTime());
    enqueue(scope, ESPO_JOBS.create, `espocrm:create:${leadId}`, { leadId });
  };

  const tracked = (tenantId: number, leadId: number) => {
    const row = mapRow.get(tenantId, leadId);
    return row && (row.state === "creating" || row.state === "linked") ? row : undefined;
  };

  function leadChanged(scope: Scope, entry: AuditEntry) {
    const before = entry.before as Lead | undefined;
    const after = entry.after as Lead | undefined;
    if (!before || !after) return;
    const keys = changedKeys(before, after);
    if (keys.length === 0) return;
    const row = mapRow.get(scope.tenantId, after.id);
    if (!row) return track(scope, after.id);
    if (row.state !== "creating" && row.state !== "linked") return;
    const now = clock().getTime();
    const dirty = JSON.parse(row.dirty) as EspoLeadLink["dirty"];
    for (const key of keys) dirty[key] = now;
    const version = row.version + 1;
    markDirty.run(JSON.stringify(dirty), version, now, scope.tenantId, after.id);
    enqueue(scope, ESPO_JOBS.push, `espocrm:push:${after.id}:${version}`, { leadId: after.id });
  }

  function enqueueFor(scope: Scope, entry: AuditEntry) {
    const after = (entry.after ?? {}) as Record<string, unknown>;
    if (entry.action === "lead.create") return track(scope, Number(entry.entityId));
    if (LEAD_CHANGES.has(entry.action)) return leadChanged(scope, entry);
    if (entry.action === "activity.add") {
      const leadId = Number(entry.entityId);
      if (after.kind !== "note" || !tracked(scope.tenantId, leadId)) return;
      enqueue(scope, ESPO_JOBS.note, `espocrm:note:a${after.id}`, {
        leadId,
        ref: `a${after.id}`,
        text: String(after.body ?? ""),
      });
      return;
    }
    if (entry.action === "message.create") {
      if (after.status !== "draft" || after.direction !== "out" || !after.bodyHtml) return;
      enqueue(scope, ESPO_JOBS.email, `espocrm:email:${after.id}`, { messageId: after.id });
      return;
    }
    if (entry.action === "custom_field.define") {
      enqueue(scope, ESPO_JOBS.field, `espocrm:field:${after.name}`, { name: after.name });
      return;
    }
    if (entry.action.startsWith("tool.") && !entry.action.endsWith(".failed")) {
      const auditId = Number(lastId.get());
      const text = toolLogText(scope, entry);
      for (const leadId of leadsOfToolRun(entry.after)) {
        if (!tracked(scope.tenantId, leadId)) continue;
        enqueue(scope, ESPO_JOBS.note, `espocrm:log:${auditId}:${leadId}`, {
          leadId,
          ref: `j${auditId}-${leadId}`,
          text,
        });
      }
    }
  }

  return {
    ...audit,
    record(scope, entry) {
      audit.record(scope, entry);
      if (scope.actor === ESPO_ACTOR || !linked.get(scope.tenantId)) return;
      enqueueFor(scope, entry);
    },
  };
}
