// What happens to a step after its transaction: the delivery check refunds the auto follow-up of a
// message the outbox could not deliver; the n8n dispatch posts a tenant's step to its webhook
// (signed, retried on 5xx and timeouts by the worker), and refunds it when n8n refuses it for good.
// A step n8n accepted but never reported on within a day is failed and refunded, so no step stays
// « transmis à n8n » forever with its tokens taken; a "sent" report arriving later records the send,
// and the refund stands.
import { postToN8n } from "../integrations/n8n-client.js";
import { deriveTenantKey } from "../integrations/n8n-signature.js";
import type { Scope, Store } from "../store/index.js";
import type { Job } from "../store/jobs.js";
import type { StepOutcome, StepRecord } from "../store/scenarios.js";
import { scenarioOf } from "./definitions.js";
import type { ScenarioDeps } from "./deps.js";
import { renderFor } from "./send-step.js";

export const DELIVERY_MAX_ATTEMPTS = 8;
export const N8N_MAX_ATTEMPTS = 5;
export const N8N_CONFIRM_JOB = "scenario-n8n-confirm";
export const N8N_CONFIRM_MS = 24 * 3_600_000;
const ACCEPTED = "transmis à n8n";
export const UNCONFIRMED = "n8n n'a pas confirmé l'envoi dans les 24 h";

const scopeOf = (job: Job): Scope => ({ tenantId: job.tenantId, actor: "scenario" });
const stepOf = (store: Store, job: Job) =>
  store.scenarios.getStep(job.tenantId, Number((job.payload as { stepId?: number }).stepId));

/** The step did not go out: marked failed and its debit given back, once. */
export function failStep(
  store: Store,
  scope: Scope,
  step: StepRecord,
  from: readonly StepOutcome[],
  error: string,
) {
  store.transaction(() => {
    const failed = store.scenarios.updateStep(scope, step.id, from, {
      outcome: "failed",
      detail: error.slice(0, 500),
    });
    // The message's own failure may have refunded it already (outbox/failure.ts): once either way.
    if (failed && step.debitId !== null) store.ledger.refundOnce(scope, step.debitId, "relance non envoyée");
  });
}

export async function checkDelivery({ store }: Pick<ScenarioDeps, "store">, job: Job): Promise<void> {
  const step = stepOf(store, job);
  if (step?.outcome !== "sent" || step.messageId === null) return;
  const message = store.messages.get(job.tenantId, step.messageId);
  if (!message) return;
  if (message.status === "queued" || message.status === "sending") {
    // Thrown so that the worker looks again later, with its doubling delay.
    throw new Error(`message n°${message.id} pas encore livré`);
  }
  if (message.status === "failed")
    return failStep(store, scopeOf(job), step, ["sent"], message.error ?? "échec d'envoi");
  store.scenarios.updateStep(scopeOf(job), step.id, ["sent"], { outcome: "delivered" });
}

function dispatchBody(store: Store, job: Job, step: StepRecord): string | null {
  const e = store.scenarios.get(job.tenantId, step.enrollmentId);
  const def = e && scenarioOf(e.scenario);
  const action = def?.steps[step.stepIndex]?.action;
  if (!e || action?.kind !== "message") return null;
  const tenant = store.tenants.require(job.tenantId);
  const lead = store.leads.require(job.tenantId, e.leadId);
  const message = renderFor(tenant, e, lead, action.template);
  return JSON.stringify({
    stepId: step.id,
    tenant: tenant.slug,
    scenario: e.scenario,
    step: step.stepKey,
    channel: step.channel,
    lead: { id: lead.id, name: lead.name, email: lead.email, phone: lead.phone, status: lead.status },
    message,
  });
}

export async function dispatchToN8n({ store, settings }: ScenarioDeps, job: Job): Promise<void> {
  const step = stepOf(store, job);
  if (step?.outcome !== "dispatched" || step.detail === ACCEPTED) return;
  const tenant = store.tenants.require(job.tenantId);
  const body = dispatchBody(store, job, step);
  if (!settings.n8n.secret || !tenant.n8nWebhookUrl || !body) {
    return failStep(store, scopeOf(job), step, ["dispatched"], "n8n n'est plus configuré pour ce compte");
  }
  const scenario = (JSON.parse(body) as { scenario: string }).scenario;
  const attempt = await postToN8n(
    {
      url: `${tenant.n8nWebhookUrl}/${scenario}`,
      key: deriveTenantKey(settings.n8n.secret, tenant.slug),
      body,
      timeoutMs: settings.n8n.timeoutMs,
      headers: { "x-max-step-id": String(step.id) },
    },
    store.clock,
  );
  if (attempt.error === null) {
    store.transaction(() => {
      store.scenarios.updateStep(scopeOf(job), step.id, ["dispatched"], { detail: ACCEPTED });
      store.jobs.enqueueOnce(scopeOf(job), {
        kind: N8N_CONFIRM_JOB,
        idempotencyKey: `n8n-confirm:${step.id}`,
        dueAt: new Date(store.clock().getTime() + N8N_CONFIRM_MS),
        payload: { stepId: step.id },
      });
    });
    return;
  }
  if (attempt.retryable && job.attempts < N8N_MAX_ATTEMPTS) throw new Error(attempt.error);
  failStep(store, scopeOf(job), step, ["dispatched"], `n8n : ${attempt.error}`);
}

/** A day after n8n accepted the step: still no report, so it is failed and refunded. */
export async function expireUnconfirmed({ store }: Pick<ScenarioDeps, "store">, job: Job): Promise<void> {
  const step = stepOf(store, job);
  if (step?.outcome !== "dispatched") return;
  failStep(store, scopeOf(job), step, ["dispatched"], UNCONFIRMED);
}
