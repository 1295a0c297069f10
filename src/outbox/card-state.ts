// Where a confirmation card stands, from its pending action in the store — never from the click that
// asked, so a card decided by typing « confirme 12 », a late second click or a reload all show the
// truth: open (its buttons live) and a line saying what happened. Channels that can edit a sent
// message (Slack, Teams) rebuild the card with it; the web chat reads it with the conversation.
import { jetons } from "../domain/index.js";
import type { Message, Store } from "../store/index.js";
import type { PendingAction } from "../store/pending-actions.js";
import type { Card } from "./reply.js";

export interface CardState {
  /** Still waiting for a decision: its buttons are live. */
  open: boolean;
  /** What the card says under its details, if anything. */
  line: string | null;
}

const CLOSED_UNKNOWN: CardState = { open: false, line: null };

export function cardState(action: PendingAction | undefined): CardState {
  const result = action?.result as
    | { kind?: string; message?: string; cost?: number; balance?: number }
    | null
    | undefined;
  switch (action?.status) {
    case "pending":
      return action.confirmations > 0 && action.confirmations < action.confirmationsNeeded
        ? { open: true, line: "⏳ Première confirmation reçue : confirmez une seconde fois pour exécuter." }
        : { open: true, line: null };
    case "executing":
      return { open: false, line: "⏳ En cours d'exécution…" };
    case "done": {
      const paid = result?.cost ? ` (−${jetons(result.cost)}, solde ${result.balance})` : "";
      return { open: false, line: `✅ Exécutée : ${result?.message ?? "c'est fait."}${paid}` };
    }
    case "failed":
      return result?.kind === "unavailable"
        ? { open: false, line: `⚠️ Non exécutée : ${result.message} Rien n'a été débité.` }
        : { open: false, line: `❌ ${result?.message ?? "Échec : rien n'a été débité."}` };
    case "cancelled":
      return { open: false, line: "🚫 Annulée : rien n'a été fait, rien n'a été débité." };
    case "expired":
      return { open: false, line: "⌛ Expirée : rien n'a été fait, rien n'a été débité." };
    default:
      return CLOSED_UNKNOWN;
  }
}

/** The state of each card, by action id. */
export function cardStates(store: Store, tenantId: number, cards: readonly Card[]): Map<number, CardState> {
  return new Map(cards.map((c) => [c.actionId, cardState(store.pendingActions.get(tenantId, c.actionId))]));
}

/**
 * The earlier message of this reply's conversation that shows the card it decided: the one a channel
 * rebuilds in place. Undefined when the reply decided nothing or the card is not in this conversation.
 */
export function decidedCardMessage(store: Store, reply: Message): Message | undefined {
  const decided = (reply.meta as { decided?: { actionId: number } | null }).decided;
  if (!decided || !reply.conversationId) return undefined;
  return store.messages.findWithCard(reply.tenantId, reply.conversationId, decided.actionId);
}
