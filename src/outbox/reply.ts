// A reply as channels render it: the text, plus a confirmation card per pending action (what, mode,
// cost, balance after) that becomes Slack buttons, WhatsApp "OUI 12 / NON 12", web buttons…
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
  /** The words of its numbered choices (also in the text): a web page shows them as buttons. */
  choices?: string[];
  /** Whether « suite » shows more. */
  more?: boolean;
}

/** A pending action as the card that asks for it. */
export function cardOf(a: Omit<Card, "actionId"> & { id: number }): Card {
  return {
    actionId: a.id,
    tool: a.tool,
    preview: a.preview,
    mode: a.mode,
    cost: a.cost,
    balanceAfter: a.balanceAfter,
  };
}
