// Puts an enrollment's next step on the durable job queue: the step's due time (timing.ts), a job
// whose idempotency key names the enrollment, the step and the schedule's version, and the cursor
// moved in the same transaction. No next step: the enrollment completes (with its end updates).
import type { Scope, Store, Tenant } from "../store/index.js";
import { cursorOf, type Enrollment } from "../store/scenarios.js";
import type { ScenarioDefinition } from "./definitions.js";
import { applyUpdates } from "./lead-updates.js";
import { intoSendWindow, stepDueAt } from "./timing.js";

export const SCENARIO_STEP_JOB = "scenario-step";
/** A step of a fixed event (an appointment) more than this late is skipped, not sent late. */
const LATE_GRACE_MS = 5 * 60_000;

export interface StepJob {
  enrollmentId: number;
  step: number;
  version: number;
}

/** The first step at or after `from` that is still worth running, with its due time. */
export function nextDueStep(
  def: ScenarioDefinition,
  anchor: Date,
  timezone: string,
  from: number,
  now: Date,
): { step: number; at: Date } | null {
  for (let step = from; step < def.steps.length; step++) {
    const s = def.steps[step];
    if (!s) break;
    const at = stepDueAt(def, s.when, anchor, timezone);
    if (at.getTime() >= now.getTime() - LATE_GRACE_MS) return { step, at };
    // Past steps of a fixed event are skipped (a reminder after the call is pointless); others run now.
    if (s.late) return { step, at: now };
    if (def.anchor === "enrollment") return { step, at: intoSendWindow(now, timezone, def.workingDays) };
  }
  return null;
}

export const stepJobKey = (j: StepJob) => `scenario:${j.enrollmentId}:${j.step}:v${j.version}`;

/** Enqueues the job of a step at a time, moving the cursor; false if someone moved it first. */
export function enqueueStep(
  store: Store,
  scope: Scope,
  e: Enrollment,
  step: number,
  at: Date,
  anchorAt?: Date,
): boolean {
  return store.transaction(() => {
    const moved = store.scenarios.schedule(scope, e.id, cursorOf(e), { step, at, anchorAt });
    if (!moved) return false;
    const payload: StepJob = { enrollmentId: e.id, step, version: moved.version };
    store.jobs.enqueueOnce(scope, {
      kind: SCENARIO_STEP_JOB,
      idempotencyKey: stepJobKey(payload),
      dueAt: at,
      payload: { ...payload },
    });
    return true;
  });
}

/**
 * Schedules the first step from `from` on; with none left the enrollment is completed and `onEnd`
 * runs (the lead turns cold after a prospection without reply). Returns the enrollment's status.
 */
function scheduleFrom(
  store: Store,
  scope: Scope,
  tenant: Tenant,
  def: ScenarioDefinition,
  e: Enrollment,
  from: number,
  onEnd: () => void,
): "scheduled" | "completed" | "lost" {
  const next = nextDueStep(def, e.anchorAt, tenant.timezone, from, store.clock());
  if (next) return enqueueStep(store, scope, e, next.step, next.at) ? "scheduled" : "lost";
  return store.transaction(() => {
    const done = store.scenarios.setStatus(scope, e.id, { status: "completed" }, cursorOf(e));
    if (!done) return "lost";
    onEnd();
    return "completed";
  });
}

/** Schedules what follows a step; the end of the sequence applies its `onEnd` outside Conseil. */
export function advance(
  ctx: { store: Store; scope: Scope; tenant: Tenant },
  def: ScenarioDefinition,
  e: Enrollment,
  from: number,
) {
  const { store, scope, tenant } = ctx;
  // The cursor read when the step started: if the step stopped or moved the enrollment, it no longer
  // matches and nothing is scheduled over that.
  return scheduleFrom(store, scope, tenant, def, e, from, () => {
    if (tenant.defaultMode !== "conseil") applyUpdates(store, scope, tenant, e, def.onEnd);
  });
}
