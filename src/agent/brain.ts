// Which brain answers: the LLM agent when a model is configured, the offline command brain otherwise.
// A model failure's text is handed on with the configured key and anything credential-shaped masked.
import type { LlmConfig } from "../config.js";
import { redact } from "../domain/index.js";
import { createChatModel, createMaxAgent } from "./langchain-agent.js";
import type { ToolSet } from "./tool.js";
import type { Brain } from "./turn.js";

/** `onModelError` gets the provider's error text, redacted (for the log; never for the user). */
export function createBrain(llm: LlmConfig, tools: ToolSet, onModelError?: (detail: string) => void): Brain {
  if (llm.provider === "offline" || !llm.model) return { kind: "offline" };
  const agent = createMaxAgent(createChatModel(llm), tools);
  return {
    kind: "llm",
    agent,
    model: llm.model,
    memoryMessages: llm.memoryMessages,
    onModelError: onModelError && ((detail) => onModelError(redact(detail, [llm.apiKey]).slice(0, 2_000))),
  };
}
