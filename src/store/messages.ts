// Messages (the seeds' "Messages HTML"): drafts, the outbox and what was received, per channel.
import { and, desc, eq } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { messages } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export const MESSAGE_CHANNELS = ["email", "whatsapp", "sms", "slack", "web", "botframework"] as const;
/** `queued` is the outbox: waiting for a channel adapter to deliver it. */
export const MESSAGE_STATUSES = [
  "draft",
  "queued",
  "scheduled",
  "sent",
  "delivered",
  "failed",
  "received",
] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type Message = typeof messages.$inferSelect;

export interface NewMessage {
  channel: MessageChannel;
  direction: "in" | "out";
  status: MessageStatus;
  leadId?: number | null;
  conversationId?: number | null;
  subject?: string | null;
  bodyHtml?: string | null;
  bodyText: string;
  template?: string | null;
  segment?: Record<string, unknown> | null;
  providerId?: string | null;
  scheduledAt?: Date | null;
}

export function messageRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const get = (tenantId: number, id: number): Message | undefined =>
    db
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id)))
      .get();

  return {
    create(scope: Scope, input: NewMessage): Message {
      if (!MESSAGE_CHANNELS.includes(input.channel) || !MESSAGE_STATUSES.includes(input.status)) {
        throw new StoreError(
          "INVALID_INPUT",
          `Canal ou statut de message invalide : ${input.channel}/${input.status}.`,
        );
      }
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Lead", scope.tenantId, input.leadId);
        requireInTenant(ctx, "Conversation", scope.tenantId, input.conversationId);
        const message = db
          .insert(messages)
          .values({ ...input, tenantId: scope.tenantId, createdAt: clock(), updatedAt: clock() })
          .returning()
          .get();
        audit.record(scope, {
          action: "message.create",
          entity: "message",
          entityId: message.id,
          after: message,
        });
        return message;
      });
    },

    get,

    listByLead(tenantId: number, leadId: number, limit = 20): Message[] {
      return db
        .select()
        .from(messages)
        .where(and(eq(messages.tenantId, tenantId), eq(messages.leadId, leadId)))
        .orderBy(desc(messages.id))
        .limit(limit)
        .all();
    },

    findByProviderId(tenantId: number, channel: MessageChannel, providerId: string): Message | undefined {
      return db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.tenantId, tenantId),
            eq(messages.channel, channel),
            eq(messages.providerId, providerId),
          ),
        )
        .get();
    },

    setStatus(
      scope: Scope,
      id: number,
      change: { status: MessageStatus; providerId?: string | null; error?: string | null },
    ): Message {
      if (!MESSAGE_STATUSES.includes(change.status)) {
        throw new StoreError("INVALID_INPUT", `Statut de message inconnu : ${change.status}.`);
      }
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (!before) throw notFound("Message", id);
        const now = clock();
        const after = db
          .update(messages)
          .set({
            ...change,
            updatedAt: now,
            ...(change.status === "sent" && !before.sentAt ? { sentAt: now } : {}),
          })
          .where(and(eq(messages.tenantId, scope.tenantId), eq(messages.id, id)))
          .returning()
          .get();
        audit.record(scope, { action: "message.status", entity: "message", entityId: id, before, after });
        return after;
      });
    },
  };
}

export type MessageRepository = ReturnType<typeof messageRepository>;
