// Applies drizzle/ migrations under SQLite's write lock. drizzle's own migrator decides what to apply
// before it locks, so two processes opening a fresh file at once both ran 0000 and one crashed; here
// the check and the changes happen in one BEGIN IMMEDIATE. Same bookkeeping table as drizzle-kit.
import type Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";

const TABLE = "__drizzle_migrations";

export function applyMigrations(sqlite: Database.Database, migrationsFolder: string): number {
  const migrations = readMigrationFiles({ migrationsFolder });
  const apply = sqlite.transaction(() => {
    sqlite.exec(
      `create table if not exists ${TABLE} (id integer primary key, hash text not null, created_at numeric)`,
    );
    const last = sqlite.prepare(`select max(created_at) as at from ${TABLE}`).get() as { at: number | null };
    const pending = migrations.filter((m) => last.at === null || Number(last.at) < m.folderMillis);
    const record = sqlite.prepare(`insert into ${TABLE} (hash, created_at) values (?, ?)`);
    for (const migration of pending) {
      for (const statement of migration.sql) if (statement.trim()) sqlite.prepare(statement).run();
      record.run(migration.hash, migration.folderMillis);
    }
    return (sqlite.prepare(`select count(*) as n from ${TABLE}`).get() as { n: number }).n;
  });
  return apply.immediate();
}
