// One turn of the offline brain: the message is understood (src/agent/nlu), a tool call goes through
// the same gate as the model's, and the reply is built from what happened. Questions back and
// « vouliez-vous » choices are numbered; « 2 » or the choice's words run it, « suite » pages on.
import { foldedWords, frenchCount, MODE_LABELS, MODES, type Mode } from "../domain/index.js";
import { cancelPending, confirmPending, type DecisionOutcome } from "./confirmations.js";
import { callTool, type GateContext, type GateOutcome } from "./gate.js";
import type { Choice, TurnResult } from "./llm-turn.js";
import { exactCommand } from "./nlu/exact-commands.js";
import { offlineClassifier } from "./nlu/model.js";
import { type Plan, type ToolPlan, understand } from "./nlu/understand.js";
import { replyFor } from "./outcome-text.js";
import { examplesFor, smallTalk } from "./small-talk.js";

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
  decision: { kind: "confirm" | "cancel"; id?: number },
): Promise<TurnResult> {
  const id = pendingId(ctx, decision.id);
  if (typeof id !== "number") return { reply: id.reply, outcomes: [] };
  const outcome: DecisionOutcome =
    decision.kind === "confirm" ? await confirmPending(ctx, id) : cancelPending(ctx, id);
  return { reply: replyFor(outcome), outcomes: [outcome], decided: id };
}

/** A choice's words as a person reads them: the tool's own preview of the call. */
function labelOf(ctx: GateContext, plan: ToolPlan): string {
  const tool = ctx.tools.find(plan.tool);
  try {
    return tool ? tool.preview(tool.schema.parse(plan.args), ctx) : plan.tool;
  } catch {
    return plan.tool;
  }
}

function choicesOf(ctx: GateContext, plans: readonly ToolPlan[]): Choice[] {
  return plans.map((plan) => ({ label: labelOf(ctx, plan), plan }));
}

const numbered = (choices: readonly Choice[]) => choices.map((c, i) => `${i + 1}. ${c.label}`).join("\n");

interface Offer {
  choices: Choice[];
  more?: ToolPlan;
}

/** What the last reply of this conversation offered: numbered choices, a next page. */
function lastOffer(ctx: GateContext): Offer {
  if (!ctx.conversationId) return { choices: [] };
  const offer = ctx.store.conversations.get(ctx.tenant.id, ctx.conversationId)?.offer as
    | Offer
    | null
    | undefined;
  return { choices: offer?.choices ?? [], more: offer?.more };
}

/** Keeps this turn's offer for the next message (« 2 », « suite »), whichever channel it comes on. */
function keepOffer(ctx: GateContext, before: Offer, turn: TurnResult): TurnResult {
  if (!ctx.conversationId) return turn;
  const offer = turn.choices?.length || turn.more ? { choices: turn.choices ?? [], more: turn.more } : null;
  if (offer || before.choices.length || before.more) {
    ctx.store.conversations.setOffer(
      ctx.tenant.id,
      ctx.conversationId,
      offer as Record<string, unknown> | null,
    );
  }
  return turn;
}

async function runTool(ctx: GateContext, plan: ToolPlan): Promise<TurnResult> {
  const outcome: GateOutcome = await callTool(ctx, plan.tool, plan.args);
  const turn: TurnResult = { reply: replyFor(outcome), outcomes: [outcome] };
  if (plan.tool === "search_leads" && outcome.kind === "executed") {
    const page = outcome.data as { total: number; offset: number; leads: unknown[] } | undefined;
    if (page && page.offset + page.leads.length < page.total) {
      const shown = page.offset + page.leads.length;
      turn.reply += `\n${frenchCount(shown)} sur ${frenchCount(page.total)} — écrivez « suite » pour les suivants.`;
      turn.more = { ...plan, args: { ...plan.args, offset: shown } };
    }
  }
  return turn;
}

async function runPlan(ctx: GateContext, plan: Plan): Promise<TurnResult> {
  switch (plan.kind) {
    case "tool":
      return runTool(ctx, plan);
    case "mode":
      return { reply: modeReply(ctx), outcomes: [] };
    case "talk":
      return { reply: smallTalk(ctx.store, ctx.tenant, plan.topic, plan.language), outcomes: [] };
    case "ask": {
      const choices = choicesOf(ctx, plan.choices ?? []);
      return choices.length
        ? { reply: `${plan.text}\nRépondez par le numéro.`, outcomes: [], choices }
        : { reply: plan.text, outcomes: [] };
    }
    case "unclear": {
      const choices = choicesOf(ctx, plan.choices);
      if (choices.length === 0) {
        const examples = examplesFor(ctx.store, ctx.tenant).slice(0, 3);
        return {
          reply: `Je n'ai pas bien compris. Essayez par exemple : ${examples.map((e) => `« ${e} »`).join(", ")}.`,
          outcomes: [],
          unclear: true,
        };
      }
      return {
        reply: `Je n'ai pas bien compris. Vouliez-vous :\n${numbered(choices)}\nRépondez par le numéro.`,
        outcomes: [],
        choices,
        unclear: true,
      };
    }
  }
}

/**
 * A turn of the offline brain; `threshold` raises the confidence it needs to act (when it stands in
 * for a model that failed, only a plain command should run).
 */
export async function offlineTurn(ctx: GateContext, text: string, threshold?: number): Promise<TurnResult> {
  const offer = lastOffer(ctx);
  return keepOffer(ctx, offer, await answer(ctx, text, offer, threshold));
}

async function answer(ctx: GateContext, text: string, offer: Offer, threshold?: number): Promise<TurnResult> {
  const exact = exactCommand(text);
  if (exact?.kind === "confirm" || exact?.kind === "cancel") return decisionTurn(ctx, exact);
  if (exact?.kind === "more") {
    return offer.more
      ? runTool(ctx, offer.more)
      : { reply: "Il n'y a rien de plus à afficher.", outcomes: [] };
  }
  if (exact?.kind === "pick") {
    const choice = offer.choices[exact.index - 1];
    if (choice) return runTool(ctx, choice.plan);
    return {
      reply: "Je n'ai pas de choix numéroté en attente : dites-moi ce que vous voulez faire.",
      outcomes: [],
    };
  }
  if (exact?.kind === "enrollment") {
    return runTool(ctx, { kind: "tool", tool: exact.tool, args: { enrollmentId: exact.enrollmentId } });
  }
  const clicked = offer.choices.find((c) => foldedWords(c.label) === foldedWords(text));
  if (clicked) return runTool(ctx, clicked.plan);
  const plan = await understand(
    {
      classifier: await offlineClassifier(),
      threshold,
      store: ctx.store,
      tenant: ctx.tenant,
      now: ctx.store.clock(),
    },
    text,
  );
  return runPlan(ctx, plan);
}
