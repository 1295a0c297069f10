// Opens the SQLite file with WAL and foreign keys on, and applies the migrations in drizzle/.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Db } from "./context.js";
import { applyMigrations } from "./migrate.js";
import { schema } from "./schema.js";
import { reuseStatements } from "./statement-reuse.js";

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../drizzle");

export interface OpenOptions {
  path: string;
  busyTimeoutMs?: number;
  migrate?: boolean;
}

export function openDatabase({ path, busyTimeoutMs = 5000, migrate: runMigrations = true }: OpenOptions): {
  sqlite: Database.Database;
  db: Db;
  migrations: number;
} {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { timeout: busyTimeoutMs });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Savepoint journals and sort spills stay in memory: each scenario step runs in savepoints, whose
  // journal otherwise went to a temporary file (a tenth of the step runner's time was those writes).
  sqlite.pragma("temp_store = MEMORY");
  const db = drizzle(sqlite, { schema });
  const migrations = runMigrations ? applyMigrations(sqlite, MIGRATIONS_DIR) : 0;
  reuseStatements(sqlite);
  return { sqlite, db, migrations };
}
