// Each measurement gets its own SQLite file in a fresh temporary directory, so the WAL and SHM files
// go away with it and no run can see another run's data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDb {
  path: string;
  remove(): void;
}

export function tempDb(name: string): TempDb {
  const dir = mkdtempSync(join(tmpdir(), `max-bench-${name}-`));
  return { path: join(dir, `${name}.db`), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs fn on a fresh temporary database and always deletes the files afterwards. */
export async function withTempDb<T>(name: string, fn: (path: string) => Promise<T> | T): Promise<T> {
  const db = tempDb(name);
  try {
    return await fn(db.path);
  } finally {
    db.remove();
  }
}
