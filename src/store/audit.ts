// The audit log: who changed what in which tenant, before and after, at what cost.
import { and, desc, eq } from "drizzle-orm";
import type { Scope, StoreContext } from "./context.js";
import { snapshot } from "./json.js";
import { auditLog } from "./schema.js";

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  cost?: number;
  undo?: unknown;
}

export type AuditRow = typeof auditLog.$inferSelect;

export function auditRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  return {
    record(scope: Scope, entry: AuditEntry): AuditRow {
      return db
        .insert(auditLog)
        .values({
          tenantId: scope.tenantId,
          actor: scope.actor,
          mode: scope.mode ?? null,
          action: entry.action,
          entity: entry.entity,
          entityId: entry.entityId == null ? null : String(entry.entityId),
          before: snapshot(entry.before),
          after: snapshot(entry.after),
          cost: entry.cost ?? 0,
          undo: snapshot(entry.undo),
          createdAt: clock(),
        })
        .returning()
        .get();
    },

    list(
      tenantId: number,
      filter: { entity?: string; entityId?: string | number; limit?: number } = {},
    ): AuditRow[] {
      const conditions = [eq(auditLog.tenantId, tenantId)];
      if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
      if (filter.entityId != null) conditions.push(eq(auditLog.entityId, String(filter.entityId)));
      return db
        .select()
        .from(auditLog)
        .where(and(...conditions))
        .orderBy(desc(auditLog.id))
        .limit(filter.limit ?? 50)
        .all();
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
