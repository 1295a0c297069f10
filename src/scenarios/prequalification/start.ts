// Starts COACH-01 for a coaching lead: the questions go into the outbox by e-mail or WhatsApp (the
// lead's contact data and consent decide, through src/domain/reachability.ts: never to someone who opted
// out), on the lead's timeline, and a no-answer timeout is scheduled. Synchronous and transactional,
// so it runs inside the gate's transaction (start_prequalification) and a refusal writes nothing.
// Starting again replaces the previous run and its timeout.

import { CHANNEL_LABELS, SEND_CHANNELS, type SendChannel, unreachableReason } from "../../domain/index.js";
import { queueLeadMessage } from "../../outbox/compose.js";
import type { Lead, Scope, Store, Tenant } from "../../store/index.js";
import type { Prequalification } from "../../store/prequalifications.js";
import { renderQuestions } from "./questions.js";

export const PREQUAL_TIMEOUT_JOB = "prequal.timeout";
export const DEFAULT_TIMEOUT_DAYS = 3;
export const SCENARIO_ACTOR = "scenario:coach-prequalification";
const DAY_MS = 86_400_000;

export interface StartOptions {
  channel?: SendChannel;
  timeoutDays?: number;
}

export type StartResult =
  | { ok: true; summary: string; prequalification: Prequalification; messageId: number }
  | { ok: false; error: string };

export const timeoutKey = (p: Pick<Prequalification, "leadId" | "startedAt">) =>
  `prequal-timeout:${p.leadId}:${p.startedAt.getTime()}`;

/** The channel to ask on: the one requested, else e-mail, else WhatsApp; or why none works. */
function channelFor(lead: Lead, requested?: SendChannel): SendChannel | { error: string } {
  const candidates = requested ? [requested] : SEND_CHANNELS;
  const reasons: string[] = [];
  for (const channel of candidates) {
    const refusal = unreachableReason(lead, channel);
    if (!refusal) return channel;
    reasons.push(refusal);
  }
  return { error: `Pré-qualification impossible : ${reasons.join(" ")}` };
}

export function startPrequalification(
  store: Store,
  scope: Scope,
  tenant: Tenant,
  leadId: number,
  options: StartOptions = {},
): StartResult {
  if (tenant.vertical !== "coaching") {
    return { ok: false, error: "La pré-qualification COACH-01 est réservée aux comptes coaching." };
  }
  const lead = store.leads.require(tenant.id, leadId);
  const channel = channelFor(lead, options.channel);
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
        scenario: "coach-prequalification",
        template: "pre-qualification",
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
      summary: `Questions de pré-qualification envoyées à ${lead.name} par ${CHANNEL_LABELS[channel]} (message n°${message.id}) ; sans réponse d'ici ${days} jour(s), sa motivation passera à « faible ».`,
      prequalification,
      messageId: message.id,
    };
  });
}
