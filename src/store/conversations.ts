// Conversations: one per channel thread (a Slack thread, a WhatsApp number, a web session).
import { and, eq } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import { conversations } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export type Conversation = typeof conversations.$inferSelect;

export function conversationRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  return {
    open(tenantId: number, channel: string, externalId: string, userId?: number | null): Conversation {
      requireInTenant(ctx, "Utilisateur", tenantId, userId);
      const now = clock();
      return db
        .insert(conversations)
        .values({ tenantId, channel, externalId, userId: userId ?? null, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [conversations.tenantId, conversations.channel, conversations.externalId],
          set: { updatedAt: now },
        })
        .returning()
        .get();
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
