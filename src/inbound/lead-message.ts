// What a lead's message means, whichever channel brought it (a WhatsApp message, an e-mail): the
// text joins the lead's timeline as data and never reaches a tool. In one transaction, so a retry
// finds either nothing or everything: an opt-out request is applied (domain/opt-out.ts decides its
// reach) and acknowledged on a chat channel; a reply applies the stop rules of the lead's running
// sequences at once. Then a bounce marks the mail it reports on as failed, and a reply may be the
// answer a pre-qualification waits for. Bounces and automatic replies are never answers.
import { optOutRequested } from "../domain/index.js";
import type { InboundEvent } from "../outbox/channel.js";
import { queueReply } from "../outbox/compose.js";
import { handleProspectAnswer } from "../scenarios/prequalification/index.js";
import { applyStopRulesNow } from "../scenarios/stop-now.js";
import type { Message, MessageChannel, Tenant } from "../store/index.js";
import { CONSENT_CHANNELS, type ConsentChannel } from "../store/lead-input.js";
import type { JobDeps } from "./jobs.js";
import type { Sender } from "./sender.js";

export const OPTED_OUT_FR =
  "C'est noté : vous ne recevrez plus de messages de notre part. Écrivez START pour vous réabonner.";
const BOUNCED_FR = "Adresse e-mail en échec : le serveur du destinataire a renvoyé le message (rebond).";
const TIMELINE_MAX = 2_000;

type FromLead = Extract<Sender, { kind: "lead" }>;

function record(deps: JobDeps, tenant: Tenant, from: FromLead, event: InboundEvent): Message {
  const { store } = deps;
  const scope = { tenantId: tenant.id, actor: `lead:${from.leadId}` };
  const channel = event.channel as MessageChannel;
  const text = (event.text ?? "").trim();
  const kind = event.mail?.kind ?? "reply";
  const optOut = kind === "reply" ? optOutRequested(...(event.mail ? [event.mail.subject] : []), text) : null;
  // A chat channel keeps the lead's thread (where the opt-out is acknowledged); e-mail has none.
  const conversation =
    channel === "email"
      ? undefined
      : store.conversations.open(tenant.id, channel, event.conversationKey, null);
  return store.transaction(() => {
    const { message, created } = store.messages.receive(scope, {
      channel,
      direction: "in",
      status: "received",
      leadId: from.leadId,
      conversationId: conversation?.id ?? null,
      providerId: event.providerId,
      subject: event.mail?.subject ?? null,
      bodyText: text,
      meta: {
        ...(event.mail
          ? { kind, from: event.sender, matchedBy: from.matchedBy, answers: from.original?.id ?? null }
          : {}),
        ...(optOut ? { optOut: true } : {}),
      },
    });
    if (!created) return message;
    store.activities.add(scope, from.leadId, {
      kind: channel === "email" ? "email_in" : "whatsapp_in",
      body: text.slice(0, TIMELINE_MAX),
      meta: event.mail ? { messageId: message.id, kind, subject: event.mail.subject } : {},
    });
    if (optOut) {
      const reach: readonly ConsentChannel[] =
        optOut === "everywhere" ? CONSENT_CHANNELS : [channel as ConsentChannel];
      for (const c of reach) store.leads.setConsent(scope, from.leadId, c, "opt_out");
      if (conversation) {
        const answer = { leadId: from.leadId, inReplyTo: event.meta ?? {} };
        queueReply(store, scope, conversation, { text: OPTED_OUT_FR, cards: [] }, answer);
      }
    }
    if (kind === "reply") applyStopRulesNow(store, scope, from.leadId);
    return message;
  });
}

/** Our mail came back: it failed, whatever a provider said before. */
function bounced(deps: JobDeps, original: Message | null) {
  if (!original || !["sent", "delivered"].includes(original.status)) return;
  const scope = { tenantId: original.tenantId, actor: "email:bounce" };
  deps.store.messages.setStatus(scope, original.id, { status: "failed", error: BOUNCED_FR });
}

export async function leadMessage(deps: JobDeps, tenant: Tenant, from: FromLead, event: InboundEvent) {
  const message = record(deps, tenant, from, event);
  const kind = event.mail?.kind ?? "reply";
  if (kind === "bounce") return bounced(deps, from.original);
  if (kind !== "reply" || message.meta.optOut) return;
  await handleProspectAnswer(deps, {
    tenantId: tenant.id,
    leadId: from.leadId,
    messageId: message.id,
    text: message.bodyText,
  });
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
      bodyText: event.text ?? "",
      meta: {
        kind: event.mail?.kind ?? "reply",
        from: event.sender,
        matchedBy: null,
        answers: null,
        forHuman: true,
      },
    },
  );
}
