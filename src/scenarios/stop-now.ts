// Stopping a lead's running sequences. The step runner applies the stop rules when a step comes due;
// the events that trigger them (a reply, an opt-out) apply them at once, in the transaction that
// stored the event, so a lead who answered on Tuesday is not shown "en cours" until Friday's step,
// and a prospection moves the lead on when the reply arrives. A reply also applies the scenario's
// onReply updates, outside Conseil.
import type { Lead, Scope, Store, Tenant } from "../store/index.js";
import { cursorOf, type Enrollment } from "../store/scenarios.js";
import { type ScenarioDefinition, scenarioOf } from "./definitions.js";
import { applyUpdates } from "./lead-updates.js";
import { stopFacts } from "./send-step.js";
import { STOP_REASONS_FR, stopReason } from "./stop-rules.js";

/** `afterReply: false` when a person just set the lead's status: that status stands. */
type StopContext = { store: Store; scope: Scope; tenant: Tenant; afterReply?: boolean };

export function stopEnrollment(store: Store, scope: Scope, e: Enrollment, reason: string) {
  return store.scenarios.setStatus(scope, e.id, { status: "stopped", reason }, cursorOf(e));
}

/** Stops the enrollment if one of its scenario's stop rules holds for this lead; returns whether it did. */
export function stopIfRuleMet(ctx: StopContext, e: Enrollment, def: ScenarioDefinition, lead: Lead): boolean {
  const { store, scope, tenant, afterReply = true } = ctx;
  const reason = stopReason(def, stopFacts(store, e, def, lead));
  if (!reason) return false;
  stopEnrollment(store, scope, e, STOP_REASONS_FR[reason]);
  if (reason === "replied" && afterReply && tenant.defaultMode !== "conseil")
    applyUpdates(store, scope, tenant, e, def.onReply);
  return true;
}

/** Applies the stop rules to every running sequence of the lead now; returns how many stopped. */
export function applyStopRulesNow(store: Store, scope: Scope, leadId: number, afterReply = true): number {
  const running = store.scenarios
    .list(scope.tenantId, { leadId })
    .filter((e) => e.status === "active" || e.status === "paused");
  if (running.length === 0) return 0;
  const ctx = { store, scope, tenant: store.tenants.require(scope.tenantId), afterReply };
  let stopped = 0;
  for (const e of running) {
    const def = scenarioOf(e.scenario);
    // Read again for each: a reply's updates to the first sequence change the lead.
    const lead = store.leads.require(scope.tenantId, leadId);
    if (def && stopIfRuleMet(ctx, e, def, lead)) stopped++;
  }
  return stopped;
}
