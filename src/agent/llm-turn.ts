// One turn with the model: the bounded history plus the new message go to the agent; the turn's new
// messages are stored, the LLM tokens recorded, and the reply is the model's text followed by what
// the gate really did. A model failure still reports the actions already taken, and says so in French
// without the provider's text: a server may echo our request (its Authorization header) in its error,
// so that text goes only to onModelError, which logs it redacted.
import { AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import type { DecisionOutcome } from "./confirmations.js";
import type { GateContext } from "./gate.js";
import type { MaxAgent, TurnContext } from "./langchain-agent.js";
import { loadHistory, saveTurn } from "./memory.js";
import { outcomeFooter } from "./outcome-text.js";
import { buildSystemPrompt } from "./system-prompt.js";

export interface LlmBrain {
  agent: MaxAgent;
  model: string;
  memoryMessages: number;
  /** Told the provider's error text when the model fails (createBrain redacts it for the log). */
  onModelError?(detail: string): void;
}

/** A numbered choice of a reply: its words, and the tool call it runs when picked. */
export interface Choice {
  label: string;
  plan: { kind: "tool"; tool: string; args: Record<string, unknown> };
}

export interface TurnResult {
  reply: string;
  outcomes: DecisionOutcome[];
  /** Set when the model failed (the error's class name, never its text); the reply then says so. */
  modelError?: string;
  /** The pending action this turn decided (« confirme 12 », « oui »): its card shows the result. */
  decided?: number;
  /** Numbered choices the person answers with « 2 » or a click. */
  choices?: Choice[];
  /** Set by the offline brain when it did not understand the message. */
  unclear?: boolean;
  /** The call that shows the next page (« suite »). */
  more?: Choice["plan"];
}

/** Tool rounds a single turn may take before it is stopped (each round is two graph steps). */
const MAX_GRAPH_STEPS = 20;

function textOf(message: BaseMessage | undefined): string {
  if (!message) return "";
  return typeof message.content === "string"
    ? message.content
    : message.content
        .map((part) => ("text" in part && typeof part.text === "string" ? part.text : ""))
        .join("");
}

function recordUsage(ctx: GateContext, brain: LlmBrain, conversationId: number, messages: BaseMessage[]) {
  const calls = messages.filter((m): m is AIMessage => AIMessage.isInstance(m));
  if (calls.length === 0) return;
  const sum = (key: "input_tokens" | "output_tokens") =>
    calls.reduce((total, m) => total + (m.usage_metadata?.[key] ?? 0), 0);
  ctx.store.llmUsage.record(ctx.tenant.id, {
    conversationId,
    userId: ctx.user?.id ?? null,
    model: brain.model,
    calls: calls.length,
    inputTokens: sum("input_tokens"),
    outputTokens: sum("output_tokens"),
  });
}

const join = (...parts: string[]) => parts.filter(Boolean).join("\n\n");

export const MODEL_FAILED_FR = "Le modèle de langage n'a pas pu répondre. Réessayez dans un instant.";

export async function llmTurn(
  brain: LlmBrain,
  ctx: GateContext,
  conversationId: number,
  text: string,
): Promise<TurnResult> {
  const history = loadHistory(ctx.store, ctx.tenant.id, conversationId, brain.memoryMessages);
  const human = new HumanMessage(text);
  const balance = ctx.store.ledger.balance(ctx.tenant.id);
  const now = ctx.store.clock();
  const turn: TurnContext = {
    gate: { ...ctx, conversationId },
    systemPrompt: buildSystemPrompt(ctx.tenant, ctx.mode, balance, now),
    outcomes: [],
  };
  try {
    const result = await brain.agent.invoke(
      { messages: [...history, human] },
      { context: turn, recursionLimit: MAX_GRAPH_STEPS },
    );
    const fresh = result.messages.slice(history.length);
    ctx.store.transaction(() => {
      saveTurn(ctx.store, ctx.tenant.id, conversationId, fresh);
      recordUsage(ctx, brain, conversationId, fresh);
    });
    const answer = textOf(fresh.findLast((m) => AIMessage.isInstance(m)));
    return {
      reply: join(answer, outcomeFooter(turn.outcomes)) || "(pas de réponse)",
      outcomes: turn.outcomes,
    };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    brain.onModelError?.(`${failure.name}: ${failure.message}`);
    const footer = outcomeFooter(turn.outcomes);
    const reply = join(MODEL_FAILED_FR, footer);
    saveTurn(ctx.store, ctx.tenant.id, conversationId, [
      human,
      new AIMessage(footer || "(réponse interrompue)"),
    ]);
    return { reply, outcomes: turn.outcomes, modelError: failure.name || "Error" };
  }
}
