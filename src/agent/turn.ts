// One turn of a staff user with M.A.X., whatever the brain: the text is understood once;
// confirmations and cancellations are decided without any model; everything else goes to the LLM
// agent when one is configured, else to the offline command brain. When the model is down, a plain
// command still works offline.
import type { GateContext } from "./gate.js";
import { type LlmBrain, llmTurn, type TurnResult } from "./llm-turn.js";
import { parseIntent } from "./offline-intents.js";
import { decisionTurn, offlineTurn } from "./offline-turn.js";

export type Brain = { kind: "offline" } | ({ kind: "llm" } & LlmBrain);

export type { TurnResult };

export interface TurnHooks {
  /** Awaited just before the model is called (a « je regarde… » notice); never for a decision. */
  beforeModel?(): Promise<void>;
}

export async function runTurn(
  brain: Brain,
  ctx: GateContext & { conversationId: number },
  text: string,
  hooks: TurnHooks = {},
): Promise<TurnResult> {
  const intent = parseIntent(text);
  if (intent.kind === "confirm" || intent.kind === "cancel") return decisionTurn(ctx, intent);
  // « mode ? » is answered from the tenant, exactly, whatever the brain.
  if (intent.kind === "mode") return offlineTurn(ctx, text, intent);
  if (brain.kind === "offline") return offlineTurn(ctx, text, intent);
  await hooks.beforeModel?.();
  const turn = await llmTurn(brain, ctx, ctx.conversationId, text);
  if (turn.modelError && turn.outcomes.length === 0 && intent.kind === "tool") {
    const offline = await offlineTurn(ctx, text, intent);
    return { ...offline, reply: `(Modèle indisponible, réponse hors ligne.)\n${offline.reply}` };
  }
  return turn;
}
