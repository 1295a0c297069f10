// « Créer une nouvelle automatisation », before anything is asked of the gate: the scenario's steps
// with their dates for a start now (in the tenant's timezone), the leads the filter or the selection
// holds, which of them the scenario can take (each enrollment tried and rolled back, so the reasons
// are the engine's own) and why the others cannot, and what it will cost: the enrollment now, the
// messages as they go out.
import { costOf, describeSegment, frenchMoment, statusLabel } from "../../domain/index.js";
import type { ScenarioDefinition } from "../../scenarios/definitions.js";
import { enrollLead, MAX_SEGMENT_ENROLLMENTS } from "../../scenarios/enroll.js";
import { stepDueAt } from "../../scenarios/timing.js";
import { type Lead, type Store, StoreError, type Tenant } from "../../store/index.js";
import type { Heat } from "../../store/lead-input.js";
import { stepCost, stepParts } from "./automation-steps.js";

export interface PlanTarget {
  /** « les leads sélectionnés »; else the filter. */
  ids?: number[];
  status?: string;
  tag?: string;
  heat?: Heat;
  inactiveDays?: number;
}

/** How many leads of each refusal are named on the page. */
const NAMED = 10;

class Rollback extends Error {}

/** A refusal as the page groups it: the same words for every lead it concerns. */
function reasonOf(def: ScenarioDefinition, error: StoreError): string {
  if (error.code === "INVALID_STATUS") {
    return `pas au statut ${(def.requiresStatus ?? []).map((s) => `« ${statusLabel(s)} »`).join(" ou ")}`;
  }
  if (error.code === "CONFLICT") return "suivent déjà ce scénario";
  if (def.anchor === "appointment" && error.code === "INVALID_INPUT") return "sans rendez-vous planifié";
  return error.message;
}

/** Each lead enrolled for real, then all of it rolled back: who can be, and why the others cannot. */
function tryEnroll(store: Store, tenant: Tenant, userId: number, def: ScenarioDefinition, leads: Lead[]) {
  const eligible: Lead[] = [];
  const refused = new Map<string, Lead[]>();
  const scope = { tenantId: tenant.id, actor: `user:${userId}` };
  try {
    store.transaction(() => {
      for (const lead of leads) {
        try {
          enrollLead(store, scope, { leadId: lead.id, scenario: def.id, enrolledBy: userId });
          eligible.push(lead);
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          const reason = reasonOf(def, error);
          refused.set(reason, [...(refused.get(reason) ?? []), lead]);
        }
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return { eligible, refused };
}

/** The leads of the selection (all of this tenant) or of the filter; null past the most one call takes. */
function targetLeads(store: Store, tenantId: number, target: PlanTarget) {
  if (target.ids?.length) {
    const ids = [...new Set(target.ids)];
    const leads = store.leads.list(tenantId, ids);
    if (leads.length < ids.length) {
      throw new StoreError(
        "NOT_FOUND",
        "Un lead de la sélection est introuvable dans ce compte : rechargez.",
      );
    }
    return { matched: leads.length, leads: leads.length > MAX_SEGMENT_ENROLLMENTS ? null : leads };
  }
  const { status, tag, heat, inactiveDays } = target;
  const page = store.leads.search(
    tenantId,
    { status, tag, heat, inactiveDays, limit: MAX_SEGMENT_ENROLLMENTS },
    { exactTotal: true },
  );
  return { matched: page.total, leads: page.total > MAX_SEGMENT_ENROLLMENTS ? null : page.leads };
}

const named = (leads: Lead[]) => leads.map((l) => ({ id: l.id, name: l.name }));

export function planAutomation(
  store: Store,
  tenant: Tenant,
  userId: number,
  def: ScenarioDefinition,
  target: PlanTarget,
) {
  const now = store.clock();
  // Dates follow each lead's own appointment (or delivery) when the scenario is anchored on one.
  const dated = def.anchor === "enrollment";
  const steps = def.steps.map((step, index) => {
    const at = dated ? stepDueAt(def, step.when, now, tenant.timezone) : null;
    return {
      index,
      ...stepParts(def, index),
      kind: step.action.kind,
      at: at?.toISOString() ?? null,
      atLabel: at ? frenchMoment(at, tenant.timezone) : null,
      cost: stepCost(step, tenant),
    };
  });
  const { matched, leads } = targetLeads(store, tenant.id, target);
  const { eligible, refused } = leads
    ? tryEnroll(store, tenant, userId, def, leads)
    : { eligible: [], refused: new Map<string, Lead[]>() };
  const perLead = steps.reduce((sum, s) => sum + s.cost, 0);
  const enrollment = costOf("crm_change", tenant.costOverrides) * eligible.length;
  return {
    scenario: { id: def.id, label: def.label, trigger: def.trigger },
    start: now.toISOString(),
    startLabel: frenchMoment(now, tenant.timezone),
    timezone: tenant.timezone,
    dated,
    steps,
    target: target.ids?.length
      ? `${target.ids.length} lead${target.ids.length > 1 ? "s" : ""} sélectionné${target.ids.length > 1 ? "s" : ""}`
      : describeSegment({
          status: target.status,
          tag: target.tag,
          heat: target.heat,
          inactiveDays: target.inactiveDays,
        }),
    leads: {
      matched,
      max: MAX_SEGMENT_ENROLLMENTS,
      tooMany: leads === null,
      eligible: named(eligible),
      refused: [...refused].map(([reason, who]) => ({
        reason,
        count: who.length,
        leads: named(who.slice(0, NAMED)),
      })),
    },
    cost: {
      /** Paid now, through the gate: one CRM change per lead enrolled. */
      enrollment,
      /** What each lead's messages cost as they go out (auto follow-ups). */
      perLead,
      steps: perLead * eligible.length,
      total: enrollment + perLead * eligible.length,
    },
  };
}

export type AutomationPlan = ReturnType<typeof planAutomation>;
