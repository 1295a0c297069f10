// What a lead's message means, whichever channel brought it (a WhatsApp message, an e-mail): the
// text joins the lead's timeline as data and never reaches a tool. In one transaction, so a retry
// finds either nothing or everything: an opt-out request is applied (domain/opt-out.ts decides its
// reach) and acknowledged on a chat channel, and so is a « START » after an opt-out (that channel only,
// as the opt-out reply promises); a reply applies the stop rules of the lead's running sequences at once. Then a bounce marks the mail it reports on as failed, and a reply may be the
// answer a pre-qualification waits for. Bounces and automatic replies are never answers.
import { type OptOutScope, optInRequested, optOutRequested } from "../domain/index.js";
import type { InboundEvent, MailFacts } from "../outbox/channel.js";
import { queueReply } from "../outbox/compose.js";
import { failMessage } from "../outbox/failure.js";
import { handleProspectAnswer } from "../scenarios/prequalification/index.js";
import { applyStopRulesNow } from "../scenarios/stop-now.js";
import type { Message, Tenant } from "../store/index.js";
import type { Job } from "../store/jobs.js";
import { CONSENT_CHANNELS, type ConsentChannel } from "../store/lead-input.js";
import type { JobDeps, JobHandler } from "./jobs.js";
import type { Sender } from "./sender.js";

export const OPTED_OUT_FR: Record<OptOutScope, string> = {
  everywhere:
    "C'est noté : vous ne recevrez plus de messages de notre part. Écrivez START pour vous réabonner.",
  this_channel:
    "C'est noté : vous ne recevrez plus de messages sur ce canal. Écrivez START pour vous réabonner.",
};
export const OPTED_IN_FR = "C'est noté : vous recevrez de nouveau nos messages sur ce canal.";
const BOUNCED_FR = "Adresse e-mail en échec : le serveur du destinataire a renvoyé le message (rebond).";
const TIMELINE_MAX = 2_000;

type FromLead = Extract<Sender, { kind: "lead" }>;
type MailKind = MailFacts["kind"];

/** What the e-mail says of itself and how it was tied to the lead, kept on the message. */
const mailMeta = (event: InboundEvent, kind: MailKind, from: FromLead | null) => ({
  kind,
  from: event.sender || null,
  matchedBy: from?.matchedBy ?? null,
  answers: from?.original?.id ?? null,
});

/** Stores the lead's message and applies what it says; undefined for our own mail looping back. */
function record(deps: JobDeps, tenant: Tenant, from: FromLead, event: InboundEvent, kind: MailKind) {
  const { store } = deps;
  const scope = { tenantId: tenant.id, actor: `lead:${from.leadId}` };
  const { channel } = event;
  const text = (event.text ?? "").trim();
  const firstLines = [...(event.mail ? [event.mail.subject] : []), text];
  const optOut = kind === "reply" ? optOutRequested(...firstLines) : null;
  const optIn = kind === "reply" && !optOut && optInRequested(...firstLines);
  // A chat channel keeps the lead's thread (where the opt-out is acknowledged); e-mail has none.
  const conversation =
    channel === "email"
      ? undefined
      : store.conversations.open(tenant.id, channel, event.conversationKey, null);
  return store.transaction(() => {
    const received = store.messages.receive(scope, {
      channel,
      direction: "in",
      status: "received",
      leadId: from.leadId,
      conversationId: conversation?.id ?? null,
      providerId: event.providerId,
      subject: event.mail?.subject ?? null,
      bodyText: text,
      meta: {
        ...(event.mail ? mailMeta(event, kind, from) : {}),
        ...(optOut ? { optOut: true } : {}),
        ...(optIn ? { optIn: true } : {}),
      },
    });
    if (!received?.created) return received?.message;
    const { message } = received;
    store.activities.add(scope, from.leadId, {
      kind: channel === "email" ? "email_in" : "whatsapp_in",
      body: text.slice(0, TIMELINE_MAX),
      // The message it mirrors, so the lead's page shows the message once.
      meta: event.mail
        ? { messageId: message.id, kind, subject: event.mail.subject }
        : { messageId: message.id },
    });
    const acknowledge = (text: string) => {
      if (!conversation) return;
      const answer = { leadId: from.leadId, inReplyTo: event.meta ?? {} };
      queueReply(store, scope, conversation, { text, cards: [] }, answer);
    };
    if (optOut) {
      const reach = optOut === "everywhere" ? CONSENT_CHANNELS : [channel as ConsentChannel];
      for (const c of reach) store.leads.setConsent(scope, from.leadId, c, "opt_out");
      acknowledge(OPTED_OUT_FR[optOut]);
    }
    // Only a lead who opted out of this channel is opted in again: « START » from anyone else asks
    // for nothing they do not have, and is not taken as a consent they were never asked for.
    if (optIn && store.leads.require(tenant.id, from.leadId).consent[channel as ConsentChannel]?.optOutAt) {
      store.leads.setConsent(scope, from.leadId, channel as ConsentChannel, "opt_in");
      acknowledge(OPTED_IN_FR);
    }
    if (kind === "reply") applyStopRulesNow(store, scope, from.leadId);
    return message;
  });
}

/** Our mail came back: it failed, whatever a provider said before (refunded and told, failure.ts). */
function bounced(deps: JobDeps, originalId: number | null | undefined, tenantId: number) {
  const original = originalId ? deps.store.messages.get(tenantId, originalId) : undefined;
  if (!original || !["sent", "delivered"].includes(original.status)) return;
  failMessage(deps.store, original, BOUNCED_FR);
}

/** After the message is stored: a bounce fails our mail, a reply may answer a pre-qualification. */
async function act(deps: JobDeps, message: Message, kind: MailKind) {
  if (!message.leadId) return;
  if (kind === "bounce") return bounced(deps, message.meta.answers as number | null, message.tenantId);
  // A consent word is not an answer to anything a pre-qualification asked.
  if (kind !== "reply" || message.meta.optOut || message.meta.optIn) return;
  await handleProspectAnswer(deps, {
    tenantId: message.tenantId,
    leadId: message.leadId,
    messageId: message.id,
    text: message.bodyText,
    receivedAt: message.createdAt,
  });
}

export async function leadMessage(deps: JobDeps, tenant: Tenant, from: FromLead, event: InboundEvent) {
  const kind = event.mail?.kind ?? "reply";
  const message = record(deps, tenant, from, event, kind);
  if (message) await act(deps, message, kind);
}

/** A mail from no lead: kept for a human to read, acted on by nobody. */
export function keepForHuman(deps: JobDeps, tenant: Tenant, event: InboundEvent) {
  deps.store.messages.receive(
    { tenantId: tenant.id, actor: "email:unknown" },
    {
      channel: "email",
      direction: "in",
      status: "received",
      providerId: event.providerId,
      subject: event.mail?.subject ?? null,
      bodyText: (event.text ?? "").trim(),
      meta: { ...mailMeta(event, event.mail?.kind ?? "reply", null), forHuman: true },
    },
  );
}

/**
 * The job kind mails were handed to the worker with before every channel went through the inbound
 * queue (« email.received », the stored message's id): a database upgraded with such jobs pending
 * still has them acted on.
 */
export const STORED_MAIL_JOB = "email.received";
export const storedMailHandler: JobHandler = {
  async run(deps: JobDeps, job: Job) {
    const message = deps.store.messages.get(job.tenantId, Number(job.payload.messageId));
    if (message?.direction === "in") await act(deps, message, message.meta.kind as MailKind);
  },
  maxAttempts: 3,
  retryMs: 30_000,
};
