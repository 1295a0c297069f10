// What every repository shares: the drizzle handle, the raw connection (for transactions and FTS),
// the clock, and the scope a write is made under.
import type Database from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { StoreError } from "./errors.js";
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

/**
 * Runs a write in one transaction that takes SQLite's write lock up front (BEGIN IMMEDIATE), so a
 * read-then-write can never deadlock with another process; nested calls become savepoints of the
 * outer one, which holds the lock already. A lock still held by another process after the busy
 * timeout becomes a StoreError the caller can report ("réessayez"); nothing was written.
 */
export function inTransaction<T>(ctx: StoreContext, fn: () => T): T {
  const tx = ctx.sqlite.transaction(fn);
  try {
    return tx.immediate();
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new StoreError("BUSY", "La base de données est occupée, réessayez dans un instant.");
    }
    throw error;
  }
}
