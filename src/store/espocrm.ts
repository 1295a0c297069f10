// A tenant's EspoCRM link and the lead ↔ EspoCRM id map. The credentials are stored like the
// mailbox's (each tenant has its own CRM) and only ever leave this file masked: the audit trail, the
// CLI and the logs see `***`. The map holds, per lead, what both sides last agreed on and the local
// changes waiting to be pushed, which is how a conflict is told from an echo. The sync's jobs are
// the scheduler's (scheduled_jobs); `claimJobs` lets `max sync espocrm` run one tenant's only.
import { and, asc, count, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { maskUrl } from "./email-accounts.js";
import { notFound } from "./errors.js";
import type { Job } from "./jobs.js";
import { type EspoFieldMap, espocrmLeads, espocrmLinks, leads, scheduledJobs } from "./schema.js";

export type { EspoFieldMap };
export type EspoLink = typeof espocrmLinks.$inferSelect;
export type EspoLeadLink = typeof espocrmLeads.$inferSelect;

/** Who the sync writes as: its own writes are never pushed back (no echo). */
export const ESPO_ACTOR = "espocrm";

/** The sync's job kinds: the outbox towards EspoCRM, and the pulls from it. */
export const ESPO_JOBS = {
  create: "espocrm.create",
  push: "espocrm.push",
  note: "espocrm.note",
  email: "espocrm.email",
  field: "espocrm.field",
  poll: "espocrm.poll",
  webhook: "espocrm.webhook",
} as const;
export const ESPO_JOB_KINDS: readonly string[] = Object.values(ESPO_JOBS);
/** The outbox towards EspoCRM (what `max sync espocrm` sends). */
export const ESPO_OUTBOX_KINDS: readonly string[] = [
  ESPO_JOBS.create,
  ESPO_JOBS.push,
  ESPO_JOBS.note,
  ESPO_JOBS.email,
  ESPO_JOBS.field,
  ESPO_JOBS.webhook,
];

export interface EspoLinkInput {
  url: string;
  apiKey: string;
  hmacSecret?: string | null;
  adminUser?: string | null;
  adminPassword?: string | null;
  fromAddress?: string | null;
  apiUserId?: string | null;
  fieldMap: EspoFieldMap;
  webhooks: EspoLink["webhooks"];
}

/** What may be written about the sync's progress (no credentials: those change only by `connect`). */
export type EspoLinkProgress = Partial<
  Pick<
    EspoLink,
    | "status"
    | "pausedUntil"
    | "cursorModifiedAt"
    | "cursorId"
    | "importedAt"
    | "importCounts"
    | "lastPollAt"
    | "lastReconcileAt"
    | "lastError"
    | "fieldMap"
  >
>;

export type EspoLeadLinkPatch = Partial<
  Pick<
    EspoLeadLink,
    "espoId" | "state" | "synced" | "dirty" | "rejected" | "remoteModifiedAt" | "mergedInto" | "version"
  >
>;

const SECRET = "***";

/** The link as anything outside the sync may see it: every secret replaced by `***`. */
export function maskedLink(link: EspoLink) {
  return {
    tenantId: link.tenantId,
    url: maskUrl(link.url),
    apiKey: SECRET,
    hmacSecret: link.hmacSecret ? SECRET : null,
    adminUser: link.adminUser,
    adminPassword: link.adminPassword ? SECRET : null,
    fromAddress: link.fromAddress,
    apiUserId: link.apiUserId,
    fieldMap: link.fieldMap,
    webhooks: link.webhooks.map((w) => ({ id: w.id, event: w.event, secretKey: SECRET })),
    status: link.status,
  };
}

type RawLeadLink = {
  id: number;
  tenant_id: number;
  lead_id: number;
  espo_id: string | null;
  state: string;
  synced: string;
  dirty: string;
  rejected: string;
  remote_modified_at: string | null;
  merged_into: string | null;
  version: number;
  updated_at: number;
};

const toLeadLink = (r: RawLeadLink): EspoLeadLink => ({
  id: r.id,
  tenantId: r.tenant_id,
  leadId: r.lead_id,
  espoId: r.espo_id,
  state: r.state,
  synced: JSON.parse(r.synced),
  dirty: JSON.parse(r.dirty),
  rejected: JSON.parse(r.rejected),
  remoteModifiedAt: r.remote_modified_at,
  mergedInto: r.merged_into,
  version: r.version,
  updatedAt: new Date(r.updated_at),
});

export function espocrmRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, sqlite, clock } = ctx;
  const get = (tenantId: number): EspoLink | undefined =>
    db.select().from(espocrmLinks).where(eq(espocrmLinks.tenantId, tenantId)).get();
  // An import reads and writes a map row per lead: these statements are prepared once.
  const byLead = sqlite.prepare<[number, number], RawLeadLink>(
    "select * from espocrm_leads where tenant_id = ? and lead_id = ?",
  );
  const byEspoIds = sqlite.prepare<[number, string], RawLeadLink>(
    "select * from espocrm_leads where tenant_id = ? and espo_id in (select value from json_each(?))",
  );
  const upsert = sqlite.prepare<Record<string, unknown>, RawLeadLink>(
    `insert into espocrm_leads (tenant_id, lead_id, espo_id, state, synced, dirty, rejected, remote_modified_at,
       merged_into, version, updated_at)
     values (@tenantId, @leadId, @espoId, @state, @synced, @dirty, @rejected, @remoteModifiedAt, @mergedInto,
       @version, @updatedAt)
     on conflict (tenant_id, lead_id) do update set espo_id = excluded.espo_id, state = excluded.state,
       synced = excluded.synced, dirty = excluded.dirty, rejected = excluded.rejected,
       remote_modified_at = excluded.remote_modified_at, merged_into = excluded.merged_into,
       version = excluded.version, updated_at = excluded.updated_at
     returning *`,
  );
  const twinByEmail = sqlite
    .prepare<[number, string], number>(
      `select l.id from leads l left join espocrm_leads e on e.tenant_id = l.tenant_id and e.lead_id = l.id
       where l.tenant_id = ? and l.email = ? and (e.id is null or (e.state = 'creating' and e.espo_id is null))
       order by l.id limit 1`,
    )
    .pluck();
  const leadLink = (tenantId: number, leadId: number): EspoLeadLink | undefined => {
    const row = byLead.get(tenantId, leadId);
    return row ? toLeadLink(row) : undefined;
  };

  return {
    get,

    /**
     * Creates or replaces the tenant's link. Another URL is another CRM: the old id map, cursors and
     * import progress go with it. Reconnecting clears a 401 or a lockout, and the sync's jobs that
     * failed for good are tried once more.
     */
    connect(scope: Scope, input: EspoLinkInput): EspoLink {
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId);
        const now = clock();
        const values = {
          url: input.url,
          apiKey: input.apiKey,
          hmacSecret: input.hmacSecret ?? null,
          adminUser: input.adminUser ?? null,
          adminPassword: input.adminPassword ?? null,
          fromAddress: input.fromAddress ?? null,
          apiUserId: input.apiUserId ?? null,
          fieldMap: input.fieldMap,
          webhooks: input.webhooks,
          status: "active",
          pausedUntil: null,
          lastError: null,
          updatedAt: now,
        };
        const otherCrm = before !== undefined && before.url !== input.url;
        if (otherCrm) {
          db.delete(espocrmLeads).where(eq(espocrmLeads.tenantId, scope.tenantId)).run();
        }
        const reset = otherCrm
          ? { cursorModifiedAt: null, cursorId: null, importedAt: null, importCounts: {} }
          : {};
        const after = db
          .insert(espocrmLinks)
          .values({ ...values, tenantId: scope.tenantId, createdAt: now })
          .onConflictDoUpdate({ target: espocrmLinks.tenantId, set: { ...values, ...reset } })
          .returning()
          .get();
        // What failed while the key was refused or EspoCRM was away gets another try.
        db.update(scheduledJobs)
          .set({ status: "pending", dueAt: now, updatedAt: now })
          .where(
            and(
              eq(scheduledJobs.tenantId, scope.tenantId),
              inArray(scheduledJobs.kind, [...ESPO_OUTBOX_KINDS]),
              eq(scheduledJobs.status, "failed"),
            ),
          )
          .run();
        audit.record(scope, {
          action: "espocrm.connect",
          entity: "tenant",
          entityId: scope.tenantId,
          before: before && maskedLink(before),
          after: maskedLink(after),
        });
        return after;
      });
    },

    /** The sync's bookkeeping: cursors, import progress, a 401 or a lockout, the fields found. */
    update(tenantId: number, progress: EspoLinkProgress): EspoLink {
      const row = db
        .update(espocrmLinks)
        .set({ ...progress, updatedAt: clock() })
        .where(eq(espocrmLinks.tenantId, tenantId))
        .returning()
        .get();
      if (!row) throw notFound("Liaison EspoCRM du compte", tenantId);
      return row;
    },

    /** Every linked tenant, across tenants: the server's pollers' list. Each row carries its tenant. */
    listAll(): EspoLink[] {
      return db.select().from(espocrmLinks).orderBy(espocrmLinks.tenantId).all();
    },

    leadLink,

    /** The map rows of these EspoCRM ids (one request's page), by EspoCRM id. */
    leadLinksByEspoIds(tenantId: number, espoIds: readonly string[]): Map<string, EspoLeadLink> {
      if (espoIds.length === 0) return new Map();
      const rows = byEspoIds.all(tenantId, JSON.stringify(espoIds));
      return new Map(rows.map((r) => [r.espo_id as string, toLeadLink(r)]));
    },

    /** Creates or changes the lead's map row (a foreign lead is a constraint error, never a link). */
    saveLeadLink(tenantId: number, leadId: number, patch: EspoLeadLinkPatch): EspoLeadLink {
      const current = leadLink(tenantId, leadId);
      const next = {
        espoId: null,
        state: "linked",
        synced: {},
        dirty: {},
        rejected: {},
        remoteModifiedAt: null,
        mergedInto: null,
        version: 0,
        ...current,
        ...patch,
      };
      const row = upsert.get({
        tenantId,
        leadId,
        espoId: next.espoId,
        state: next.state,
        synced: JSON.stringify(next.synced),
        dirty: JSON.stringify(next.dirty),
        rejected: JSON.stringify(next.rejected),
        remoteModifiedAt: next.remoteModifiedAt,
        mergedInto: next.mergedInto,
        version: next.version,
        updatedAt: clock().getTime(),
      });
      return toLeadLink(row as RawLeadLink);
    },

    /** The local lead with this e-mail that is not linked to an EspoCRM lead yet, if any. */
    unlinkedLeadByEmail(tenantId: number, email: string): number | undefined {
      return twinByEmail.get(tenantId, email);
    },

    /** Leads with no map row yet (they predate the link), after `afterId`, oldest first. */
    untrackedLeadIds(tenantId: number, afterId: number, limit: number): number[] {
      return db
        .select({ id: leads.id })
        .from(leads)
        .leftJoin(
          espocrmLeads,
          and(eq(espocrmLeads.tenantId, leads.tenantId), eq(espocrmLeads.leadId, leads.id)),
        )
        .where(and(eq(leads.tenantId, tenantId), gt(leads.id, afterId), isNull(espocrmLeads.id)))
        .orderBy(asc(leads.id))
        .limit(limit)
        .all()
        .map((r) => r.id);
    },

    /** Leads linked to a live EspoCRM lead: what a deletion check compares EspoCRM's ids with. */
    linkedEspoIds(tenantId: number): Array<{ leadId: number; espoId: string }> {
      return db
        .select({ leadId: espocrmLeads.leadId, espoId: espocrmLeads.espoId })
        .from(espocrmLeads)
        .where(and(eq(espocrmLeads.tenantId, tenantId), eq(espocrmLeads.state, "linked")))
        .all()
        .flatMap((r) => (r.espoId ? [{ leadId: r.leadId, espoId: r.espoId }] : []));
    },

    /** Leads holding a value for this custom field: pushed once the field exists in EspoCRM. */
    leadIdsWithCustomValue(tenantId: number, name: string): number[] {
      return db
        .select({ id: leads.id })
        .from(leads)
        .where(
          and(
            eq(leads.tenantId, tenantId),
            sql`json_extract(${leads.customFields}, ${`$."${name.replaceAll('"', "")}"`}) is not null`,
          ),
        )
        .all()
        .map((r) => r.id);
    },

    /** Leases the tenant's due sync jobs of these kinds, as the worker's claim does for all tenants. */
    claimJobs(tenantId: number, kinds: readonly string[], leaseMs: number, limit = 100): Job[] {
      return inTransaction(ctx, () => {
        const now = clock();
        const due = or(
          and(eq(scheduledJobs.status, "pending"), lte(scheduledJobs.dueAt, now)),
          and(eq(scheduledJobs.status, "leased"), lte(scheduledJobs.leaseUntil, now)),
        );
        const ids = db
          .select({ id: scheduledJobs.id })
          .from(scheduledJobs)
          .where(and(eq(scheduledJobs.tenantId, tenantId), inArray(scheduledJobs.kind, [...kinds]), due))
          .orderBy(asc(scheduledJobs.dueAt), asc(scheduledJobs.id))
          .limit(limit)
          .all()
          .map((r) => r.id);
        if (ids.length === 0) return [];
        return db
          .update(scheduledJobs)
          .set({
            status: "leased",
            leaseUntil: new Date(now.getTime() + leaseMs),
            attempts: sql`${scheduledJobs.attempts} + 1`,
            updatedAt: now,
          })
          .where(and(eq(scheduledJobs.tenantId, tenantId), inArray(scheduledJobs.id, ids)))
          .returning()
          .all()
          .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
      });
    },

    /** The tenant's sync jobs by status (pending, leased, failed…), and the last error of a failed one. */
    outbox(tenantId: number): { byStatus: Record<string, number>; lastFailure: string | null } {
      const rows = db
        .select({ status: scheduledJobs.status, n: count() })
        .from(scheduledJobs)
        .where(and(eq(scheduledJobs.tenantId, tenantId), inArray(scheduledJobs.kind, [...ESPO_OUTBOX_KINDS])))
        .groupBy(scheduledJobs.status)
        .all();
      const failed = db
        .select({ error: scheduledJobs.lastError })
        .from(scheduledJobs)
        .where(
          and(
            eq(scheduledJobs.tenantId, tenantId),
            inArray(scheduledJobs.kind, [...ESPO_OUTBOX_KINDS]),
            eq(scheduledJobs.status, "failed"),
          ),
        )
        .orderBy(sql`${scheduledJobs.updatedAt} desc`)
        .limit(1)
        .get();
      return {
        byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
        lastFailure: failed?.error ?? null,
      };
    },
  };
}

export type EspocrmRepository = ReturnType<typeof espocrmRepository>;
