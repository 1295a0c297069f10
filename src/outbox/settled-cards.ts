// What a confirmation card says once it is no longer waiting, from its action's state in the store
// (so a late second click cannot overwrite the real result). Channels that can edit a sent message
// (Slack, Teams) show these lines in place of the card's buttons.

import type { Message, Store } from "../store/index.js";
import type { PendingAction } from "../store/pending-actions.js";
import type { Card, Reply } from "./reply.js";

function settledLine(action: PendingAction | undefined): string | undefined {
  const result = action?.result as { message?: string } | null | undefined;
  switch (action?.status) {
    case "done":
      return `✅ ${result?.message ?? "Exécutée."}`;
    case "failed":
      return `❌ ${result?.message ?? "Échec : rien n'a été débité."}`;
    case "cancelled":
      return "🚫 Annulée : rien n'a été fait, rien n'a été débité.";
    case "expired":
      return "⌛ Expirée : rien n'a été fait.";
    case "executing":
      return "⏳ En cours d'exécution…";
    default:
      return undefined;
  }
}

/**
 * The settled line of each card of the original message, after `reply` decided one of them; the
 * decided card shows the reply's own text when it ran. Null when the decision settled nothing.
 */
export function settledOutcomes(
  store: Store,
  reply: Message,
  decided: NonNullable<Reply["decided"]>,
  cards: readonly Card[],
): Map<number, string> | null {
  const action = store.pendingActions.get(reply.tenantId, decided.actionId);
  if (!action || action.status === "pending") return null;
  const outcomes = new Map<number, string>();
  for (const card of cards) {
    const line =
      decided.ok && card.actionId === decided.actionId
        ? reply.bodyText
        : settledLine(store.pendingActions.get(reply.tenantId, card.actionId));
    if (line) outcomes.set(card.actionId, line);
  }
  return outcomes;
}
