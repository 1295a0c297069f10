// Pending actions: what Assisté prepared and waits for a human to confirm. Status moves by
// compare-and-set, so two concurrent confirmations can only win once.
import { and, asc, eq, lt } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound } from "./errors.js";
import { pendingActions } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export const PENDING_STATUSES = ["pending", "executing", "done", "failed", "cancelled", "expired"] as const;
export type PendingStatus = (typeof PENDING_STATUSES)[number];
export type PendingAction = Omit<typeof pendingActions.$inferSelect, "status"> & { status: PendingStatus };

export interface NewPendingAction {
  tool: string;
  args: Record<string, unknown>;
  preview: string;
  mode: string;
  cost: number;
  balanceAfter: number;
  requesterId?: number | null;
  conversationId?: number | null;
  confirmationsNeeded?: number;
  ttlMs?: number;
}

const DAY_MS = 86_400_000;

export function pendingActionRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const get = (tenantId: number, id: number): PendingAction | undefined =>
    db
      .select()
      .from(pendingActions)
      .where(and(eq(pendingActions.tenantId, tenantId), eq(pendingActions.id, id)))
      .get() as PendingAction | undefined;

  return {
    create(scope: Scope, input: NewPendingAction): PendingAction {
      const { ttlMs = DAY_MS, ...values } = input;
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Utilisateur", scope.tenantId, values.requesterId);
        const action = db
          .insert(pendingActions)
          .values({
            ...values,
            tenantId: scope.tenantId,
            status: "pending",
            expiresAt: new Date(clock().getTime() + ttlMs),
          })
          .returning()
          .get() as PendingAction;
        audit.record(scope, {
          action: "pending.create",
          entity: "pending_action",
          entityId: action.id,
          after: action,
          cost: 0,
        });
        return action;
      });
    },

    get,

    listPending(tenantId: number, conversationId?: number): PendingAction[] {
      const conditions = [eq(pendingActions.tenantId, tenantId), eq(pendingActions.status, "pending")];
      if (conversationId !== undefined) conditions.push(eq(pendingActions.conversationId, conversationId));
      return db
        .select()
        .from(pendingActions)
        .where(and(...conditions))
        .orderBy(asc(pendingActions.id))
        .all() as PendingAction[];
    },

    /**
     * Moves an action from one status to another only if it is still in `from`; returns the updated
     * action, or undefined when someone else moved it first.
     */
    transition(
      scope: Scope & { userId?: number | null },
      id: number,
      from: PendingStatus,
      to: PendingStatus,
      result?: unknown,
    ): PendingAction | undefined {
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (!before) throw notFound("Action en attente", id);
        requireInTenant(ctx, "Utilisateur", scope.tenantId, scope.userId);
        const after = db
          .update(pendingActions)
          .set({
            status: to,
            ...(result !== undefined ? { result } : {}),
            ...(from === "pending" ? { decidedAt: clock(), decidedBy: scope.userId ?? null } : {}),
          })
          .where(
            and(
              eq(pendingActions.tenantId, scope.tenantId),
              eq(pendingActions.id, id),
              eq(pendingActions.status, from),
            ),
          )
          .returning()
          .get() as PendingAction | undefined;
        if (after)
          audit.record(scope, {
            action: `pending.${to}`,
            entity: "pending_action",
            entityId: id,
            before,
            after,
          });
        return after;
      });
    },

    /**
     * Counts one confirmation of an action that needs several, if nobody counted it since `seen`;
     * returns the updated action or undefined when it lost the race.
     */
    countConfirmation(
      scope: Scope & { userId?: number | null },
      id: number,
      seen: number,
    ): PendingAction | undefined {
      return inTransaction(ctx, () => {
        const after = db
          .update(pendingActions)
          .set({ confirmations: seen + 1 })
          .where(
            and(
              eq(pendingActions.tenantId, scope.tenantId),
              eq(pendingActions.id, id),
              eq(pendingActions.status, "pending"),
              eq(pendingActions.confirmations, seen),
            ),
          )
          .returning()
          .get() as PendingAction | undefined;
        if (after)
          audit.record(scope, {
            action: "pending.confirmation",
            entity: "pending_action",
            entityId: id,
            after: { confirmations: after.confirmations, of: after.confirmationsNeeded },
          });
        return after;
      });
    },

    /** Marks this tenant's overdue pending actions as expired; returns how many. */
    expireDue(scope: Scope): number {
      return inTransaction(ctx, () => {
        const expired = db
          .update(pendingActions)
          .set({ status: "expired" })
          .where(
            and(
              eq(pendingActions.tenantId, scope.tenantId),
              eq(pendingActions.status, "pending"),
              lt(pendingActions.expiresAt, clock()),
            ),
          )
          .returning({ id: pendingActions.id })
          .all();
        for (const { id } of expired)
          audit.record(scope, { action: "pending.expired", entity: "pending_action", entityId: id });
        return expired.length;
      });
    },
  };
}

export type PendingActionRepository = ReturnType<typeof pendingActionRepository>;
