// A queued message that finally fails (the provider refused it, it bounced, its channel is gone)
// is settled once, in one transaction: marked failed with the reason (its timeline entry follows),
// the tokens it was paid with go back — once, whoever notices first, also across restarts — and the
// person who asked for it is told in the conversation where they asked.

import { jetons } from "../domain/index.js";
import type { Message, Store } from "../store/index.js";
import { MESSAGE_CHANNELS } from "../store/messages.js";
import { queueReply, staffConversation } from "./compose.js";

/** Who asked for a message to a lead and what paid for it, kept on the message (compose.ts). */
export interface Requester {
  paidWith?: number | null;
  requestedBy?: { userId: number | null; conversationId: number | null };
}

/** The conversation to tell the requester in: where they asked, else where they can be reached. */
function whereToTell(store: Store, message: Message, requester: Requester) {
  const by = requester.requestedBy;
  const user = by?.userId ? store.users.get(message.tenantId, by.userId) : undefined;
  const asked = by?.conversationId ? store.conversations.get(message.tenantId, by.conversationId) : undefined;
  if (asked && (MESSAGE_CHANNELS as readonly string[]).includes(asked.channel)) return asked;
  return user ? staffConversation(store, message.tenantId, user) : undefined;
}

export function failMessage(store: Store, message: Message, reason: string): void {
  const scope = { tenantId: message.tenantId, actor: "outbox" };
  store.transaction(() => {
    store.messages.setStatus(scope, message.id, { status: "failed", error: reason.slice(0, 500) });
    const requester = message.meta as Requester;
    const refund =
      requester.paidWith != null
        ? store.ledger.refundOnce(scope, requester.paidWith, `message n°${message.id} non parti`)
        : undefined;
    const conversation = whereToTell(store, message, requester);
    if (!conversation) return;
    const refunded = refund ? ` ${jetons(refund.amount)} remboursé${refund.amount > 1 ? "s" : ""}.` : "";
    const said = /[.!?]$/.test(reason) ? reason : `${reason}.`;
    queueReply(store, scope, conversation, {
      text: `❌ Le message n°${message.id} n'a pas pu partir : ${said}${refunded}`,
      cards: [],
    });
  });
}
