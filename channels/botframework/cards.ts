// How a queued reply looks on Bot Framework: one message activity with the text and, per pending
// action, an Adaptive Card (what, mode, cost, balance after) whose Confirmer / Annuler submits come
// back as activity.value {decision, actionId} (see inbound.ts). A card in a known state
// (src/outbox/card-state.ts) keeps its buttons only while open, and shows its line.
import { type Activity, ActivityTypes, type Attachment, CardFactory } from "botbuilder";
import { costWords, MODE_LABELS, type Mode } from "../../src/domain/index.js";
import type { CardState } from "../../src/outbox/card-state.js";
import type { Card } from "../../src/outbox/reply.js";
import type { Message } from "../../src/store/index.js";

export function adaptiveCardOf(card: Card, state: CardState = { open: true, line: null }): Attachment {
  const submit = (title: string, decision: "confirm" | "cancel") => ({
    type: "Action.Submit",
    title,
    data: { decision, actionId: card.actionId },
  });
  return CardFactory.adaptiveCard({
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.4",
    body: [
      { type: "TextBlock", text: `Action n°${card.actionId} à confirmer`, weight: "Bolder", wrap: true },
      { type: "TextBlock", text: card.preview, wrap: true },
      ...(state.line ? [{ type: "TextBlock", text: state.line, wrap: true, weight: "Bolder" }] : []),
      {
        type: "FactSet",
        facts: [
          { title: "Mode", value: MODE_LABELS[card.mode as Mode] ?? card.mode },
          { title: "Coût", value: costWords(card.cost) },
          { title: "Solde après", value: String(card.balanceAfter) },
        ],
      },
    ],
    ...(state.open ? { actions: [submit("Confirmer", "confirm"), submit("Annuler", "cancel")] } : {}),
  });
}

export function activityOf(message: Message, states?: ReadonlyMap<number, CardState>): Partial<Activity> {
  const cards = ((message.meta as { cards?: Card[] }).cards ?? []).map((card) =>
    adaptiveCardOf(card, states?.get(card.actionId)),
  );
  return {
    type: ActivityTypes.Message,
    text: message.bodyText ?? "",
    textFormat: "plain",
    ...(cards.length > 0 ? { attachments: cards } : {}),
  };
}
