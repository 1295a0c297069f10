// n8n runs: each scenario M.A.X. asked a tenant's n8n to start, for which leads, and how the webhook
// answered (attempts, last HTTP status or error). A run starts pending and ends sent or failed once;
// one the process never got to deliver (it stopped in between) is abandoned as failed.
import { and, desc, eq } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { n8nRuns } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export const N8N_RUN_STATUSES = ["pending", "sent", "failed"] as const;
export type N8nRunStatus = (typeof N8N_RUN_STATUSES)[number];
export type N8nRun = Omit<typeof n8nRuns.$inferSelect, "status"> & { status: N8nRunStatus };

export interface NewN8nRun {
  scenario: string;
  leadIds: number[];
  /** The filters the leads were chosen with, when the run targets a segment rather than one lead. */
  segment?: Record<string, unknown> | null;
  /** The debit that paid for it, given back if the run is abandoned. */
  debitId?: number | null;
}

/** One webhook call's outcome and the status the run is in afterwards (pending while a retry is due). */
export interface N8nAttempt {
  status: N8nRunStatus;
  httpStatus: number | null;
  error: string | null;
}

export function n8nRunRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const get = (tenantId: number, id: number): N8nRun | undefined =>
    db
      .select()
      .from(n8nRuns)
      .where(and(eq(n8nRuns.tenantId, tenantId), eq(n8nRuns.id, id)))
      .get() as N8nRun | undefined;

  return {
    create(scope: Scope, input: NewN8nRun): N8nRun {
      return inTransaction(ctx, () => {
        // lead_ids is JSON, out of reach of foreign keys: the tenant check is ours.
        for (const leadId of input.leadIds) requireInTenant(ctx, "Lead", scope.tenantId, leadId);
        const now = clock();
        const run = db
          .insert(n8nRuns)
          .values({
            tenantId: scope.tenantId,
            scenario: input.scenario,
            leadIds: input.leadIds,
            segment: input.segment ?? null,
            debitId: input.debitId ?? null,
            status: "pending",
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get() as N8nRun;
        audit.record(scope, { action: "n8n_run.create", entity: "n8n_run", entityId: run.id, after: run });
        return run;
      });
    },

    get,

    listRecent(tenantId: number, limit = 20): N8nRun[] {
      return db
        .select()
        .from(n8nRuns)
        .where(eq(n8nRuns.tenantId, tenantId))
        .orderBy(desc(n8nRuns.id))
        .limit(limit)
        .all() as N8nRun[];
    },

    /** Ends a run still pending as failed, without a webhook call; undefined if it had ended. */
    abandon(scope: Scope, id: number, error: string): N8nRun | undefined {
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (before?.status !== "pending") return undefined;
        const after = db
          .update(n8nRuns)
          .set({ status: "failed", error, updatedAt: clock() })
          .where(and(eq(n8nRuns.tenantId, scope.tenantId), eq(n8nRuns.id, id)))
          .returning()
          .get() as N8nRun;
        audit.record(scope, { action: "n8n_run.abandon", entity: "n8n_run", entityId: id, before, after });
        return after;
      });
    },

    /** Counts one more webhook call; a run that already ended takes no more attempts. */
    recordAttempt(scope: Scope, id: number, attempt: N8nAttempt): N8nRun {
      if (!N8N_RUN_STATUSES.includes(attempt.status)) {
        throw new StoreError("INVALID_INPUT", `Statut d'exécution n8n inconnu : ${attempt.status}.`);
      }
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (!before) throw notFound("Exécution n8n", id);
        if (before.status !== "pending") {
          throw new StoreError("CONFLICT", `L'exécution n8n n°${id} est déjà terminée (${before.status}).`);
        }
        const after = db
          .update(n8nRuns)
          .set({ ...attempt, attempts: before.attempts + 1, updatedAt: clock() })
          .where(and(eq(n8nRuns.tenantId, scope.tenantId), eq(n8nRuns.id, id)))
          .returning()
          .get() as N8nRun;
        audit.record(scope, { action: "n8n_run.attempt", entity: "n8n_run", entityId: id, before, after });
        return after;
      });
    },
  };
}

export type N8nRunRepository = ReturnType<typeof n8nRunRepository>;
