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

// better-sqlite3 builds four wrapper functions per transaction() call; a scenario step opens half a
// dozen nested transactions, so each connection keeps one wrapper that runs the function it is given.
const runners = new WeakMap<Database.Database, Database.Transaction<(fn: () => unknown) => unknown>>();
function runnerOf(sqlite: Database.Database) {
  let runner = runners.get(sqlite);
  if (!runner) {
    runner = sqlite.transaction((fn: () => unknown) => fn());
    runners.set(sqlite, runner);
  }
  return runner;
}

/**
 * Runs a write in one transaction that takes SQLite's write lock up front (BEGIN IMMEDIATE), so a
 * read-then-write can never deadlock with another process; nested calls become savepoints of the
 * outer one, which holds the lock already. A lock still held by another process after the busy
 * timeout becomes a StoreError the caller can report ("réessayez"); nothing was written.
 */
export function inTransaction<T>(ctx: StoreContext, fn: () => T): T {
  try {
    return runnerOf(ctx.sqlite).immediate(fn) as T;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new StoreError("BUSY", "La base de données est occupée, réessayez dans un instant.");
    }
    throw error;
  }
}
