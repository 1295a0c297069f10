// Every outbound message starts here, inside the caller's transaction, as a row of the outbox that
// the channel adapters deliver later: a reply in a conversation (an answer, a card, a notice to a
// staff user) or a message to a lead (send_message, a scenario step, COACH-01's questions), which
// also goes on the lead's timeline. Consent is the caller's check; delivery re-checks it.
import { type SendChannel, textToHtml } from "../domain/index.js";
import type { Conversation, Message, MessageChannel, Scope, Store, User } from "../store/index.js";
import type { Reply } from "./reply.js";

export interface ReplyOptions {
  /** What the channel needs to answer the message this replies to; else the conversation's own. */
  inReplyTo?: Record<string, unknown>;
  /** Where the channel sends it, when not the conversation's key (a shared thread). */
  recipient?: string;
  leadId?: number | null;
  meta?: Record<string, unknown>;
}

/** A reply (with its cards) queued in a conversation. */
export function queueReply(
  store: Store,
  scope: Scope,
  conversation: Conversation,
  reply: Reply,
  options: ReplyOptions = {},
): Message {
  return store.messages.create(scope, {
    channel: conversation.channel as MessageChannel,
    direction: "out",
    status: "queued",
    conversationId: conversation.id,
    leadId: options.leadId ?? null,
    recipient: options.recipient ?? conversation.externalId,
    bodyText: reply.text,
    meta: {
      ...options.meta,
      cards: reply.cards,
      decided: reply.decided ?? null,
      ...(reply.choices?.length ? { choices: reply.choices } : {}),
      ...(reply.more ? { more: reply.more } : {}),
      inReplyTo: options.inReplyTo ?? conversation.meta ?? {},
    },
  });
}

/** One web conversation per user, whichever session or tab they write from. */
export const webConversationKey = (userId: number) => `web:${userId}`;

const webChat = (store: Store, tenantId: number, user: User) =>
  store.conversations.open(tenantId, "web", webConversationKey(user.id), user.id);

/**
 * A staff user's private conversation: their Slack DM with the app (never a channel's thread, which
 * others read), else their WhatsApp; undefined when they have neither identity.
 */
export function privateConversation(store: Store, tenantId: number, user: User): Conversation | undefined {
  const identities = store.users.identities(tenantId, user.id);
  const slack = identities.find((i) => i.channel === "slack");
  if (slack) {
    // "TEAM:USER": a Slack DM is posted to the user's id.
    const id = slack.externalId.split(":")[1] ?? slack.externalId;
    const dm = store.conversations.open(tenantId, "slack", `dm:${id}`, user.id);
    if (dm.meta?.channel !== id) store.conversations.setMeta(tenantId, dm.id, { channel: id });
    return { ...dm, meta: { ...dm.meta, channel: id } };
  }
  const whatsapp = identities.find((i) => i.channel === "whatsapp");
  return whatsapp ? store.conversations.open(tenantId, "whatsapp", whatsapp.externalId, user.id) : undefined;
}

/**
 * Where M.A.X. tells a staff user something (the digest, « plus de jetons »): the channel they last
 * used — on Slack, by DM — else their web chat.
 */
export function staffConversation(store: Store, tenantId: number, user: User): Conversation {
  const latest = store.scenarios.staffConversation(tenantId, user.id);
  if (latest?.channel === "slack")
    return privateConversation(store, tenantId, user) ?? webChat(store, tenantId, user);
  if (latest && ["whatsapp", "botframework", "web"].includes(latest.channel)) return latest;
  return webChat(store, tenantId, user);
}

/**
 * What a message to a lead keeps of who asked for it and what paid for it, so that a failure later
 * is refunded and told where it was asked (failure.ts).
 */
export function requesterOf(asked: {
  debitId?: number | null;
  user?: { id: number } | null;
  conversationId?: number | null;
}): Record<string, unknown> {
  return {
    paidWith: asked.debitId ?? null,
    requestedBy: { userId: asked.user?.id ?? null, conversationId: asked.conversationId ?? null },
  };
}

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

/** A message to a lead, queued and noted on the lead's timeline. */
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
