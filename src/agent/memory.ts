// The conversation memory the model sees: the stored history, bounded to the last N messages and cut
// so that it starts at a human message (never at a tool result whose call was cut off). Tool results
// are stored shortened, so one huge search cannot bloat every later prompt.
import {
  type BaseMessage,
  mapChatMessagesToStoredMessages,
  mapStoredMessagesToChatMessages,
  type StoredMessage,
} from "@langchain/core/messages";
import type { Store } from "../store/index.js";

const TOOL_RESULT_MAX_CHARS = 1500;

/** The last `max` messages, starting at a human turn. Pure. */
export function boundHistory(messages: BaseMessage[], max: number): BaseMessage[] {
  const window = messages.slice(-max);
  const start = window.findIndex((m) => m.type === "human");
  return start < 0 ? [] : window.slice(start);
}

function shorten(stored: StoredMessage): StoredMessage {
  const content = stored.data.content;
  if (stored.type !== "tool" || typeof content !== "string" || content.length <= TOOL_RESULT_MAX_CHARS)
    return stored;
  return { ...stored, data: { ...stored.data, content: `${content.slice(0, TOOL_RESULT_MAX_CHARS)} […]` } };
}

export function loadHistory(
  store: Store,
  tenantId: number,
  conversationId: number,
  max: number,
): BaseMessage[] {
  const rows = store.agentMemory.recent(tenantId, conversationId, max);
  const stored = rows.map((r) => r.payload as unknown as StoredMessage);
  return boundHistory(mapStoredMessagesToChatMessages(stored), max);
}

export function saveTurn(
  store: Store,
  tenantId: number,
  conversationId: number,
  messages: BaseMessage[],
): void {
  if (messages.length === 0) return;
  const entries = mapChatMessagesToStoredMessages(messages).map((m) => ({
    role: m.type,
    payload: shorten(m) as unknown as Record<string, unknown>,
  }));
  store.agentMemory.appendTurn(tenantId, conversationId, entries);
}
