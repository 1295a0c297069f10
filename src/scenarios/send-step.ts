// Sending one scenario step, the body of the send_scenario_step tool: re-checks that the step is
// still due and the lead still reachable, renders the template, then either queues the message in
// the outbox (and a delivery check that refunds a failed send) or, for a tenant on n8n, hands the
// step to its webhook. Runs inside the gate's transaction: a refusal writes nothing.
import type { ToolContext, ToolResult } from "../agent/tool.js";
import { CHANNEL_LABELS, type SendChannel } from "../domain/index.js";
import { queueLeadMessage, requesterOf } from "../outbox/compose.js";
import { type ChannelReadiness, firstReachable } from "../outbox/reach.js";
import type { Lead, Store, Tenant } from "../store/index.js";
import type { Enrollment, StepRecord } from "../store/scenarios.js";
import { type ScenarioDefinition, scenarioOf } from "./definitions.js";
import { applyUpdates } from "./lead-updates.js";
import { STOP_REASONS_FR, type StopFacts, stopReason } from "./stop-rules.js";
import { mergeFields, renderStep } from "./templates.js";

export const SEND_STEP_TOOL = "send_scenario_step";
export const DELIVERY_JOB = "scenario-delivery";
export const N8N_STEP_JOB = "scenario-n8n";
/** The outbox tries for about six minutes; the check looks after the first tries. */
const DELIVERY_CHECK_MS = 2 * 60_000;

/** A tenant on n8n sends through n8n's own connections: only the lead's reachability counts. */
const N8N_SENDS: ChannelReadiness = { missing: () => null, hasTemplate: () => true };

/** The first of the scenario's channels this lead can get a message on now, or why none works. */
export function stepChannel(
  { store, tenant, settings }: Pick<ToolContext, "store" | "tenant" | "settings">,
  def: ScenarioDefinition,
  lead: Lead,
): SendChannel | { blocked: string } {
  if (!settings) return { blocked: "la configuration des canaux est indisponible" };
  const channels = settings.n8n.secret && tenant.n8nWebhookUrl ? N8N_SENDS : settings.channels;
  return firstReachable({ store, tenant, channels }, lead, def.channels);
}

export function stopFacts(store: Store, e: Enrollment, def: ScenarioDefinition, lead: Lead): StopFacts {
  const appointment = e.appointmentId ? store.appointments.get(e.tenantId, e.appointmentId) : undefined;
  return {
    replied: store.scenarios.repliedSince(e.tenantId, lead.id, e.createdAt),
    status: lead.status,
    expectedStatus: e.expectedStatus,
    optedOutEverywhere: def.channels.every((ch) => lead.consent[ch].optOutAt !== null),
    appointmentStatus: appointment?.status ?? null,
  };
}

export function renderFor(tenant: Tenant, e: Enrollment, lead: Lead, template: string) {
  return renderStep(e.scenario, template, mergeFields(lead, tenant, e.anchorAt));
}

/** A step found still due, with what its send needs. */
export type CheckedStep = {
  e: Enrollment;
  def: ScenarioDefinition;
  record: StepRecord;
  lead: Lead;
  template: string;
  channel: SendChannel;
  step: number;
};

/** The step, still due and able to leave, with what its send needs; or why it is not sent. */
function checkStillDue(
  { store, tenant, settings }: Pick<ToolContext, "store" | "tenant" | "settings">,
  enrollmentId: number,
  step: number,
): CheckedStep | string {
  const tenantId = tenant.id;
  const e = store.scenarios.get(tenantId, enrollmentId);
  const def = e && scenarioOf(e.scenario);
  const action = def?.steps[step]?.action;
  if (!e || !def || action?.kind !== "message")
    return `Étape ${step} de l'inscription n°${enrollmentId} introuvable.`;
  const record = store.scenarios.step(tenantId, e.id, step);
  if (!record || !["due", "drafted"].includes(record.outcome)) {
    return "Cette relance n'est pas à envoyer : déjà envoyée, ou jamais préparée.";
  }
  if (e.status === "stopped") return `La séquence est arrêtée (${e.reason ?? "arrêt"}) : rien n'est envoyé.`;
  const lead = store.leads.require(tenantId, e.leadId);
  const facts = stopFacts(store, e, def, lead);
  const reason = stopReason(def, facts);
  if (reason) return `Relance annulée : ${STOP_REASONS_FR[reason]}.`;
  const channel = stepChannel({ store, tenant, settings }, def, lead);
  if (typeof channel !== "string") return `Relance non envoyée à ${lead.name} : ${channel.blocked}`;
  return { e, def, record, lead, template: action.template, channel, step };
}

export function sendStep(ctx: ToolContext, enrollmentId: number, step: number): ToolResult {
  const checked = checkStillDue(ctx, enrollmentId, step);
  return typeof checked === "string" ? { ok: false, error: checked } : sendChecked(ctx, checked);
}

/** Sends a step known to be due: by the tool's own check, or by the step runner in this transaction. */
export function sendChecked(ctx: ToolContext, checked: CheckedStep): ToolResult {
  const { store, tenant, scope, settings, debitId = null } = ctx;
  const { e, def, record, lead, template, channel, step } = checked;
  const rendered = renderFor(tenant, e, lead, template);
  const n8n = Boolean(settings?.n8n.secret && tenant.n8nWebhookUrl);
  if (n8n) {
    store.scenarios.updateStep(scope, record.id, ["due", "drafted"], {
      outcome: "dispatched",
      channel,
      debitId,
    });
    store.jobs.enqueueOnce(scope, {
      kind: N8N_STEP_JOB,
      idempotencyKey: `n8n-step:${record.id}`,
      dueAt: store.clock(),
      payload: { stepId: record.id },
    });
    applyUpdates(store, scope, tenant, e, def.steps[step]?.updates);
    return {
      ok: true,
      summary: `${def.label} : étape ${record.stepKey} confiée à n8n pour ${lead.name}.`,
      data: { stepId: record.id },
    };
  }
  const message = queueLeadMessage(store, scope, {
    leadId: lead.id,
    channel,
    text: rendered.text,
    subject: rendered.subject,
    template: `${e.scenario}/${template}`,
    meta: { ...requesterOf(ctx), scenario: e.scenario, enrollmentId: e.id, step: record.stepKey },
  });
  store.scenarios.updateStep(scope, record.id, ["due", "drafted"], {
    outcome: "sent",
    channel,
    messageId: message.id,
    debitId,
  });
  applyUpdates(store, scope, tenant, e, def.steps[step]?.updates);
  if (debitId !== null) {
    store.jobs.enqueueOnce(scope, {
      kind: DELIVERY_JOB,
      idempotencyKey: `delivery:${record.id}`,
      dueAt: new Date(store.clock().getTime() + DELIVERY_CHECK_MS),
      payload: { stepId: record.id },
    });
  }
  return {
    ok: true,
    summary: `${def.label} : « ${record.stepKey} » mise en file d'envoi pour ${lead.name} (${CHANNEL_LABELS[channel]}, message n°${message.id}).`,
    data: { stepId: record.id, messageId: message.id },
  };
}
