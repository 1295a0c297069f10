import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { tempDir } from "../helpers/store.js";

const run = promisify(execFile);

const TABLES = [
  "tenants",
  "users",
  "user_identities",
  "leads",
  "lead_tags",
  "custom_field_definitions",
  "activities",
  "messages",
  "appointments",
  "token_ledger",
  "audit_log",
  "pending_actions",
  "conversations",
  "scheduled_jobs",
  "leads_fts",
];

describe("migrations", () => {
  it("build the whole schema from an empty file, with WAL and foreign keys on", () => {
    const path = join(tempDir(), "nested", "dir", "max.db");
    const store = openStore({ path });
    const names = store.ctx.sqlite
      .prepare("select name from sqlite_master where type in ('table')")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const table of TABLES) expect(names).toContain(table);
    expect(store.ctx.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.ctx.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    store.close();
  });

  it("are applied once: reopening the file changes nothing", () => {
    const path = join(tempDir(), "max.db");
    openStore({ path }).close();
    const count = () => {
      const db = new Database(path, { readonly: true });
      const n = (db.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n;
      db.close();
      return n;
    };
    const first = count();
    openStore({ path }).close();
    expect(count()).toBe(first);
    expect(first).toBeGreaterThanOrEqual(2);
  });

  it("survive several processes opening a fresh file at the same time", async () => {
    const path = join(tempDir(), "max.db");
    const cwd = new URL("../..", import.meta.url).pathname;
    const opens = Array.from({ length: 4 }, () =>
      run(process.execPath, ["--import", "tsx", "tests/fixtures/open-store.ts", path], { cwd }),
    );
    const counts = (await Promise.all(opens)).map((r) => Number(r.stdout));
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("keep the ledger and the audit log append-only", () => {
    const store = openStore({ path: join(tempDir(), "max.db") });
    const tenant = store.tenants.create({ slug: "t1", name: "T1", plan: "pro", vertical: "b2b" });
    store.ledger.summary(tenant.id);
    expect(() => store.ctx.sqlite.exec("update token_ledger set amount = 999999")).toThrow(/append-only/);
    expect(() => store.ctx.sqlite.exec("delete from token_ledger")).toThrow(/append-only/);
    expect(() => store.ctx.sqlite.exec("update audit_log set actor = 'x'")).toThrow(/append-only/);
    expect(() => store.ctx.sqlite.exec("delete from audit_log")).toThrow(/append-only/);
    store.close();
  });
});
