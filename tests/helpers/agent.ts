// A staff user's turn context on a test store, and an LLM brain pointed at a loopback OpenAI server.

import { createBrain } from "../../src/agent/brain.js";
import type { GateContext } from "../../src/agent/gate.js";
import { toolSet } from "../../src/agent/tool.js";
import type { Brain } from "../../src/agent/turn.js";
import type { Store, User } from "../../src/store/index.js";
import { TOOLS } from "../../tools/index.js";
import { testRuntime } from "./runtime.js";

/** Every tool, as the runtime hands them to the agent. */
export const tools = toolSet(TOOLS);

export function turnContext(store: Store, tenantId: number, user: User, channel = "test") {
  const tenant = store.tenants.require(tenantId);
  const conversation = store.conversations.open(tenant.id, channel, `user-${user.id}`, user.id);
  const ctx: GateContext & { conversationId: number } = {
    store,
    tools,
    tenant,
    user,
    scope: { tenantId: tenant.id, actor: `user:${user.id}` },
    mode: tenant.defaultMode,
    conversationId: conversation.id,
    settings: testRuntime(store).settings,
  };
  return ctx;
}

export function loopbackBrain(
  baseUrl: string,
  memoryMessages = 40,
  { apiKey = "sk-test", onModelError }: { apiKey?: string; onModelError?: (detail: string) => void } = {},
): Brain {
  return createBrain(
    {
      provider: "openai",
      model: "max-test-model",
      baseUrl,
      apiKey,
      timeoutMs: 5000,
      memoryMessages,
    },
    tools,
    onModelError,
  );
}
