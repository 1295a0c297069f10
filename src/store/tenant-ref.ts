// Checks that an id a row is about to point at belongs to the tenant, so a foreign or unknown id
// gets a clear NOT_FOUND instead of a constraint error. A null id (no owner, no requester) passes.
// Nearly every write checks one, so each check is a statement prepared once per connection.
import { and, eq, sql } from "drizzle-orm";
import { compiled } from "./compiled-query.js";
import type { StoreContext } from "./context.js";
import { notFound } from "./errors.js";
import { conversations, leads, users } from "./schema.js";

const TABLES = {
  Lead: leads,
  Utilisateur: users,
  Conversation: conversations,
} as const;

type What = keyof typeof TABLES;
type Check = { get(params: { tenantId: number; id: number }): unknown };
const prepared = new WeakMap<StoreContext["db"], Map<What, Check>>();

function checkFor(ctx: StoreContext, what: What): Check {
  const checks = prepared.get(ctx.db) ?? new Map<What, Check>();
  prepared.set(ctx.db, checks);
  let check = checks.get(what);
  if (!check) {
    const table = TABLES[what];
    check = compiled(
      ctx.db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.tenantId, sql.placeholder("tenantId")), eq(table.id, sql.placeholder("id"))))
        .prepare(),
    );
    checks.set(what, check);
  }
  return check;
}

export function requireInTenant(
  ctx: StoreContext,
  what: What,
  tenantId: number,
  id: number | null | undefined,
): void {
  if (id == null) return;
  if (!checkFor(ctx, what).get({ tenantId, id })) throw notFound(what, id);
}
