// LLM tokens spent per turn (prompt and completion), kept apart from the tenant's token ledger: the
// ledger is what the tenant pays per action, this is what the model cost us, for cost reports.
import { and, eq, gte, sql } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import { llmUsage } from "./schema.js";

export interface LlmTurnUsage {
  conversationId?: number | null;
  userId?: number | null;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export function llmUsageRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  const insert = ctx.sqlite.prepare(
    `insert into llm_usage (tenant_id, conversation_id, user_id, model, calls, input_tokens, output_tokens, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record(tenantId: number, u: LlmTurnUsage): void {
      const at = clock().getTime();
      insert.run(
        tenantId,
        u.conversationId ?? null,
        u.userId ?? null,
        u.model,
        u.calls,
        u.inputTokens,
        u.outputTokens,
        at,
      );
    },

    totals(tenantId: number, since = new Date(0)) {
      return (
        db
          .select({
            turns: sql<number>`count(*)`,
            calls: sql<number>`coalesce(sum(${llmUsage.calls}), 0)`,
            inputTokens: sql<number>`coalesce(sum(${llmUsage.inputTokens}), 0)`,
            outputTokens: sql<number>`coalesce(sum(${llmUsage.outputTokens}), 0)`,
          })
          .from(llmUsage)
          .where(and(eq(llmUsage.tenantId, tenantId), gte(llmUsage.createdAt, since)))
          .get() ?? { turns: 0, calls: 0, inputTokens: 0, outputTokens: 0 }
      );
    },
  };
}
