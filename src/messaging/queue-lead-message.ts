// An outbound message to a lead: queued for the outbox and noted on the lead's timeline, inside the
// caller's transaction (send_message, a scenario step, COACH-01's questions). Consent is the caller's
// check; the channel adapters deliver it.
import { textToHtml } from "../../tools/html.js";
import type { SendChannel } from "../../tools/reachability.js";
import type { Message, Scope, Store } from "../store/index.js";

export interface LeadMessage {
  leadId: number;
  channel: SendChannel;
  text: string;
  /** The e-mail's subject (ignored for WhatsApp). */
  subject?: string | null;
  template?: string | null;
  /** Kept on the message (what the channel needs) and on its timeline entry. */
  meta?: Record<string, unknown>;
}

export function queueLeadMessage(store: Store, scope: Scope, m: LeadMessage): Message {
  const email = m.channel === "email";
  const message = store.messages.create(scope, {
    leadId: m.leadId,
    channel: m.channel,
    direction: "out",
    status: "queued",
    subject: email ? (m.subject ?? null) : null,
    bodyText: m.text,
    bodyHtml: email ? textToHtml(m.text) : null,
    template: m.template ?? null,
    meta: m.meta ?? {},
  });
  store.activities.add(scope, m.leadId, {
    kind: `${m.channel}_out`,
    body: m.text,
    meta: { ...m.meta, messageId: message.id, status: message.status, subject: message.subject },
  });
  return message;
}
