// Block Kit for a reply: the text, then one card per pending action (what, mode, cost, balance after)
// with « Confirmer » / « Annuler » buttons whose action ids carry the pending action's id. A card in a
// known state (src/outbox/card-state.ts) keeps its buttons only while open, and shows its line.
import type { types } from "@slack/bolt";
import { costWords, jetons, MODE_LABELS, type Mode } from "../../src/domain/index.js";
import type { CardState } from "../../src/outbox/card-state.js";
import type { Card } from "../../src/outbox/reply.js";

type Block = types.KnownBlock;

export const DECISION_ACTION = /^max:(confirm|cancel):(\d+)$/;
const SECTION_MAX = 3000;

export function decisionOf(actionId: string): { kind: "confirm" | "cancel"; actionId: number } | undefined {
  const match = DECISION_ACTION.exec(actionId);
  if (!match) return undefined;
  return { kind: match[1] as "confirm" | "cancel", actionId: Number(match[2]) };
}

/** Slack reads &, < and > as markup; a lead's name must not become a link or a mention. */
export const escapeText = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A section holds 3,000 characters: a long reply takes several, cut between lines when it can. */
function sections(text: string): Block[] {
  const pieces = escapeText(text)
    .split("\n")
    .flatMap((line) => line.match(new RegExp(`.{1,${SECTION_MAX}}`, "gu")) ?? [""]);
  const chunks: string[] = [];
  for (const piece of pieces) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + 1 + piece.length <= SECTION_MAX)
      chunks[chunks.length - 1] = `${last}\n${piece}`;
    else chunks.push(piece);
  }
  return chunks
    .filter((chunk) => chunk.trim())
    .map((chunk) => ({ type: "section", text: { type: "mrkdwn", text: chunk } }));
}

function buttons(card: Card): Block {
  const button = (kind: "confirm" | "cancel", label: string, style: "primary" | "danger") => ({
    type: "button" as const,
    action_id: `max:${kind}:${card.actionId}`,
    value: String(card.actionId),
    style,
    text: { type: "plain_text" as const, text: label },
  });
  return {
    type: "actions",
    block_id: `max-card-${card.actionId}`,
    elements: [button("confirm", "Confirmer", "primary"), button("cancel", "Annuler", "danger")],
  };
}

const note = (line: string): Block => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: escapeText(line).slice(0, SECTION_MAX) }],
});

function cardBlocks(card: Card, state: CardState = { open: true, line: null }): Block[] {
  const mode = MODE_LABELS[card.mode as Mode] ?? card.mode;
  return [
    { type: "divider" },
    {
      type: "section",
      text: { type: "mrkdwn", text: `*${escapeText(card.preview)}*` },
      fields: [
        { type: "mrkdwn", text: `*Action*\nn°${card.actionId}` },
        { type: "mrkdwn", text: `*Mode*\n${mode}` },
        { type: "mrkdwn", text: `*Coût*\n${costWords(card.cost)}` },
        { type: "mrkdwn", text: `*Solde après*\n${jetons(card.balanceAfter)}` },
      ],
    },
    ...(state.open ? [buttons(card)] : []),
    ...(state.line ? [note(state.line)] : []),
  ];
}

/** The message's blocks; `states` holds each card's state by action id (a new card is open). */
export function messageBlocks(
  text: string,
  cards: readonly Card[],
  states: ReadonlyMap<number, CardState> = new Map(),
): Block[] {
  return [...sections(text), ...cards.flatMap((card) => cardBlocks(card, states.get(card.actionId)))];
}
