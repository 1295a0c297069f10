// The model's side of M.A.X.: LangChain's createAgent over the tool set it is handed, with the gate
// as wrapToolCall middleware (every call goes through the mode, the plan and the ledger; the tool
// bodies themselves never run) and the per-turn system prompt set in wrapModelCall. Built once per
// process; what a turn needs (tenant, user, outcomes) travels in the invocation's context.
import { ToolMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { createAgent, createMiddleware, tool } from "langchain";
import type { LlmConfig } from "../config.js";
import type { DecisionOutcome } from "./confirmations.js";
import { callTool, type GateContext } from "./gate.js";
import { modelSchema } from "./model-schema.js";
import { toolMessageFor } from "./outcome-text.js";
import type { ToolSet } from "./tool.js";

export interface TurnContext {
  gate: GateContext;
  systemPrompt: string;
  outcomes: DecisionOutcome[];
}

const turnOf = (runtime: { context?: unknown }): TurnContext => {
  const turn = runtime.context as TurnContext | undefined;
  if (!turn?.gate) throw new Error("M.A.X. agent invoked without its turn context");
  return turn;
};

export const gateMiddleware = createMiddleware({
  name: "MaxGate",
  wrapModelCall: (request, handler) =>
    handler({ ...request, systemPrompt: turnOf(request.runtime).systemPrompt }),
  wrapToolCall: async (request) => {
    const turn = turnOf(request.runtime);
    const { name, args, id } = request.toolCall;
    const outcome = await callTool(turn.gate, name, args);
    turn.outcomes.push(outcome);
    // Once the turn has read a prospect's text, its next side effects wait for a human (gate.ts).
    if (outcome.kind === "executed" && outcome.tainted) turn.gate.tainted = true;
    return new ToolMessage({ content: toolMessageFor(outcome), tool_call_id: id ?? "", name });
  },
});

/** The tools as the model sees them (name, description, compact JSON schema). Their bodies are unreachable. */
export function modelTools(tools: ToolSet) {
  return tools.all
    .filter((t) => !t.internal && !t.dashboardOnly)
    .map((t) =>
      tool(
        async () => {
          throw new Error(`${t.name} must go through the gate`);
        },
        { name: t.name, description: t.description, schema: modelSchema(t.schema) },
      ),
    );
}

export function createChatModel(llm: LlmConfig): ChatOpenAI {
  return new ChatOpenAI({
    model: llm.model,
    // Local servers (Ollama, LM Studio) ignore the key but the client requires one.
    apiKey: llm.apiKey ?? "not-needed",
    configuration: llm.baseUrl ? { baseURL: llm.baseUrl } : undefined,
    timeout: llm.timeoutMs,
    maxRetries: 1,
  });
}

export function createMaxAgent(model: ChatOpenAI, tools: ToolSet) {
  return createAgent({ model, tools: modelTools(tools), middleware: [gateMiddleware] });
}

export type MaxAgent = ReturnType<typeof createMaxAgent>;
