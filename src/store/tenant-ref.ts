// Checks that an id a row is about to point at belongs to the tenant, so a foreign or unknown id
// gets a clear NOT_FOUND instead of a constraint error. A null id (no owner, no requester) passes.
import { and, eq } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import { notFound } from "./errors.js";
import { conversations, leads, users } from "./schema.js";

const TABLES = {
  Lead: leads,
  Utilisateur: users,
  Conversation: conversations,
} as const;

export function requireInTenant(
  ctx: StoreContext,
  what: keyof typeof TABLES,
  tenantId: number,
  id: number | null | undefined,
): void {
  if (id == null) return;
  const table = TABLES[what];
  const row = ctx.db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)))
    .get();
  if (!row) throw notFound(what, id);
}
