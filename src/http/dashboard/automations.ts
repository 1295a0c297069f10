// Routes of the Automatisation room: GET /api/automations (the tenant's scenarios with their figures,
// and the n8n runs), GET /api/automations/leads?scenario=&state=|reason=|result= (a page of the
// leads enrolled in one), GET /api/automations/plan?scenario=&status=&tag=&heat=&inactiveDays=|ids=
// (a new automation before it goes through the gate) and GET /api/automations/workflow?scenario= (the
// n8n workflow as a file). Writes are tool calls through POST /api/actions: enroll_in_scenario,
// pause_scenario, resume_scenario, stop_scenario.
import { z } from "zod";
import { failure, queryOf, signedIn } from "../../../channels/web/handler.js";
import { frenchMoment } from "../../domain/index.js";
import { json, type Route } from "../../outbox/route.js";
import { scenarioOf } from "../../scenarios/definitions.js";
import { exportWorkflow } from "../../scenarios/n8n-workflow.js";
import { AUTOMATION_RESULTS, AUTOMATION_STATES, type AutomationResult } from "../../store/automations.js";
import { HEATS } from "../../store/lead-input.js";
import { automationOverview, stateWords } from "./automation-overview.js";
import { planAutomation } from "./automation-plan.js";
import { scenarioLabel, stepLabel, stepParts } from "./automation-steps.js";
import type { DashboardDeps } from "./context.js";
import { scenariosFor, whole } from "./leads.js";

const scenarioParam = z.string({ error: "le scénario est attendu" }).trim().min(1).max(64);

const leadsQuery = z.object({
  scenario: scenarioParam,
  state: z.enum(AUTOMATION_STATES, { error: `état attendu : ${AUTOMATION_STATES.join(", ")}` }).optional(),
  reason: z.string().max(500).optional(),
  result: z
    .enum(AUTOMATION_RESULTS, { error: `résultat attendu : ${AUTOMATION_RESULTS.join(", ")}` })
    .optional(),
  limit: whole(1, 200).default(50),
  offset: whole(0, 10_000_000).default(0),
});

const planQuery = z.object({
  scenario: scenarioParam,
  status: z.string().trim().min(1).max(80).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  heat: z.enum(HEATS, { error: "chaleur attendue : chaud, tiede ou froid" }).optional(),
  inactiveDays: whole(0, 3650).optional(),
  ids: z
    .union([whole(1, Number.MAX_SAFE_INTEGER), z.array(whole(1, Number.MAX_SAFE_INTEGER)).max(1000)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
});

const workflowQuery = z.object({ scenario: scenarioParam });

const RESULT_WORDS: Record<AutomationResult, string> = {
  sent: "ont reçu au moins un message",
  queued: "ont un message en file d'envoi",
  replied: "ont répondu",
  failed: "ont une étape en échec",
  skipped: "n'étaient joignables sur aucun canal à une étape",
  awaiting: "ont une relance à valider",
  suggested: "ont une étape suggérée (mode Conseil)",
};

/** What the page is narrowed to, in words; null for every lead of the scenario. */
function narrowedWords(q: z.output<typeof leadsQuery>): string | null {
  if (q.state) return `état « ${stateWords(q.state)} »`;
  if (q.result) return `leads qui ${RESULT_WORDS[q.result]}`;
  if (q.reason !== undefined) return `arrêtés : ${q.reason || "sans raison"}`;
  return null;
}

const unknownScenario = (id: string) =>
  failure(404, "not_found", `Aucun scénario « ${id} » ne se suit étape par étape ici.`);

export function automationRoutes(deps: DashboardDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: "GET",
      path: "/api/automations",
      handle: signedIn(store, (_req, me) => json(200, automationOverview(store, me.tenant.id))),
    },
    {
      method: "GET",
      path: "/api/automations/leads",
      handle: signedIn(store, (req, me) => {
        const q = queryOf(req, leadsQuery);
        const tenant = store.tenants.require(me.tenant.id);
        const def = scenarioOf(q.scenario);
        const page = store.automations.enrollments(tenant.id, q);
        const figures = store.automations.figures(tenant.id).find((f) => f.scenario === q.scenario);
        return json(200, {
          scenario: { id: q.scenario, label: scenarioLabel(q.scenario) },
          narrowed: narrowedWords(q),
          states: AUTOMATION_STATES.map((state) => ({
            state,
            label: stateWords(state),
            count: figures?.states[state] ?? 0,
          })),
          all: figures?.total ?? 0,
          total: page.total,
          limit: q.limit,
          offset: q.offset,
          leads: page.rows.map((r) => ({
            enrollmentId: r.id,
            id: r.leadId,
            name: r.leadName,
            company: r.company,
            state: r.state,
            stateLabel: stateWords(r.state),
            running: r.status === "active" || r.status === "paused",
            step: r.currentStep,
            stepLabel: def ? stepLabel(def, r.currentStep) : `Étape ${r.currentStep + 1}`,
            ...(def ? { stepParts: stepParts(def, r.currentStep) } : {}),
            nextRunAt: r.status === "active" ? (r.nextRunAt?.toISOString() ?? null) : null,
            nextLabel:
              r.status === "active" && r.nextRunAt ? frenchMoment(r.nextRunAt, tenant.timezone) : null,
            reason: r.status === "stopped" ? r.reason : null,
            since: r.createdAt.toISOString(),
            sinceLabel: frenchMoment(r.createdAt, tenant.timezone),
          })),
        });
      }),
    },
    {
      method: "GET",
      path: "/api/automations/plan",
      handle: signedIn(store, (req, me) => {
        const { scenario, ...target } = queryOf(req, planQuery);
        const offered = scenariosFor(me.tenant.vertical).some((s) => s.id === scenario);
        const def = scenarioOf(scenario);
        if (!offered || !def) {
          return failure(
            400,
            "invalid_request",
            `« ${scenarioLabel(scenario)} » n'est pas proposé pour votre métier : choisissez un scénario de la liste.`,
          );
        }
        const tenant = store.tenants.require(me.tenant.id);
        return json(200, planAutomation(store, tenant, me.user.id, def, target));
      }),
    },
    {
      method: "GET",
      path: "/api/automations/workflow",
      handle: signedIn(store, (req, me) => {
        const { scenario } = queryOf(req, workflowQuery);
        const def = scenarioOf(scenario);
        if (!def) return unknownScenario(scenario);
        const tenant = store.tenants.require(me.tenant.id);
        const workflow = exportWorkflow(def, {
          publicUrl: deps.publicUrl,
          tenantSlug: tenant.slug,
          timezone: tenant.timezone,
        });
        return {
          status: 200,
          headers: {
            "content-type": "application/json; charset=utf-8",
            "content-disposition": `attachment; filename="n8n-${def.id}.json"`,
            "cache-control": "no-store",
          },
          body: `${JSON.stringify(workflow, null, 2)}\n`,
        };
      }),
    },
  ];
}
