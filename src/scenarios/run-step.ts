// The scheduler's job: runs one due step of one enrollment, exactly once. Everything — the stop
// rules, the send (outbox row, debit, audit) or the draft, the next step's job and this job's
// completion — is one transaction, so a process killed mid-run leaves either nothing (the lease runs
// out and the step runs again) or all of it; a job of an older schedule (paused, moved) does nothing.

import { costOf } from "../domain/index.js";
import type { Scope } from "../store/index.js";
import type { Job } from "../store/jobs.js";
import { cursorOf, type Enrollment } from "../store/scenarios.js";
import { reanchor } from "./appointments.js";
import { type ScenarioDefinition, scenarioOf } from "./definitions.js";
import type { ScenarioDeps } from "./deps.js";
import { tellOwnerTokensOut } from "./notices.js";
import { performStep, type StepContext } from "./perform-step.js";
import { advance, enqueueStep, type StepJob } from "./schedule.js";
import { stopEnrollment, stopIfRuleMet } from "./stop-now.js";
import { intoSendWindow } from "./timing.js";

/** Out of tokens, a step tries again this much later (inside the send window). */
export const TOKEN_WAIT_MS = 60 * 60_000;

function waitForTokens(ctx: StepContext, def: ScenarioDefinition, e: Enrollment, step: number) {
  const { store, scope, tenant } = ctx;
  const retry = new Date(store.clock().getTime() + TOKEN_WAIT_MS);
  enqueueStep(store, scope, e, step, intoSendWindow(retry, tenant.timezone, def.workingDays));
  tellOwnerTokensOut(store, scope, costOf("auto_followup", tenant.costOverrides));
}

function stepOnce(ctx: StepContext, job: StepJob): void {
  const { store, scope, tenant } = ctx;
  const e = store.scenarios.get(tenant.id, job.enrollmentId);
  if (e?.status !== "active" || e.currentStep !== job.step || e.version !== job.version) return;
  const def = scenarioOf(e.scenario);
  if (!def) {
    stopEnrollment(store, scope, e, `scénario inconnu : ${e.scenario}`);
    return;
  }
  if (reanchor(ctx, def, e)) return;
  const lead = store.leads.require(tenant.id, e.leadId);
  if (stopIfRuleMet(ctx, e, def, lead)) return;
  const result = performStep(ctx, e, def, job.step, lead);
  if (result === "wait") {
    waitForTokens(ctx, def, e, job.step);
    return;
  }
  if (result === "end") {
    store.scenarios.setStatus(scope, e.id, { status: "completed" }, cursorOf(e));
    return;
  }
  advance(ctx, def, e, job.step + 1);
}

function runAndComplete({ store, settings, tools }: ScenarioDeps, job: Job): void {
  const scope: Scope = { tenantId: job.tenantId, actor: "scenario" };
  store.transaction(() => {
    const tenant = store.tenants.require(job.tenantId);
    stepOnce({ store, scope, tenant, settings, tools }, job.payload as unknown as StepJob);
    store.jobs.complete(job.tenantId, job.id);
  });
}

export async function runScenarioStep(deps: ScenarioDeps, job: Job): Promise<void> {
  runAndComplete(deps, job);
}

/**
 * Due steps in one commit: each step is still all-or-nothing (its own savepoint), so a failing one
 * rolls back alone and is retried; the others commit together, which is what the dispatch rate is
 * made of (a step's own work is small next to a commit).
 */
export function runScenarioSteps(deps: ScenarioDeps, jobs: readonly Job[]): Map<number, Error> {
  const failures = new Map<number, Error>();
  deps.store.transaction(() => {
    for (const job of jobs) {
      try {
        runAndComplete(deps, job);
      } catch (error) {
        failures.set(job.id, error instanceof Error ? error : new Error(String(error)));
      }
    }
  });
  return failures;
}
