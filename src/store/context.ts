// What every repository shares: the drizzle handle, the raw connection (for transactions and FTS),
// the clock, and the scope a write is made under.
import type Database from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { schema } from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;
export type Clock = () => Date;

export interface StoreContext {
  db: Db;
  sqlite: Database.Database;
  clock: Clock;
}

/** Who writes, for which tenant. Reads take the tenant id alone. */
export interface Scope {
  tenantId: number;
  actor: string;
  mode?: string;
}

/** Runs fn in one transaction (a savepoint when nested). `immediate` takes the write lock up front. */
export function inTransaction<T>(ctx: StoreContext, fn: () => T, immediate = false): T {
  const tx = ctx.sqlite.transaction(fn);
  return immediate ? tx.immediate() : tx();
}
