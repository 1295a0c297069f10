// What the chat page polls: the user's web conversation after a message id, both directions, each
// reply with its confirmation cards in their real state (src/outbox/card-state.ts: open or decided,
// and how, whichever way they were decided), and the states of the cards the page still shows open.
// A click on a card is stored in the words a user would have typed: « Confirmer l'action n°12 ».
import { MODE_LABELS, type Mode } from "../../src/domain/index.js";
import { type CardState, cardState } from "../../src/outbox/card-state.js";
import { webConversationKey } from "../../src/outbox/compose.js";
import type { Card, Reply } from "../../src/outbox/reply.js";
import type { Message, Store } from "../../src/store/index.js";
import type { WebUser } from "./session.js";

export type WebCard = Card & { modeLabel: string } & CardState;

export interface WebMessage {
  id: number;
  direction: "in" | "out";
  text: string;
  at: string;
  /** The client id the page sent it with, so the page knows its message was taken in. */
  clientId: string | null;
  cards: WebCard[];
  decided: Reply["decided"] | null;
  /** The words of the reply's numbered choices, shown as buttons. */
  choices: string[];
  /** Whether « suite » shows more. */
  more: boolean;
}

/** The tenant's mode and balance, shown in the page's header and kept current by each poll. */
export interface WebStatus {
  mode: Mode;
  modeLabel: string;
  balance: number;
}

export function statusOf(store: Store, { tenant }: WebUser): WebStatus {
  const mode = store.tenants.require(tenant.id).defaultMode as Mode;
  return { mode, modeLabel: MODE_LABELS[mode], balance: store.ledger.balance(tenant.id) };
}

/** Reads a user's conversation; its id is looked up once, so polling writes nothing. */
export function conversationReader(store: Store) {
  const ids = new Map<string, number>();
  const stateOf = (tenantId: number, actionId: number) =>
    cardState(store.pendingActions.get(tenantId, actionId));
  const view = (tenantId: number, message: Message): WebMessage => {
    const meta = message.meta as {
      cards?: Card[];
      decided?: Reply["decided"] | null;
      choices?: string[];
      more?: boolean;
    };
    return {
      id: message.id,
      direction: message.direction as "in" | "out",
      text: message.bodyText,
      at: message.createdAt.toISOString(),
      clientId: message.direction === "in" ? message.providerId : null,
      cards: (meta.cards ?? []).map((c) => ({
        ...c,
        modeLabel: MODE_LABELS[c.mode as Mode] ?? c.mode,
        ...stateOf(tenantId, c.actionId),
      })),
      decided: meta.decided ?? null,
      choices: meta.choices ?? [],
      more: Boolean(meta.more),
    };
  };
  return {
    messages({ tenant, user }: WebUser, afterId: number): WebMessage[] {
      const key = `${tenant.id}:${user.id}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = store.conversations.open(tenant.id, "web", webConversationKey(user.id), user.id).id;
        ids.set(key, id);
      }
      return store.messages.listConversation(tenant.id, id, afterId).map((m) => view(tenant.id, m));
    },
    /** The current state of cards the page shows as open (they may have been decided elsewhere). */
    cards({ tenant }: WebUser, actionIds: readonly number[]): Record<number, CardState> {
      return Object.fromEntries(actionIds.map((id) => [id, stateOf(tenant.id, id)]));
    },
  };
}
