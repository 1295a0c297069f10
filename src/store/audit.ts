// The audit log: who changed what in which tenant, before and after, at what cost.
import { and, desc, eq } from "drizzle-orm";
import type { Scope, StoreContext } from "./context.js";
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

/** JSON text as drizzle's json columns store it (Dates become ISO strings); absent is NULL. */
const jsonText = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));

export function auditRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  // Every store write records one row here, so this insert is prepared once rather than rebuilt.
  const insert = ctx.sqlite.prepare(
    `insert into audit_log (tenant_id, actor, mode, action, entity, entity_id, before, after, cost, undo, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record(scope: Scope, entry: AuditEntry): void {
      insert.run(
        scope.tenantId,
        scope.actor,
        scope.mode ?? null,
        entry.action,
        entry.entity,
        entry.entityId == null ? null : String(entry.entityId),
        jsonText(entry.before),
        jsonText(entry.after),
        entry.cost ?? 0,
        jsonText(entry.undo),
        clock().getTime(),
      );
    },

    get(tenantId: number, id: number): AuditRow | undefined {
      return db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.id, id)))
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
