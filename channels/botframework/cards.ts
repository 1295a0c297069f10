// How a queued reply looks on Bot Framework: one message activity with the text and, per pending
// action, an Adaptive Card (what, mode, cost, balance after) whose Confirmer / Annuler submits come
// back as activity.value {decision, actionId} (see inbound.ts). A settled card shows its result instead
// of the buttons.
import { type Activity, ActivityTypes, type Attachment, CardFactory } from "botbuilder";
import { MODE_LABELS, type Mode } from "../../src/domain/index.js";
import type { Card } from "../../src/outbox/reply.js";
import type { Message } from "../../src/store/index.js";

const jetons = (n: number) => `${n} jeton${n > 1 ? "s" : ""}`;

export function adaptiveCardOf(card: Card, outcome?: string): Attachment {
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
      ...(outcome === undefined ? [] : [{ type: "TextBlock", text: outcome, wrap: true, weight: "Bolder" }]),
      {
        type: "FactSet",
        facts: [
          { title: "Mode", value: MODE_LABELS[card.mode as Mode] ?? card.mode },
          { title: "Coût", value: jetons(card.cost) },
          { title: "Solde après", value: String(card.balanceAfter) },
        ],
      },
    ],
    ...(outcome === undefined
      ? { actions: [submit("Confirmer", "confirm"), submit("Annuler", "cancel")] }
      : {}),
  });
}

export function activityOf(message: Message, outcomes?: ReadonlyMap<number, string>): Partial<Activity> {
  const cards = ((message.meta as { cards?: Card[] }).cards ?? []).map((card) =>
    adaptiveCardOf(card, outcomes?.get(card.actionId)),
  );
  return {
    type: ActivityTypes.Message,
    text: message.bodyText ?? "",
    textFormat: "plain",
    ...(cards.length > 0 ? { attachments: cards } : {}),
  };
}
