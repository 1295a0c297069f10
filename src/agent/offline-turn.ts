// One turn of the offline brain: the intent is resolved against the store (lead names, the pending
// action meant by a bare "oui") and goes through the same gate as the model's tool calls.

import { fold, MODE_LABELS, MODES, type Mode } from "../domain/index.js";
import { cancelPending, confirmPending, type DecisionOutcome } from "./confirmations.js";
import { callTool, type GateContext, type GateOutcome } from "./gate.js";
import type { TurnResult } from "./llm-turn.js";
import { HELP_FR, type Intent, parseIntent } from "./offline-intents.js";
import { replyFor } from "./outcome-text.js";

/** The lead a person named: the only match, or the one whose full name is exactly what they typed. */
function resolveLead(ctx: GateContext, name: string): { id: number } | { reply: string } {
  const page = ctx.store.leads.search(ctx.tenant.id, { text: name, limit: 5 });
  const exact = page.leads.filter((l) => fold(l.name).trim() === fold(name).trim());
  const only = page.total === 1 ? page.leads[0] : exact.length === 1 ? exact[0] : undefined;
  if (only) return { id: only.id };
  if (page.total === 0) return { reply: `Je ne trouve aucun lead « ${name} ».` };
  const list = page.leads.map((l) => `#${l.id} ${l.name}${l.company ? ` (${l.company})` : ""}`).join(", ");
  return { reply: `Plusieurs leads correspondent à « ${name} » : ${list}. Précisez le nom complet.` };
}

const MODE_MEANING: Record<Mode, string> = {
  conseil: "je suggère sans jamais agir",
  assiste: "je prépare, vous confirmez chaque action",
  auto: "j'agis sans vous demander, avec annulation et remboursement en cas d'échec",
};

/** The mode this turn runs in, what it means, and how to change it (changing costs nothing). */
function modeReply(ctx: GateContext): string {
  const others = MODES.filter((m) => m !== ctx.mode).map((m) => `« mode ${MODE_LABELS[m].toLowerCase()} »`);
  return `Mode ${MODE_LABELS[ctx.mode]} : ${MODE_MEANING[ctx.mode]}. Pour changer : ${others.join(" ou ")} (sans frais).`;
}

/** "oui" without a number means the one action this user is waiting on, if there is exactly one. */
function pendingId(ctx: GateContext, id: number | undefined): number | { reply: string } {
  if (id !== undefined) return id;
  const mine = ctx.store.pendingActions
    .listPending(ctx.tenant.id)
    .filter((a) => a.requesterId === (ctx.user?.id ?? null));
  if (mine.length === 1 && mine[0]) return mine[0].id;
  if (mine.length === 0) return { reply: "Aucune action n'attend votre confirmation." };
  return {
    reply: `Plusieurs actions attendent : ${mine.map((a) => `n°${a.id} ${a.preview}`).join(" ; ")}. Précisez le numéro.`,
  };
}

/** "confirme 12", "oui", "annule": decided here, by the person, never by a model. */
export async function decisionTurn(
  ctx: GateContext,
  intent: Extract<Intent, { kind: "confirm" | "cancel" }>,
): Promise<TurnResult> {
  const id = pendingId(ctx, intent.id);
  if (typeof id !== "number") return { reply: id.reply, outcomes: [] };
  const outcome: DecisionOutcome =
    intent.kind === "confirm" ? await confirmPending(ctx, id) : cancelPending(ctx, id);
  return { reply: replyFor(outcome), outcomes: [outcome], decided: id };
}

/** A turn of the offline brain; `intent` is the text's, when the caller has already understood it. */
export async function offlineTurn(
  ctx: GateContext,
  text: string,
  intent: Intent = parseIntent(text),
): Promise<TurnResult> {
  if (intent.kind === "help") return { reply: HELP_FR, outcomes: [] };
  if (intent.kind === "mode") return { reply: modeReply(ctx), outcomes: [] };
  if (intent.kind === "confirm" || intent.kind === "cancel") return decisionTurn(ctx, intent);
  const args = { ...intent.args };
  if (intent.lead !== undefined) {
    const lead = resolveLead(ctx, intent.lead);
    if ("reply" in lead) return { reply: lead.reply, outcomes: [] };
    args.leadId = lead.id;
  }
  const outcome: GateOutcome = await callTool(ctx, intent.tool, args);
  return { reply: replyFor(outcome), outcomes: [outcome] };
}
