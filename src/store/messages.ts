// Messages (the seeds' "Messages HTML"): drafts, the outbox and what was received, per channel.
import { and, asc, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { compiled } from "./compiled-query.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { messages } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export const MESSAGE_CHANNELS = ["email", "whatsapp", "sms", "slack", "web", "botframework"] as const;
/** `queued` is the outbox: waiting for a channel adapter to deliver it. */
export const MESSAGE_STATUSES = [
  "draft",
  "queued",
  "sending",
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
  recipient?: string | null;
  meta?: Record<string, unknown>;
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

  const ph = sql.placeholder;
  // Every message queued (a scenario step, a reply) goes through this insert: prepared once. The
  // nullable JSON and date columns take driver values (sql`` passes them as is), so NULL stays NULL.
  const insert = compiled(
    db
      .insert(messages)
      .values({
        tenantId: ph("tenantId"),
        leadId: ph("leadId"),
        conversationId: ph("conversationId"),
        channel: ph("channel"),
        direction: ph("direction"),
        subject: ph("subject"),
        bodyHtml: ph("bodyHtml"),
        bodyText: ph("bodyText"),
        template: ph("template"),
        segment: sql`${ph("segment")}`,
        status: ph("status"),
        providerId: ph("providerId"),
        recipient: ph("recipient"),
        meta: ph("meta"),
        scheduledAt: sql`${ph("scheduledAt")}`,
        createdAt: ph("now"),
        updatedAt: ph("now"),
      })
      .returning()
      .prepare(),
  );

  const create = (scope: Scope, input: NewMessage): Message => {
    if (!MESSAGE_CHANNELS.includes(input.channel) || !MESSAGE_STATUSES.includes(input.status)) {
      throw new StoreError(
        "INVALID_INPUT",
        `Canal ou statut de message invalide : ${input.channel}/${input.status}.`,
      );
    }
    return inTransaction(ctx, () => {
      requireInTenant(ctx, "Lead", scope.tenantId, input.leadId);
      requireInTenant(ctx, "Conversation", scope.tenantId, input.conversationId);
      const message = insert.get({
        tenantId: scope.tenantId,
        leadId: input.leadId ?? null,
        conversationId: input.conversationId ?? null,
        channel: input.channel,
        direction: input.direction,
        subject: input.subject ?? null,
        bodyHtml: input.bodyHtml ?? null,
        bodyText: input.bodyText,
        template: input.template ?? null,
        segment: input.segment == null ? null : JSON.stringify(input.segment),
        status: input.status,
        providerId: input.providerId ?? null,
        recipient: input.recipient ?? null,
        meta: input.meta ?? {},
        scheduledAt: input.scheduledAt?.getTime() ?? null,
        now: clock(),
      }) as Message;
      audit.record(scope, {
        action: "message.create",
        entity: "message",
        entityId: message.id,
        after: message,
      });
      return message;
    });
  };

  const findByProviderId = (tenantId: number, channel: MessageChannel, providerId: string) =>
    db
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

  /** queued -> sending, compare-and-set: the one who moves it sends it. */
  const claimOne = (id: number, now: Date, tenantId?: number): Message[] =>
    db
      .update(messages)
      .set({ status: "sending", attempts: sql`${messages.attempts} + 1`, updatedAt: now })
      .where(
        and(
          eq(messages.id, id),
          eq(messages.status, "queued"),
          tenantId === undefined ? undefined : eq(messages.tenantId, tenantId),
        ),
      )
      .returning()
      .all();

  return {
    create,

    /** Claims one queued message to send it now (a notice that cannot wait for the outbox's turn). */
    claim(tenantId: number, id: number): Message | undefined {
      return claimOne(id, clock(), tenantId)[0];
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

    /** The outbound message of a conversation that shows the confirmation card of this action. */
    findWithCard(tenantId: number, conversationId: number, actionId: number): Message | undefined {
      return db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.tenantId, tenantId),
            eq(messages.conversationId, conversationId),
            eq(messages.direction, "out"),
            sql`exists (select 1 from json_each(${messages.meta}, '$.cards') where json_extract(value, '$.actionId') = ${actionId})`,
          ),
        )
        .orderBy(asc(messages.id))
        .limit(1)
        .get();
    },

    /** When the lead last wrote to us on this channel (WhatsApp's 24-hour window counts from it). */
    lastInboundAt(tenantId: number, leadId: number, channel: MessageChannel): Date | undefined {
      return db
        .select({ at: messages.createdAt })
        .from(messages)
        .where(
          and(
            eq(messages.tenantId, tenantId),
            eq(messages.leadId, leadId),
            eq(messages.channel, channel),
            eq(messages.direction, "in"),
          ),
        )
        .orderBy(desc(messages.id))
        .limit(1)
        .get()?.at;
    },

    /** A conversation's messages after a given id, oldest first (what a web chat polls). */
    listConversation(tenantId: number, conversationId: number, afterId = 0, limit = 50): Message[] {
      return db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.tenantId, tenantId),
            eq(messages.conversationId, conversationId),
            gt(messages.id, afterId),
          ),
        )
        .orderBy(asc(messages.id))
        .limit(limit)
        .all();
    },

    /** What was said to M.A.X. in a conversation, newest first: the Espace M.A.X.'s history. */
    recentInbound(tenantId: number, conversationId: number, limit = 200): Message[] {
      return db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.tenantId, tenantId),
            eq(messages.conversationId, conversationId),
            eq(messages.direction, "in"),
          ),
        )
        .orderBy(desc(messages.id))
        .limit(limit)
        .all();
    },

    /**
     * The outbox worker's claim, across tenants like the scheduler's: queued messages whose next try
     * is due move to `sending` by compare-and-set, so two workers never send the same one.
     */
    claimOutbox(limit = 50): Message[] {
      return inTransaction(ctx, () => {
        const now = clock();
        const due = db
          .select({ id: messages.id })
          .from(messages)
          .where(
            and(
              eq(messages.status, "queued"),
              or(isNull(messages.nextAttemptAt), lte(messages.nextAttemptAt, now)),
            ),
          )
          .orderBy(asc(messages.id))
          .limit(limit)
          .all();
        return due.flatMap(({ id }) => claimOne(id, now));
      });
    },

    /** A transient failure: back to the outbox for another try at `retryAt`. */
    retryLater(scope: Scope, id: number, error: string, retryAt: Date): void {
      db.update(messages)
        .set({ status: "queued", error, nextAttemptAt: retryAt, updatedAt: clock() })
        .where(
          and(eq(messages.tenantId, scope.tenantId), eq(messages.id, id), eq(messages.status, "sending")),
        )
        .run();
    },

    /** Sends interrupted by a stop go back to the outbox; returns how many. */
    releaseSending(): number {
      return db
        .update(messages)
        .set({ status: "queued", updatedAt: clock() })
        .where(eq(messages.status, "sending"))
        .run().changes;
    },

    /**
     * A received message, stored once per provider id: a retried job finds the row its first try
     * wrote instead of writing a second one (`created` says which). Undefined when the id is one of
     * our own outbound messages (our mail looping back to our mailbox): nothing was received.
     */
    receive(
      scope: Scope,
      input: NewMessage & { providerId: string },
    ): { message: Message; created: boolean } | undefined {
      return inTransaction(ctx, () => {
        const stored = findByProviderId(scope.tenantId, input.channel, input.providerId);
        if (stored?.direction === "out") return undefined;
        return stored
          ? { message: stored, created: false }
          : { message: create(scope, { ...input, direction: "in" }), created: true };
      });
    },

    findByProviderId,

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
        // The lead's timeline shows where its message stands (queued, sent, failed), not where it started.
        if (after.leadId !== null && after.direction === "out") {
          ctx.sqlite
            .prepare(
              `update activities set meta = json_set(meta, '$.status', ?, '$.error', ?)
               where tenant_id = ? and lead_id = ? and json_extract(meta, '$.messageId') = ?`,
            )
            .run(after.status, after.error, scope.tenantId, after.leadId, id);
        }
        audit.record(scope, { action: "message.status", entity: "message", entityId: id, before, after });
        return after;
      });
    },
  };
}

export type MessageRepository = ReturnType<typeof messageRepository>;
