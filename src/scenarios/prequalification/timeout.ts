// The no-answer timeout (a scheduled job, MAX_PREQUAL_TIMEOUT_DAYS after the questions): if the run
// it was scheduled for still waits, it ends as no_answer, the lead's motivation becomes faible and
// the coach is told. A job left from an earlier run of the same lead changes nothing.
import type { SendChannel } from "../../domain/index.js";
import type { ScenarioDeps } from "../deps.js";
import { leadFieldsOf } from "./classification.js";
import { notifyCoach } from "./notify.js";
import { reportFor } from "./report.js";
import { SCENARIO_ACTOR } from "./start.js";

export async function prequalificationTimeout(
  deps: ScenarioDeps,
  tenantId: number,
  payload: { leadId?: unknown; startedAt?: unknown },
): Promise<boolean> {
  const { store } = deps;
  const leadId = Number(payload.leadId);
  const waiting = store.prequalifications.get(tenantId, leadId);
  if (waiting?.status !== "waiting" || waiting.startedAt.getTime() !== Number(payload.startedAt))
    return false;
  const scope = { tenantId, actor: SCENARIO_ACTOR };
  const summary = "Pré-qualification : pas de réponse aux questions dans le délai prévu.";
  const lead = store.transaction(() => {
    const current = store.leads.require(tenantId, leadId);
    if (
      !store.prequalifications.finish(scope, leadId, {
        status: "no_answer",
        result: { niveau_motivation: "faible" },
      })
    ) {
      return undefined;
    }
    store.leads.update(scope, leadId, {
      fields: leadFieldsOf({ niveau_motivation: "faible" }, summary, current.fields),
    });
    return store.leads.require(tenantId, leadId);
  });
  if (!lead) return false;
  const tenant = store.tenants.require(tenantId);
  await notifyCoach(
    deps,
    tenant,
    lead,
    reportFor(lead, waiting.channel as SendChannel, "faible", summary, false),
  );
  return true;
}
