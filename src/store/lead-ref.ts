// Checks that a lead, user or conversation id belongs to the tenant before a row points at it, so a
// foreign id gets a clear NOT_FOUND instead of a constraint error.
import { and, eq } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import { notFound } from "./errors.js";
import { conversations, leads, users } from "./schema.js";

export function requireLeadId(ctx: StoreContext, tenantId: number, leadId: number): void {
  const row = ctx.db
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), eq(leads.id, leadId)))
    .get();
  if (!row) throw notFound("Lead", leadId);
}

export function requireUserId(ctx: StoreContext, tenantId: number, userId: number | null | undefined): void {
  if (userId == null) return;
  const row = ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)))
    .get();
  if (!row) throw notFound("Utilisateur", userId);
}

export function requireConversationId(ctx: StoreContext, tenantId: number, conversationId: number): void {
  const row = ctx.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
    .get();
  if (!row) throw notFound("Conversation", conversationId);
}
