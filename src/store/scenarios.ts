// Scenario enrollments (a lead following a follow-up sequence) and what became of each of their
// steps. A step row is unique per enrollment and step, so a step is acted on at most once; the next
// step's schedule moves by compare-and-set on (current step, version).
import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { compiled } from "./compiled-query.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { conversations, messages, scenarioEnrollments, scenarioSteps } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export const ENROLLMENT_STATUSES = ["active", "paused", "stopped", "completed"] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export type Enrollment = Omit<typeof scenarioEnrollments.$inferSelect, "status"> & {
  status: EnrollmentStatus;
};
export const STEP_OUTCOMES = [
  "due",
  "drafted",
  "suggested",
  "sent",
  "dispatched",
  "delivered",
  "done",
  "skipped",
  "failed",
] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];
export type StepRecord = Omit<typeof scenarioSteps.$inferSelect, "outcome"> & { outcome: StepOutcome };

export interface NewEnrollment {
  leadId: number;
  scenario: string;
  anchorAt: Date;
  expectedStatus: string;
  appointmentId?: number | null;
  enrolledBy?: number | null;
}

/** Where the next step stands; both are compared before a move, so a stale job changes nothing. */
export interface StepCursor {
  step: number;
  version: number;
}

/** Where an enrollment is: a change written against it fails if someone moved it since. */
export const cursorOf = (e: Pick<Enrollment, "currentStep" | "version">): StepCursor => ({
  step: e.currentStep,
  version: e.version,
});

export type StepPatch = Partial<
  Pick<StepRecord, "outcome" | "channel" | "messageId" | "pendingActionId" | "debitId" | "detail">
>;

export function scenarioRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const e = scenarioEnrollments;
  // The step runner runs these on every step: prepared once, not rebuilt per call.
  const ph = sql.placeholder;
  // An update's SET takes a placeholder only inside sql``, which passes its value as is: these
  // parameters are driver values (a timestamp in ms).
  const raw = (name: string) => sql`${ph(name)}`;
  const byId = compiled(
    db
      .select()
      .from(e)
      .where(and(eq(e.tenantId, ph("tenantId")), eq(e.id, ph("id"))))
      .prepare(),
  );
  const get = (tenantId: number, id: number): Enrollment | undefined =>
    byId.get({ tenantId, id }) as Enrollment | undefined;
  const stepByIndex = compiled(
    db
      .select()
      .from(scenarioSteps)
      .where(
        and(
          eq(scenarioSteps.tenantId, ph("tenantId")),
          eq(scenarioSteps.enrollmentId, ph("enrollmentId")),
          eq(scenarioSteps.stepIndex, ph("stepIndex")),
        ),
      )
      .prepare(),
  );
  const stepOf = (tenantId: number, enrollmentId: number, stepIndex: number): StepRecord | undefined =>
    stepByIndex.get({ tenantId, enrollmentId, stepIndex }) as StepRecord | undefined;
  const insertStep = compiled(
    db
      .insert(scenarioSteps)
      .values({
        tenantId: ph("tenantId"),
        enrollmentId: ph("enrollmentId"),
        stepIndex: ph("stepIndex"),
        stepKey: ph("stepKey"),
        outcome: ph("outcome"),
        channel: ph("channel"),
        messageId: ph("messageId"),
        pendingActionId: ph("pendingActionId"),
        debitId: ph("debitId"),
        detail: ph("detail"),
        createdAt: ph("now"),
        updatedAt: ph("now"),
      })
      .onConflictDoNothing()
      .returning()
      .prepare(),
  );
  // The move of `schedule`; an absent anchor (a null parameter) keeps the current one.
  const scheduleMove = compiled(
    db
      .update(e)
      .set({
        status: "active",
        reason: null,
        anchorAt: sql`coalesce(${ph("anchorAt")}, ${e.anchorAt})`,
        currentStep: raw("step"),
        version: raw("version"),
        nextRunAt: raw("at"),
        updatedAt: raw("now"),
      })
      .where(
        and(
          eq(e.tenantId, ph("tenantId")),
          eq(e.id, ph("id")),
          eq(e.currentStep, ph("cursorStep")),
          eq(e.version, ph("cursorVersion")),
        ),
      )
      .returning()
      .prepare(),
  );
  const repliedQuery = compiled(
    db
      .select({ n: sql<number>`1` })
      .from(messages)
      .where(
        and(
          eq(messages.tenantId, ph("tenantId")),
          eq(messages.leadId, ph("leadId")),
          eq(messages.direction, "in"),
          gte(messages.createdAt, ph("since")),
          // A bounce, an out-of-office message or an opt-out (STOP, unsubscribe) is not an answer.
          sql`coalesce(json_extract(${messages.meta}, '$.kind'), '') not in ('bounce', 'auto_reply')`,
          sql`json_extract(${messages.meta}, '$.optOut') is null`,
        ),
      )
      .limit(1)
      .prepare(),
  );
  // A step's patch comes in a few shapes (sent, drafted, failed…): each shape is prepared once.
  const stepUpdates = new Map<string, { get(params: Record<string, unknown>): unknown }>();
  const stepUpdate = (columns: readonly (keyof StepPatch)[]) => {
    const shape = columns.join(",");
    let update = stepUpdates.get(shape);
    if (!update) {
      update = compiled(
        db
          .update(scenarioSteps)
          .set({ ...Object.fromEntries(columns.map((c) => [c, raw(c)])), updatedAt: raw("now") })
          .where(
            and(
              eq(scenarioSteps.tenantId, ph("tenantId")),
              eq(scenarioSteps.id, ph("id")),
              sql`${scenarioSteps.outcome} in (select value from json_each(${ph("from")}))`,
            ),
          )
          .returning()
          .prepare(),
      );
      stepUpdates.set(shape, update);
    }
    return update;
  };

  const audited = (scope: Scope, id: number, after: Enrollment | undefined) => {
    if (after) {
      audit.record(scope, {
        action: `scenario.${after.status}`,
        entity: "scenario_enrollment",
        entityId: id,
        after: { step: after.currentStep, version: after.version, reason: after.reason },
      });
    }
    return after;
  };

  /** Updates an enrollment only while it is still at `cursor`; returns it after, or undefined. */
  const move = (scope: Scope, id: number, cursor: StepCursor | null, values: Partial<Enrollment>) => {
    const conditions = [eq(e.tenantId, scope.tenantId), eq(e.id, id)];
    if (cursor) conditions.push(eq(e.currentStep, cursor.step), eq(e.version, cursor.version));
    const after = db
      .update(e)
      .set({ ...values, updatedAt: clock() })
      .where(and(...conditions))
      .returning()
      .get() as Enrollment | undefined;
    return audited(scope, id, after);
  };

  return {
    enroll(scope: Scope, input: NewEnrollment): Enrollment {
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Lead", scope.tenantId, input.leadId);
        requireInTenant(ctx, "Utilisateur", scope.tenantId, input.enrolledBy);
        const now = clock();
        const row = db
          .insert(e)
          .values({ ...input, tenantId: scope.tenantId, status: "active", createdAt: now, updatedAt: now })
          .onConflictDoNothing()
          .returning()
          .get() as Enrollment | undefined;
        if (!row) {
          throw new StoreError("CONFLICT", `Ce lead suit déjà le scénario « ${input.scenario} ».`, {
            scenario: input.scenario,
          });
        }
        audit.record(scope, {
          action: "scenario.enroll",
          entity: "scenario_enrollment",
          entityId: row.id,
          after: row,
        });
        return row;
      });
    },

    get,

    /** The enrollment of this lead in this scenario that is still running (active or paused). */
    running(tenantId: number, leadId: number, scenario: string): Enrollment | undefined {
      return db
        .select()
        .from(e)
        .where(
          and(
            eq(e.tenantId, tenantId),
            eq(e.leadId, leadId),
            eq(e.scenario, scenario),
            inArray(e.status, ["active", "paused"]),
          ),
        )
        .get() as Enrollment | undefined;
    },

    list(tenantId: number, filter: { leadId?: number; status?: EnrollmentStatus; limit?: number } = {}) {
      const conditions = [eq(e.tenantId, tenantId)];
      if (filter.leadId !== undefined) conditions.push(eq(e.leadId, filter.leadId));
      if (filter.status) conditions.push(eq(e.status, filter.status));
      return db
        .select()
        .from(e)
        .where(and(...conditions))
        .orderBy(desc(e.id))
        .limit(filter.limit ?? 100)
        .all() as Enrollment[];
    },

    /** Enrollments that follow this appointment (its reminders), newest first. */
    forAppointment(tenantId: number, appointmentId: number): Enrollment[] {
      return db
        .select()
        .from(e)
        .where(and(eq(e.tenantId, tenantId), eq(e.appointmentId, appointmentId)))
        .orderBy(desc(e.id))
        .all() as Enrollment[];
    },

    /** The next step is scheduled: moves the cursor to (step, version + 1) if still at `cursor`. */
    schedule(
      scope: Scope,
      id: number,
      cursor: StepCursor,
      next: { step: number; at: Date; anchorAt?: Date },
    ) {
      const after = scheduleMove.get({
        tenantId: scope.tenantId,
        id,
        cursorStep: cursor.step,
        cursorVersion: cursor.version,
        anchorAt: next.anchorAt?.getTime() ?? null,
        step: next.step,
        version: cursor.version + 1,
        at: next.at.getTime(),
        now: clock().getTime(),
      }) as Enrollment | undefined;
      return audited(scope, id, after);
    },

    /** Ends, pauses or resumes an enrollment; a move from a cursor only if nobody moved it first. */
    setStatus(
      scope: Scope,
      id: number,
      change: { status: EnrollmentStatus; reason?: string | null; nextRunAt?: Date | null },
      cursor: StepCursor | null = null,
    ): Enrollment | undefined {
      if (!ENROLLMENT_STATUSES.includes(change.status)) {
        throw new StoreError("INVALID_INPUT", `Statut d'inscription inconnu : ${change.status}.`);
      }
      const before = get(scope.tenantId, id);
      if (!before) throw notFound("Inscription", id);
      return move(scope, id, cursor, {
        status: change.status,
        reason: change.reason ?? null,
        nextRunAt: change.nextRunAt ?? null,
        version: (cursor?.version ?? before.version) + 1,
      });
    },

    /** Sets the lead status the scenario itself moved the lead to, so it is not taken for a stop. */
    expectStatus(scope: Scope, id: number, status: string): void {
      db.update(e)
        .set({ expectedStatus: status, updatedAt: clock() })
        .where(and(eq(e.tenantId, scope.tenantId), eq(e.id, id)))
        .run();
    },

    /** Records a step's first outcome; false when the step was already recorded (acted on once). */
    recordStep(
      scope: Scope,
      enrollmentId: number,
      step: { index: number; key: string } & StepPatch & { outcome: StepOutcome },
    ): StepRecord | undefined {
      const enrollment = get(scope.tenantId, enrollmentId);
      if (!enrollment) throw notFound("Inscription", enrollmentId);
      const { index, key, outcome, channel, messageId, pendingActionId, debitId, detail } = step;
      return insertStep.get({
        tenantId: scope.tenantId,
        enrollmentId,
        stepIndex: index,
        stepKey: key,
        outcome,
        channel: channel ?? null,
        messageId: messageId ?? null,
        pendingActionId: pendingActionId ?? null,
        debitId: debitId ?? null,
        detail: detail ?? null,
        now: clock(),
      }) as StepRecord | undefined;
    },

    step: stepOf,

    /** Moves a step from one outcome to the next only if it is still in `from`. */
    updateStep(
      scope: Scope,
      id: number,
      from: readonly StepOutcome[],
      patch: StepPatch,
    ): StepRecord | undefined {
      const columns = (Object.keys(patch) as (keyof StepPatch)[])
        .filter((c) => patch[c] !== undefined)
        .sort();
      const after = stepUpdate(columns).get({
        ...patch,
        tenantId: scope.tenantId,
        id,
        from: JSON.stringify(from),
        now: clock().getTime(),
      }) as StepRecord | undefined;
      if (after) {
        audit.record(scope, {
          action: `scenario.step.${after.outcome}`,
          entity: "scenario_step",
          entityId: id,
          after,
        });
      }
      return after;
    },

    getStep(tenantId: number, id: number): StepRecord | undefined {
      return db
        .select()
        .from(scenarioSteps)
        .where(and(eq(scenarioSteps.tenantId, tenantId), eq(scenarioSteps.id, id)))
        .get() as StepRecord | undefined;
    },

    steps(tenantId: number, enrollmentId: number): StepRecord[] {
      return db
        .select()
        .from(scenarioSteps)
        .where(and(eq(scenarioSteps.tenantId, tenantId), eq(scenarioSteps.enrollmentId, enrollmentId)))
        .orderBy(asc(scenarioSteps.id))
        .all() as StepRecord[];
    },

    /** Steps recorded since `from` with these outcomes (the digest's "today"). */
    stepsSince(tenantId: number, from: Date, outcomes: readonly StepOutcome[]): StepRecord[] {
      return db
        .select()
        .from(scenarioSteps)
        .where(
          and(
            eq(scenarioSteps.tenantId, tenantId),
            gte(scenarioSteps.createdAt, from),
            inArray(scenarioSteps.outcome, [...outcomes]),
          ),
        )
        .orderBy(asc(scenarioSteps.id))
        .all() as StepRecord[];
    },

    /** Whether the lead answered us (any channel; not a bounce, auto-reply or opt-out) after `since`: the "lead replied" stop rule. */
    repliedSince(tenantId: number, leadId: number, since: Date): boolean {
      const row = repliedQuery.get({ tenantId, leadId, since: since.getTime() });
      return row !== undefined;
    },

    /** A staff user's most recent conversation: where their digest and notices go. */
    staffConversation(tenantId: number, userId: number) {
      return db
        .select()
        .from(conversations)
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.userId, userId)))
        .orderBy(desc(conversations.updatedAt), desc(conversations.id))
        .limit(1)
        .get();
    },
  };
}

export type ScenarioRepository = ReturnType<typeof scenarioRepository>;
