// What the chat page polls: the user's web conversation after a message id, both directions, each
// reply with its confirmation cards and the card it decided, as the worker stored them (a click on a
// card is stored in the words a user would have typed: « Confirmer l'action n°12 »).
import { MODE_LABELS, type Mode } from "../../src/domain/index.js";
import { webConversationKey } from "../../src/outbox/compose.js";
import type { Card, Reply } from "../../src/outbox/reply.js";
import type { Message, Store } from "../../src/store/index.js";
import type { WebUser } from "./session.js";

export interface WebMessage {
  id: number;
  direction: "in" | "out";
  text: string;
  at: string;
  /** The client id the page sent it with, so the page knows its message was taken in. */
  clientId: string | null;
  cards: Array<Card & { modeLabel: string }>;
  decided: Reply["decided"] | null;
}

function view(message: Message): WebMessage {
  const meta = message.meta as { cards?: Card[]; decided?: Reply["decided"] | null };
  return {
    id: message.id,
    direction: message.direction as "in" | "out",
    text: message.bodyText,
    at: message.createdAt.toISOString(),
    clientId: message.direction === "in" ? message.providerId : null,
    cards: (meta.cards ?? []).map((c) => ({ ...c, modeLabel: MODE_LABELS[c.mode as Mode] ?? c.mode })),
    decided: meta.decided ?? null,
  };
}

/** Reads a user's conversation; its id is looked up once, so polling writes nothing. */
export function conversationReader(store: Store) {
  const ids = new Map<string, number>();
  return ({ tenant, user }: WebUser, afterId: number): WebMessage[] => {
    const key = `${tenant.id}:${user.id}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = store.conversations.open(tenant.id, "web", webConversationKey(user.id), user.id).id;
      ids.set(key, id);
    }
    return store.messages.listConversation(tenant.id, id, afterId).map(view);
  };
}
