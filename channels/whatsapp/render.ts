// A reply as WhatsApp text: the reply itself, then each confirmation card as a few lines (what, mode,
// cost, balance after) ending with the numbered answer the webhook understands ("OUI 12" / "NON 12").
import { costWords, MODE_LABELS, type Mode } from "../../src/domain/index.js";
import type { Card } from "../../src/outbox/reply.js";

/** Twilio refuses WhatsApp bodies longer than this. */
const MAX_BODY = 1_600;

function cardText(card: Card): string {
  const mode = MODE_LABELS[card.mode as Mode] ?? card.mode;
  return [
    `📋 Action n°${card.actionId} : ${card.preview}`,
    `Mode ${mode} · coût ${costWords(card.cost)} · solde après ${card.balanceAfter}`,
    `Répondez OUI ${card.actionId} ou NON ${card.actionId}`,
  ].join("\n");
}

/** The message body; a long reply is cut, never its cards, which carry the way to answer. */
export function renderBody(text: string, cards: readonly Card[]): string {
  const tail = cards.map(cardText).join("\n\n");
  const room = MAX_BODY - (tail ? tail.length + 2 : 0);
  const head = text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
  return [head, tail].filter(Boolean).join("\n\n");
}
