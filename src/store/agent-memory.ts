// The agent's memory per conversation: serialized LangChain messages (human, ai with its tool calls,
// tool results), appended once per turn and read back newest-last. Every model turn reads and writes
// here, so the statements are prepared once.
import { inTransaction, type StoreContext } from "./context.js";
import { requireInTenant } from "./tenant-ref.js";

export interface MemoryEntry {
  role: string;
  payload: Record<string, unknown>;
}

export function agentMemoryRepository(ctx: StoreContext) {
  const { sqlite, clock } = ctx;
  const lastTurn = sqlite.prepare(
    "select coalesce(max(turn), 0) as turn from agent_messages where tenant_id = ? and conversation_id = ?",
  );
  const insert = sqlite.prepare(
    `insert into agent_messages (tenant_id, conversation_id, turn, role, payload, created_at)
     values (?, ?, ?, ?, ?, ?)`,
  );
  const recent = sqlite.prepare(
    `select role, payload from agent_messages where tenant_id = ? and conversation_id = ?
     order by id desc limit ?`,
  );

  return {
    /** Appends one turn's messages; returns the turn number. */
    appendTurn(tenantId: number, conversationId: number, entries: MemoryEntry[]): number {
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Conversation", tenantId, conversationId);
        const turn = (lastTurn.get(tenantId, conversationId) as { turn: number }).turn + 1;
        const at = clock().getTime();
        for (const e of entries)
          insert.run(tenantId, conversationId, turn, e.role, JSON.stringify(e.payload), at);
        return turn;
      });
    },

    /** The last `limit` messages of the conversation, oldest first. */
    recent(tenantId: number, conversationId: number, limit: number): MemoryEntry[] {
      const rows = recent.all(tenantId, conversationId, limit) as { role: string; payload: string }[];
      return rows.reverse().map((r) => ({ role: r.role, payload: JSON.parse(r.payload) }));
    },
  };
}

export type AgentMemoryRepository = ReturnType<typeof agentMemoryRepository>;
