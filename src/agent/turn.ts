// One turn of a staff user with M.A.X., whatever the brain: confirmations and cancellations are
// decided without any model; everything else goes to the LLM agent when one is configured, else to
// the offline brain. When the model fails, the offline brain answers, and says so.
import type { GateContext } from "./gate.js";
import { type LlmBrain, llmTurn, type TurnResult } from "./llm-turn.js";
import { exactCommand } from "./nlu/exact-commands.js";
import { decisionTurn, offlineTurn } from "./offline-turn.js";

export type Brain = { kind: "offline" } | ({ kind: "llm" } & LlmBrain);

export type { TurnResult };

export interface TurnHooks {
  /** Awaited just before the model is called (a « je regarde… » notice); never for a decision. */
  beforeModel?(): Promise<void>;
}

export const MODEL_DOWN_FR = "(Modèle indisponible, réponse hors ligne.)";

/** Standing in for a failed model, the offline brain acts only on what it is this sure of. */
const FALLBACK_THRESHOLD = 0.8;

export async function runTurn(
  brain: Brain,
  ctx: GateContext & { conversationId: number },
  text: string,
  hooks: TurnHooks = {},
): Promise<TurnResult> {
  const exact = exactCommand(text);
  if (exact?.kind === "confirm" || exact?.kind === "cancel") return decisionTurn(ctx, exact);
  // « suite » and « 2 » answer the offline brain's last reply; an enrollment by number needs no model.
  if (brain.kind === "offline" || exact) return offlineTurn(ctx, text);
  await hooks.beforeModel?.();
  const turn = await llmTurn(brain, ctx, ctx.conversationId, text);
  if (turn.modelError && turn.outcomes.length === 0) {
    // Small talk and questions the offline brain does not understand keep the model's failure notice.
    const offline = await offlineTurn(ctx, text, FALLBACK_THRESHOLD);
    if (offline.unclear || offline.outcomes.length === 0) return turn;
    return { ...offline, reply: `${MODEL_DOWN_FR}\n${offline.reply}` };
  }
  return turn;
}
