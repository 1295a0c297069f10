// A reply as channels render it: the text, plus a confirmation card per pending action (what, mode,
// cost, balance after) that becomes Slack buttons, WhatsApp "OUI 12 / NON 12", web buttons…
import type { DecisionOutcome } from "../agent/confirmations.js";
import { outcomeLine } from "../agent/outcome-text.js";
import type { TurnResult } from "../agent/turn.js";

export interface Card {
  actionId: number;
  tool: string;
  preview: string;
  mode: string;
  cost: number;
  balanceAfter: number;
}

export interface Reply {
  text: string;
  cards: Card[];
  /** Set when this reply decides a card: the channel may update the card's message in place. */
  decided?: { actionId: number; ok: boolean };
}

function cardsOf(outcomes: DecisionOutcome[]): Card[] {
  return outcomes.flatMap((o) =>
    o.kind === "pending"
      ? [
          {
            actionId: o.action.id,
            tool: o.tool,
            preview: o.action.preview,
            mode: o.action.mode,
            cost: o.action.cost,
            balanceAfter: o.action.balanceAfter,
          },
        ]
      : [],
  );
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
  if (decidedActionId !== undefined) {
    reply.decided = { actionId: decidedActionId, ok: turn.outcomes.some((o) => o.kind === "executed") };
  }
  return reply;
}
