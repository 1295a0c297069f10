// A turn as the reply channels render: the cards of its pending actions, and its text without the
// lines those cards stand for. Built from the gate's outcomes, never from the model's words.
import { type Card, cardOf, type Reply } from "../outbox/reply.js";
import type { DecisionOutcome } from "./confirmations.js";
import { outcomeLine } from "./outcome-text.js";
import type { TurnResult } from "./turn.js";

function cardsOf(outcomes: DecisionOutcome[]): Card[] {
  return outcomes.flatMap((o) => (o.kind === "pending" ? [cardOf(o.action)] : []));
}

/** The turn's text without the pending lines: each channel renders those as its own cards. */
function textWithoutCards(turn: TurnResult): string {
  const pendingLines = new Set(turn.outcomes.filter((o) => o.kind === "pending").map((o) => outcomeLine(o)));
  return turn.reply
    .split("\n")
    .filter((line) => !pendingLines.has(line))
    .join("\n")
    .trim();
}

const CARDS_ONLY_FR = "Action préparée, en attente de votre confirmation :";

export function replyOf(turn: TurnResult, decidedActionId?: number): Reply {
  const cards = cardsOf(turn.outcomes);
  const text = textWithoutCards(turn) || (cards.length > 0 ? CARDS_ONLY_FR : turn.reply);
  const reply: Reply = { text, cards };
  if (turn.choices?.length) reply.choices = turn.choices.map((c) => c.label);
  if (turn.more) reply.more = true;
  if (decidedActionId !== undefined) {
    reply.decided = { actionId: decidedActionId, ok: turn.outcomes.some((o) => o.kind === "executed") };
  }
  return reply;
}
