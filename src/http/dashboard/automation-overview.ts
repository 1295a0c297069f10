// The Automatisation room's figures as the page draws them, from the store's read model
// (store.automations): per scenario, its enrollments in the five states, the next step due, what it
// cost so far (debits of its steps less their refunds) and what is left to pay (remaining message
// steps and drafts waiting for validation, at the tenant's price), its results; and the n8n runs.
import { channelLabel, costOf, frenchMoment, type Mode } from "../../domain/index.js";
import { scenarioOf } from "../../scenarios/definitions.js";
import {
  AUTOMATION_STATE_WORDS,
  AUTOMATION_STATES,
  type AutomationState,
  type N8nRunFigures,
  type ScenarioFigures,
} from "../../store/automations.js";
import type { Store, Tenant } from "../../store/index.js";
import { costFrom, scenarioLabel, stepLabel } from "./automation-steps.js";

export const stateWords = (state: AutomationState) => AUTOMATION_STATE_WORDS[state];

function expectedCost(f: ScenarioFigures, tenant: Tenant): number {
  const def = scenarioOf(f.scenario);
  if (!def) return 0;
  const left = f.remaining.reduce((sum, r) => sum + r.count * costFrom(def, r.step, tenant), 0);
  return left + f.awaitingValidation * costOf("auto_followup", tenant.costOverrides);
}

function scenarioView(store: Store, tenant: Tenant, f: ScenarioFigures) {
  const def = scenarioOf(f.scenario);
  const next = f.next;
  const nextLead = next ? store.leads.get(tenant.id, next.leadId) : undefined;
  const counted = f.steps;
  return {
    id: f.scenario,
    label: scenarioLabel(f.scenario),
    trigger: def?.trigger ?? null,
    channels: def?.channels.map(channelLabel) ?? [],
    steps: def?.steps.length ?? 0,
    total: f.total,
    states: AUTOMATION_STATES.map((state) => ({ state, label: stateWords(state), count: f.states[state] })),
    next: next && {
      step: next.step,
      stepLabel: def ? stepLabel(def, next.step) : `Étape ${next.step + 1}`,
      at: next.at.toISOString(),
      atLabel: frenchMoment(next.at, tenant.timezone),
      lead: { id: next.leadId, name: nextLead?.name ?? `#${next.leadId}` },
    },
    cost: {
      spent: f.debited - f.refunded,
      debited: f.debited,
      refunded: f.refunded,
      expected: expectedCost(f, tenant),
    },
    results: {
      sent: counted.sent ?? 0,
      queued: counted.queued ?? 0,
      failed: counted.failed ?? 0,
      skipped: counted.skipped ?? 0,
      awaiting: f.awaitingValidation,
      suggested: counted.suggested ?? 0,
      replied: f.replied,
      stops: f.stops,
    },
    /** An n8n workflow exists for the timed sequences only. */
    workflow: def !== undefined,
  };
}

function runView(store: Store, tenant: Tenant, r: N8nRunFigures) {
  const named = store.leads.list(tenant.id, r.leadIds.slice(0, 3)).map((l) => ({ id: l.id, name: l.name }));
  return {
    id: r.id,
    scenario: r.scenario,
    state: r.state,
    stateLabel: stateWords(r.state),
    at: r.createdAt.toISOString(),
    atLabel: frenchMoment(r.createdAt, tenant.timezone),
    leadCount: r.leadIds.length,
    leads: named,
    attempts: r.attempts,
    cost: r.debited - r.refunded,
    refunded: r.refunded,
    error: r.error,
  };
}

export function automationOverview(store: Store, tenantId: number) {
  const tenant = store.tenants.require(tenantId);
  return {
    /** The mode decides what a due step does: suggested (Conseil), drafted (Assisté), sent (Auto). */
    mode: tenant.defaultMode as Mode,
    /** What one message of a sequence costs this tenant. */
    messagePrice: costOf("auto_followup", tenant.costOverrides),
    scenarios: store.automations.figures(tenant.id).map((f) => scenarioView(store, tenant, f)),
    runs: store.automations.runs(tenant.id).map((r) => runView(store, tenant, r)),
  };
}
