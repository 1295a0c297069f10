// Opens the SQLite file with WAL and foreign keys on, and applies the migrations in drizzle/.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "./context.js";
import { schema } from "./schema.js";

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../drizzle");

export interface OpenOptions {
  path: string;
  busyTimeoutMs?: number;
  migrate?: boolean;
}

export function openDatabase({ path, busyTimeoutMs = 5000, migrate: runMigrations = true }: OpenOptions): {
  sqlite: Database.Database;
  db: Db;
} {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { timeout: busyTimeoutMs });
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  if (runMigrations) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { sqlite, db };
}
