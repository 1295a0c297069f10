// Starts COACH-01 for a coaching lead: the questions go into the outbox by e-mail or WhatsApp (the
// channel connected, the lead's contact data and consent decide, through src/outbox/reach.ts: never
// to someone who opted out), on the lead's timeline, and a no-answer timeout is scheduled. Synchronous and transactional,
// so it runs inside the gate's transaction (start_prequalification) and a refusal writes nothing.
// Starting again replaces the previous run and its timeout.

import { CHANNEL_LABELS, SEND_CHANNELS, type SendChannel } from "../../domain/index.js";
import { queueLeadMessage } from "../../outbox/compose.js";
import { type ChannelReadiness, firstReachable } from "../../outbox/reach.js";
import type { Lead, Scope, Store, Tenant } from "../../store/index.js";
import type { Prequalification } from "../../store/prequalifications.js";
import { renderQuestions } from "./questions.js";

export const PREQUAL_TIMEOUT_JOB = "prequal.timeout";
export const DEFAULT_TIMEOUT_DAYS = 3;
export const SCENARIO_ACTOR = "scenario:coach-prequalification";
const DAY_MS = 86_400_000;

export interface StartOptions {
  /** What the server has connected: the questions go only where they can leave. */
  channels: ChannelReadiness;
  channel?: SendChannel;
  timeoutDays?: number;
  /** Who asked and what paid (compose.ts requesterOf), for a refund and a notice if it fails. */
  requester?: Record<string, unknown>;
}

/** The approved WhatsApp template that stands in for the questions outside the 24-hour window. */
const WHATSAPP_TEMPLATE = "pre-qualification";

export type StartResult =
  | { ok: true; summary: string; prequalification: Prequalification; messageId: number }
  | { ok: false; error: string };

export const timeoutKey = (p: Pick<Prequalification, "leadId" | "startedAt">) =>
  `prequal-timeout:${p.leadId}:${p.startedAt.getTime()}`;

/**
 * Why the questions cannot be sent to this lead now (not a coaching account, no channel connected or
 * reachable); else the channel to ask on: the one requested, else e-mail, else WhatsApp.
 */
function prequalificationChannel(
  store: Store,
  tenant: Tenant,
  lead: Lead,
  options: Pick<StartOptions, "channels" | "channel">,
): SendChannel | { error: string } {
  if (tenant.vertical !== "coaching") {
    return { error: "La pré-qualification COACH-01 est réservée aux comptes coaching." };
  }
  const candidates = options.channel ? [options.channel] : SEND_CHANNELS;
  const reach = { store, tenant, channels: options.channels };
  const channel = firstReachable(reach, lead, candidates, WHATSAPP_TEMPLATE);
  return typeof channel === "string"
    ? channel
    : { error: `Pré-qualification impossible : ${channel.blocked}` };
}

export function startPrequalification(
  store: Store,
  scope: Scope,
  tenant: Tenant,
  leadId: number,
  options: StartOptions,
): StartResult {
  const lead = store.leads.require(tenant.id, leadId);
  const channel = prequalificationChannel(store, tenant, lead, options);
  if (typeof channel !== "string") return { ok: false, error: channel.error };
  const questions = renderQuestions(tenant, lead.firstName || lead.name);
  const days = options.timeoutDays ?? DEFAULT_TIMEOUT_DAYS;
  return store.transaction(() => {
    const previous = store.prequalifications.get(tenant.id, leadId);
    if (previous?.status === "waiting") store.jobs.cancel(scope, timeoutKey(previous));
    const message = queueLeadMessage(store, scope, {
      leadId,
      channel,
      text: questions.text,
      subject: questions.subject,
      // Outside WhatsApp's 24-hour window, an approved template of this name is used if configured.
      meta: {
        ...options.requester,
        scenario: "coach-prequalification",
        template: WHATSAPP_TEMPLATE,
        templateVariables: { 1: lead.firstName },
      },
    });
    const dueAt = new Date(store.clock().getTime() + days * DAY_MS);
    const prequalification = store.prequalifications.start(scope, {
      leadId,
      channel,
      questionMessageId: message.id,
      dueAt,
    });
    store.jobs.enqueue(scope, {
      kind: PREQUAL_TIMEOUT_JOB,
      idempotencyKey: timeoutKey(prequalification),
      dueAt,
      payload: { leadId, startedAt: prequalification.startedAt.getTime() },
    });
    return {
      ok: true,
      summary: `Questions de pré-qualification pour ${lead.name} mises en file d'envoi par ${CHANNEL_LABELS[channel]} (message n°${message.id}) ; sans réponse d'ici ${days} jour(s), sa motivation passera à « faible ».`,
      prequalification,
      messageId: message.id,
    };
  });
}
