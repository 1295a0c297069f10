// COACH-01 per lead: when the questions went out, by which channel, until when an answer is awaited,
// and how it ended. It ends once, by compare-and-set: an answer and the no-answer timeout racing each
// other cannot both win.
import { and, eq } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound } from "./errors.js";
import { prequalifications } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export const PREQUAL_STATUSES = ["waiting", "answered", "no_answer", "cancelled"] as const;
export type PrequalStatus = (typeof PREQUAL_STATUSES)[number];
export type Prequalification = Omit<typeof prequalifications.$inferSelect, "status"> & {
  status: PrequalStatus;
};

export interface PrequalStart {
  leadId: number;
  channel: string;
  questionMessageId: number;
  dueAt: Date;
}

export interface PrequalEnd {
  status: Exclude<PrequalStatus, "waiting">;
  answerMessageId?: number | null;
  result?: Record<string, unknown> | null;
}

export function prequalificationRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const where = (tenantId: number, leadId: number) =>
    and(eq(prequalifications.tenantId, tenantId), eq(prequalifications.leadId, leadId));
  const get = (tenantId: number, leadId: number): Prequalification | undefined =>
    db.select().from(prequalifications).where(where(tenantId, leadId)).get() as Prequalification | undefined;

  return {
    get,

    /** Starts (or restarts) the lead's pre-qualification: waiting for an answer until `dueAt`. */
    start(scope: Scope, input: PrequalStart): Prequalification {
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Lead", scope.tenantId, input.leadId);
        const values = {
          status: "waiting",
          channel: input.channel,
          questionMessageId: input.questionMessageId,
          answerMessageId: null,
          result: null,
          startedAt: clock(),
          dueAt: input.dueAt,
          finishedAt: null,
        };
        const row = db
          .insert(prequalifications)
          .values({ tenantId: scope.tenantId, leadId: input.leadId, ...values })
          .onConflictDoUpdate({ target: [prequalifications.tenantId, prequalifications.leadId], set: values })
          .returning()
          .get() as Prequalification;
        audit.record(scope, { action: "prequal.start", entity: "lead", entityId: input.leadId, after: row });
        return row;
      });
    },

    /** Ends a waiting pre-qualification; undefined when it was not waiting (already ended, or none). */
    finish(scope: Scope, leadId: number, end: PrequalEnd): Prequalification | undefined {
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, leadId);
        if (!before) throw notFound("Lead", leadId);
        const after = db
          .update(prequalifications)
          .set({
            status: end.status,
            answerMessageId: end.answerMessageId ?? null,
            result: end.result ?? null,
            finishedAt: clock(),
          })
          .where(and(where(scope.tenantId, leadId), eq(prequalifications.status, "waiting")))
          .returning()
          .get() as Prequalification | undefined;
        if (after)
          audit.record(scope, {
            action: `prequal.${end.status}`,
            entity: "lead",
            entityId: leadId,
            before,
            after,
          });
        return after;
      });
    },
  };
}

export type PrequalificationRepository = ReturnType<typeof prequalificationRepository>;
