// Conversations: one per channel thread (a Slack thread, a WhatsApp number, a web session).
import { and, eq, sql } from "drizzle-orm";
import { compiled } from "./compiled-query.js";
import type { StoreContext } from "./context.js";
import { conversations } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export type Conversation = typeof conversations.$inferSelect;

export function conversationRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  const p = sql.placeholder;
  // Every inbound message opens its conversation: prepared once.
  const upsert = compiled(
    db
      .insert(conversations)
      .values({
        tenantId: p("tenantId"),
        channel: p("channel"),
        externalId: p("externalId"),
        userId: p("userId"),
        createdAt: p("now"),
        updatedAt: p("now"),
      })
      .onConflictDoUpdate({
        target: [conversations.tenantId, conversations.channel, conversations.externalId],
        set: { updatedAt: sql`excluded.updated_at` },
      })
      .returning()
      .prepare(),
  );
  return {
    open(tenantId: number, channel: string, externalId: string, userId?: number | null): Conversation {
      requireInTenant(ctx, "Utilisateur", tenantId, userId);
      const row = upsert.get({ tenantId, channel, externalId, userId: userId ?? null, now: clock() });
      return row as Conversation;
    },

    /** Merges what a channel needs to answer later into the conversation's meta. */
    setMeta(tenantId: number, id: number, meta: Record<string, unknown>): void {
      const current = db
        .select({ meta: conversations.meta })
        .from(conversations)
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
        .get();
      if (!current) return;
      db.update(conversations)
        .set({ meta: { ...current.meta, ...meta }, updatedAt: clock() })
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
        .run();
    },

    /** Keeps what M.A.X.'s last reply offered; null once it offers nothing. */
    setOffer(tenantId: number, id: number, offer: Record<string, unknown> | null): void {
      db.update(conversations)
        .set({ offer })
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
        .run();
    },

    get(tenantId: number, id: number): Conversation | undefined {
      return db
        .select()
        .from(conversations)
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, id)))
        .get();
    },
  };
}

export type ConversationRepository = ReturnType<typeof conversationRepository>;
