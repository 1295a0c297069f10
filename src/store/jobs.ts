// Scheduled jobs: due time, lease, attempts and an idempotency key per step, so a step is never
// enqueued twice and a job whose worker died is picked up again when its lease runs out. A lease is
// short and renewed by its living runner; it is named by the job and its attempt count (each claim
// counts one), so a runner can only renew the lease it holds, never a later claim's.
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { compiled } from "./compiled-query.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound } from "./errors.js";
import { scheduledJobs } from "./schema.js";

export type Job = typeof scheduledJobs.$inferSelect;
export const JOB_STATUSES = ["pending", "leased", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface NewJob {
  kind: string;
  idempotencyKey: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

export function jobRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  // Every webhook goes through this insert: prepared once, nothing read back.
  const insertOnce = ctx.sqlite.prepare(
    `insert into scheduled_jobs (tenant_id, kind, payload, idempotency_key, due_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const finish = (tenantId: number, id: number, values: Partial<Job>): Job => {
    const job = db
      .update(scheduledJobs)
      .set({ ...values, leaseUntil: null, updatedAt: clock() })
      .where(and(eq(scheduledJobs.tenantId, tenantId), eq(scheduledJobs.id, id)))
      .returning()
      .get();
    if (!job) throw notFound("Tâche", id);
    return job;
  };

  // Every job run ends here: prepared once.
  const completeQuery = compiled(
    db
      .update(scheduledJobs)
      .set({ status: "done", lastError: null, leaseUntil: null, updatedAt: sql`${sql.placeholder("now")}` })
      .where(
        and(
          eq(scheduledJobs.tenantId, sql.placeholder("tenantId")),
          eq(scheduledJobs.id, sql.placeholder("id")),
        ),
      )
      .returning()
      .prepare(),
  );

  const dueIds = (now: Date, limit: number, kinds?: readonly string[]): number[] => {
    const ofKinds = kinds ? inArray(scheduledJobs.kind, [...kinds]) : undefined;
    // Two index walks rather than one OR: with an OR, SQLite gathers and sorts every due row before
    // taking the first few, which made each claim linear in the backlog (10,000 due steps).
    const expired = db
      .select({ id: scheduledJobs.id })
      .from(scheduledJobs)
      .where(and(eq(scheduledJobs.status, "leased"), lte(scheduledJobs.leaseUntil, now), ofKinds))
      .limit(limit)
      .all();
    const pending = db
      .select({ id: scheduledJobs.id })
      .from(scheduledJobs)
      .where(and(eq(scheduledJobs.status, "pending"), lte(scheduledJobs.dueAt, now), ofKinds))
      .orderBy(asc(scheduledJobs.dueAt))
      .limit(limit - expired.length)
      .all();
    return [...expired, ...pending].map((r) => r.id);
  };

  const lease = (ids: number[], now: Date, leaseMs: number): Job[] =>
    db
      .update(scheduledJobs)
      .set({
        status: "leased",
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: sql`${scheduledJobs.attempts} + 1`,
        updatedAt: now,
      })
      .where(inArray(scheduledJobs.id, ids))
      .returning()
      .all()
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);

  return {
    /** Enqueues a job unless one with the same idempotency key exists; returns the stored job. */
    enqueue(scope: Scope, input: NewJob): { job: Job; created: boolean } {
      const now = clock();
      const inserted = db
        .insert(scheduledJobs)
        .values({
          ...input,
          payload: input.payload ?? {},
          tenantId: scope.tenantId,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning()
        .get();
      if (inserted) return { job: inserted, created: true };
      const existing = db
        .select()
        .from(scheduledJobs)
        .where(
          and(
            eq(scheduledJobs.tenantId, scope.tenantId),
            eq(scheduledJobs.idempotencyKey, input.idempotencyKey),
          ),
        )
        .get();
      if (!existing) throw notFound("Tâche", input.idempotencyKey);
      return { job: existing, created: false };
    },

    /** enqueue() for the hot path (webhooks): whether the job was new, without reading it back. */
    enqueueOnce(scope: Scope, input: NewJob): boolean {
      const now = clock().getTime();
      const payload = JSON.stringify(input.payload ?? {});
      const due = input.dueAt.getTime();
      return (
        insertOnce.run(scope.tenantId, input.kind, payload, input.idempotencyKey, due, now, now).changes === 1
      );
    },

    /**
     * The worker's claim across tenants: leases up to `limit` due jobs (or jobs whose lease ran out)
     * in one write transaction, so two workers never lease the same job. Each carries its tenant id.
     */
    claimDue(leaseMs: number, limit = 100, kinds?: readonly string[]): Job[] {
      // Looking takes no lock; a claim takes the write lock and looks again under it.
      if (dueIds(clock(), limit, kinds).length === 0) return [];
      return inTransaction(ctx, () => {
        const now = clock();
        const ids = dueIds(now, limit, kinds);
        return ids.length === 0 ? [] : lease(ids, now, leaseMs);
      });
    },

    /**
     * The runner's renewal, across tenants like claimDue: moves `leaseUntil` of the jobs it claimed
     * (id + the attempt count its claim returned) that are still leased under that claim. Returns how
     * many were renewed; a finished job, or one another worker claimed since, is left alone.
     */
    renewLease(held: ReadonlyArray<Pick<Job, "id" | "attempts">>, untilMs: number): number {
      if (held.length === 0) return 0;
      const ours = held.map((j) => and(eq(scheduledJobs.id, j.id), eq(scheduledJobs.attempts, j.attempts)));
      return db
        .update(scheduledJobs)
        .set({ leaseUntil: new Date(untilMs), updatedAt: clock() })
        .where(and(eq(scheduledJobs.status, "leased"), or(...ours)))
        .run().changes;
    },

    complete(tenantId: number, id: number): Job {
      const job = completeQuery.get({ tenantId, id, now: clock().getTime() });
      if (!job) throw notFound("Tâche", id);
      return job;
    },

    /** Records a failure: retried at `retryAt`, or failed for good when it is null. */
    fail(tenantId: number, id: number, error: string, retryAt: Date | null): Job {
      return finish(
        tenantId,
        id,
        retryAt
          ? { status: "pending", dueAt: retryAt, lastError: error }
          : { status: "failed", lastError: error },
      );
    },

    /** Gives a leased job back untouched (a stopping worker that did not start it). */
    release(tenantId: number, id: number): Job {
      return finish(tenantId, id, { status: "pending" });
    },

    cancel(scope: Scope, idempotencyKey: string): boolean {
      const r = db
        .update(scheduledJobs)
        .set({ status: "cancelled", leaseUntil: null, updatedAt: clock() })
        .where(
          and(
            eq(scheduledJobs.tenantId, scope.tenantId),
            eq(scheduledJobs.idempotencyKey, idempotencyKey),
            eq(scheduledJobs.status, "pending"),
          ),
        )
        .run();
      return r.changes === 1;
    },

    list(tenantId: number, status?: JobStatus): Job[] {
      const conditions = [eq(scheduledJobs.tenantId, tenantId)];
      if (status) conditions.push(eq(scheduledJobs.status, status));
      return db
        .select()
        .from(scheduledJobs)
        .where(and(...conditions))
        .orderBy(asc(scheduledJobs.dueAt))
        .all();
    },
  };
}

export type JobRepository = ReturnType<typeof jobRepository>;
