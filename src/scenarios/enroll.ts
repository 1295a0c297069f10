// Enrolling leads in a scenario (one lead or a segment), pausing, resuming and stopping them. An
// enrollment and its first step's job are written in one transaction. Appointment scenarios anchor
// on the lead's next planned appointment; a delivery follow-up on the date it is given.
import { statusLabel } from "../domain/index.js";
import { type Lead, type Scope, type Store, StoreError, type Tenant } from "../store/index.js";
import type { LeadQuery } from "../store/lead-search.js";
import { cursorOf, type Enrollment } from "../store/scenarios.js";
import { EXTERNAL_SCENARIOS, SCENARIO_IDS, type ScenarioDefinition, scenarioOf } from "./definitions.js";
import { advance, enqueueStep, nextDueStep } from "./schedule.js";
import { stopEnrollment } from "./stop-now.js";

export const MAX_SEGMENT_ENROLLMENTS = 200;

export interface EnrollRequest {
  leadId: number;
  scenario: string;
  appointmentId?: number;
  /** The date of the event a "date" scenario follows (a delivery). */
  at?: Date;
  enrolledBy?: number | null;
}

const invalid = (message: string) => new StoreError("INVALID_INPUT", message);

function anchorOf(store: Store, def: ScenarioDefinition, lead: Lead, req: EnrollRequest) {
  const now = store.clock();
  if (def.anchor === "date") {
    if (!req.at) throw invalid(`« ${def.id} » suit une date (livraison) : indiquez-la.`);
    return { anchorAt: req.at, appointmentId: null };
  }
  if (def.anchor === "enrollment") return { anchorAt: now, appointmentId: null };
  const appointment = req.appointmentId
    ? store.appointments.get(lead.tenantId, req.appointmentId)
    : store.appointments.upcoming(lead.tenantId, now, 200).find((a) => a.leadId === lead.id);
  if (!appointment || appointment.leadId !== lead.id) {
    throw invalid(`${lead.name} n'a pas de rendez-vous planifié : « ${def.id} » suit un rendez-vous.`);
  }
  return { anchorAt: appointment.startsAt, appointmentId: appointment.id };
}

function definitionFor(id: string): ScenarioDefinition {
  const def = scenarioOf(id);
  if (def) return def;
  if ((EXTERNAL_SCENARIOS as readonly string[]).includes(id)) {
    throw invalid(
      id === "digest"
        ? "Le digest quotidien n'est pas une séquence : il part chaque matin pour chaque utilisateur."
        : "La pré-qualification (COACH-01) n'est pas une séquence : lancez-la avec start_prequalification (« lance la pré-qualification de … »).",
    );
  }
  throw invalid(`Scénario inconnu : « ${id} ». Scénarios : ${SCENARIO_IDS.join(", ")}.`);
}

export function enrollLead(store: Store, scope: Scope, req: EnrollRequest): Enrollment {
  const def = definitionFor(req.scenario);
  const lead = store.leads.require(scope.tenantId, req.leadId);
  if (def.requiresStatus && !def.requiresStatus.includes(lead.status)) {
    throw new StoreError(
      "INVALID_STATUS",
      `${lead.name} est en « ${statusLabel(lead.status)} » : « ${def.label} » démarre en ${def.requiresStatus.map(statusLabel).join(" ou ")}.`,
    );
  }
  return store.transaction(() => {
    const tenant = store.tenants.require(scope.tenantId);
    const e = store.scenarios.enroll(scope, {
      leadId: lead.id,
      scenario: def.id,
      expectedStatus: lead.status,
      enrolledBy: req.enrolledBy ?? null,
      ...anchorOf(store, def, lead, req),
    });
    advance({ store, scope, tenant }, def, e, 0);
    return store.scenarios.get(tenant.id, e.id) ?? e;
  });
}

export interface SegmentResult {
  enrolled: Enrollment[];
  skipped: Array<{ leadId: number; name: string; reason: string }>;
}

/** Enrolls each lead of a segment that can be; says why the others were left out. */
export function enrollSegment(
  store: Store,
  scope: Scope,
  scenario: string,
  query: LeadQuery,
  enrolledBy: number | null,
): SegmentResult {
  definitionFor(scenario);
  const page = store.leads.search(scope.tenantId, { ...query, limit: MAX_SEGMENT_ENROLLMENTS });
  if (page.total > MAX_SEGMENT_ENROLLMENTS) {
    throw invalid(
      `Le segment compte ${page.total} leads ; ${MAX_SEGMENT_ENROLLMENTS} au plus par inscription : affinez-le.`,
    );
  }
  const result: SegmentResult = { enrolled: [], skipped: [] };
  for (const lead of page.leads) {
    try {
      result.enrolled.push(enrollLead(store, scope, { leadId: lead.id, scenario, enrolledBy }));
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      result.skipped.push({ leadId: lead.id, name: lead.name, reason: error.message });
    }
  }
  return result;
}

function requireRunning(store: Store, tenantId: number, id: number): Enrollment {
  const e = store.scenarios.get(tenantId, id);
  if (!e) throw new StoreError("NOT_FOUND", `Inscription n°${id} introuvable.`);
  if (e.status !== "active" && e.status !== "paused") {
    throw new StoreError(
      "CONFLICT",
      `L'inscription n°${id} est terminée (${e.status}${e.reason ? ` : ${e.reason}` : ""}).`,
    );
  }
  return e;
}

export function pauseEnrollment(store: Store, scope: Scope, id: number): Enrollment {
  const e = requireRunning(store, scope.tenantId, id);
  if (e.status === "paused") return e;
  const paused = store.scenarios.setStatus(
    scope,
    id,
    { status: "paused", reason: "mise en pause" },
    cursorOf(e),
  );
  if (!paused) throw new StoreError("CONFLICT", `L'inscription n°${id} vient de changer : réessayez.`);
  return paused;
}

/** Resumes where it stopped: the remaining delays count from now, as if the pause had not been. */
export function resumeEnrollment(store: Store, scope: Scope, tenant: Tenant, id: number): Enrollment {
  const e = requireRunning(store, scope.tenantId, id);
  if (e.status === "active") return e;
  const def = definitionFor(e.scenario);
  return store.transaction(() => {
    const now = store.clock();
    const shift = def.anchor === "enrollment" ? now.getTime() - e.updatedAt.getTime() : 0;
    const anchorAt = new Date(e.anchorAt.getTime() + shift);
    const next = nextDueStep(def, anchorAt, tenant.timezone, e.currentStep, now);
    if (next) enqueueStep(store, scope, e, next.step, next.at, anchorAt);
    else stopEnrollment(store, scope, e, "plus aucune étape à venir");
    return store.scenarios.get(tenant.id, id) ?? e;
  });
}

export function stopByHand(store: Store, scope: Scope, id: number): Enrollment | undefined {
  return stopEnrollment(store, scope, requireRunning(store, scope.tenantId, id), "arrêt manuel");
}
