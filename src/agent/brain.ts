// Which brain answers: the LLM agent when a model is configured, the offline command brain otherwise.
import type { LlmConfig } from "../config.js";
import { createChatModel, createMaxAgent } from "./langchain-agent.js";
import type { ToolSet } from "./tool.js";
import type { Brain } from "./turn.js";

export function createBrain(llm: LlmConfig, tools: ToolSet): Brain {
  if (llm.provider === "offline" || !llm.model) return { kind: "offline" };
  const agent = createMaxAgent(createChatModel(llm), tools);
  return { kind: "llm", agent, model: llm.model, memoryMessages: llm.memoryMessages };
}
