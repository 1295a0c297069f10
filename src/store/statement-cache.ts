// Runs drizzle `sql` queries through prepared statements kept by their SQL text. Searches are built
// per call from a small set of shapes, and compiling the same statement on every call costs more
// than running it on a tidy index.
import type Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";

const MAX_STATEMENTS = 256;

export function statementCache(sqlite: Database.Database) {
  const dialect = new SQLiteSyncDialect();
  const statements = new Map<string, Database.Statement>();

  const prepare = (query: SQL) => {
    const { sql, params } = dialect.sqlToQuery(query);
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = sqlite.prepare(sql);
      statements.set(sql, statement);
    }
    return { statement, params };
  };

  return {
    all<T>(query: SQL): T[] {
      const { statement, params } = prepare(query);
      return statement.all(...params) as T[];
    },
    get<T>(query: SQL): T | undefined {
      const { statement, params } = prepare(query);
      return statement.get(...params) as T | undefined;
    },
  };
}
