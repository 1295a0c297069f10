// The connection's statement reuse under drizzle: one compiled statement per SQL text, given back in
// object-row mode even after drizzle switched it to raw rows, and a bounded number kept.
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { reuseStatements } from "../../src/store/statement-reuse.js";

let sqlite: Database.Database;
afterEach(() => sqlite.close());

function connection(max?: number) {
  sqlite = new Database(":memory:");
  sqlite.exec("create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b')");
  reuseStatements(sqlite, max);
  return sqlite;
}

describe("reuseStatements", () => {
  it("compiles a SQL text once and hands it back in object-row mode", () => {
    const db = connection();
    const first = db.prepare("select id, name from t order by id");
    expect(first.raw().all()).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
    const again = db.prepare("select id, name from t order by id");
    expect(again).toBe(first);
    expect(again.get()).toEqual({ id: 1, name: "a" });
    // Statements that return no data have no row mode to reset.
    const insert = db.prepare("insert into t (name) values (?)");
    expect(db.prepare("insert into t (name) values (?)")).toBe(insert);
    expect(insert.run("c").changes).toBe(1);
  });

  it("keeps at most `max` statements, dropping the least recently used", () => {
    const db = connection(2);
    const a = db.prepare("select 1 as n");
    const b = db.prepare("select 2 as n");
    expect(db.prepare("select 1 as n")).toBe(a); // a is now the most recent
    db.prepare("select 3 as n"); // drops b
    expect(db.prepare("select 1 as n")).toBe(a);
    expect(db.prepare("select 2 as n")).not.toBe(b);
  });
});
