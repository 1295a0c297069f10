// The agent's memory per conversation: serialized LangChain messages (human, ai with its tool calls,
// tool results), appended once per turn in one transaction and read back newest-last.
import { and, desc, eq, sql } from "drizzle-orm";
import { inTransaction, type StoreContext } from "./context.js";
import { agentMessages } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export interface MemoryEntry {
  role: string;
  payload: Record<string, unknown>;
}

export function agentMemoryRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  const inConversation = (tenantId: number, conversationId: number) =>
    and(eq(agentMessages.tenantId, tenantId), eq(agentMessages.conversationId, conversationId));

  return {
    /** Appends one turn's messages; returns the turn number. */
    appendTurn(tenantId: number, conversationId: number, entries: MemoryEntry[]): number {
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Conversation", tenantId, conversationId);
        const last = db
          .select({ turn: sql<number | null>`max(${agentMessages.turn})` })
          .from(agentMessages)
          .where(inConversation(tenantId, conversationId))
          .get();
        const turn = (last?.turn ?? 0) + 1;
        const createdAt = clock();
        for (const entry of entries) {
          db.insert(agentMessages)
            .values({ tenantId, conversationId, turn, role: entry.role, payload: entry.payload, createdAt })
            .run();
        }
        return turn;
      });
    },

    /** The last `limit` messages of the conversation, oldest first. */
    recent(tenantId: number, conversationId: number, limit: number): MemoryEntry[] {
      return db
        .select({ role: agentMessages.role, payload: agentMessages.payload })
        .from(agentMessages)
        .where(inConversation(tenantId, conversationId))
        .orderBy(desc(agentMessages.id))
        .limit(limit)
        .all()
        .reverse();
    },
  };
}

export type AgentMemoryRepository = ReturnType<typeof agentMemoryRepository>;
