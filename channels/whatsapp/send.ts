// Delivers one outbound WhatsApp message from the tenant's own number: to the number it answers, or
// to the lead's phone for a message send_message queued; free text inside the 24-hour window,
// otherwise only an approved template (its content SID from the configuration), otherwise a clear,
// final error.

import type { Config } from "../../src/config.js";
import { unreachableReason } from "../../src/domain/index.js";
import type { Outbound } from "../../src/outbox/channel.js";
import type { Card } from "../../src/outbox/reply.js";
import type { Message, Store } from "../../src/store/index.js";
import { renderBody } from "./render.js";
import { createMessage, type TwilioAccount } from "./twilio-api.js";
import { e164, whatsappAddress } from "./webhook.js";
import { inWindow } from "./window.js";

export const OUT_OF_WINDOW_FR =
  "Message non envoyé, hors de la fenêtre de 24 h : un modèle approuvé est requis (le destinataire ne nous a pas écrit depuis plus de 24 h).";

/** The approved template the message names, as Twilio's ContentSid and ContentVariables. */
function templateOf(message: Message, contentSids: Record<string, string>): Record<string, string> | null {
  const { template, templateVariables } = message.meta as { template?: unknown; templateVariables?: unknown };
  const contentSid = typeof template === "string" ? contentSids[template] : undefined;
  if (!contentSid) return null;
  return { ContentSid: contentSid, ContentVariables: JSON.stringify(templateVariables ?? {}) };
}

/** To whom: the reply's number, or the lead's; a message of our own to an opted-out lead stops here. */
function recipientOf(store: Store, message: Message): string {
  const lead = message.leadId ? store.leads.get(message.tenantId, message.leadId) : undefined;
  // A reply (even the STOP acknowledgement) answers the person's own message; anything else needs consent.
  const refusal = lead && !message.meta.inReplyTo ? unreachableReason(lead, "whatsapp") : null;
  if (refusal) throw new Error(`Message non envoyé : ${refusal}`);
  const to = message.recipient ?? lead?.phone;
  if (!to) throw new Error("Message non envoyé : aucun numéro WhatsApp pour ce destinataire.");
  return to;
}

/**
 * Whom the tenant writes from: its own linked business number, so each tenant's contacts see the
 * number they know; the configured sender when it is one of them or the tenant linked none.
 */
function senderOf(store: Store, tenantId: number, configured: string): string {
  const numbers = store.tenantLinks
    .list(tenantId)
    .filter((link) => link.channel === "whatsapp")
    .map((link) => link.externalId);
  const own = numbers.includes(e164(configured) ?? "") ? undefined : numbers[0];
  return own ? whatsappAddress(own) : configured;
}

export function sender(store: Store, config: Config, account: TwilioAccount) {
  return async (out: Outbound): Promise<{ providerId: string }> => {
    const { message } = out;
    const to = recipientOf(store, message);
    const template = templateOf(message, config.twilio.contentSids);
    if (!template && !inWindow(store, out)) throw new Error(OUT_OF_WINDOW_FR);
    const content = template ?? {
      Body: renderBody(message.bodyText, (message.meta.cards as Card[] | undefined) ?? []),
    };
    const sid = await createMessage(account, {
      From: senderOf(store, message.tenantId, account.from),
      To: whatsappAddress(to),
      ...content,
      StatusCallback: `${config.http.publicUrl}/twilio/status?tenant=${message.tenantId}`,
    });
    return { providerId: sid };
  };
}
