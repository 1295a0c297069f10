// Compiled prepared queries return exactly what drizzle returns (dates, JSON, booleans, nulls, sql``
// columns), fill and encode placeholders the same way, write a constant LIMIT into the SQL, and leave the
// shapes they do not handle (nested selections) to drizzle.
import Database from "better-sqlite3";
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterEach, describe, expect, it } from "vitest";
import { compiled } from "../../src/store/compiled-query.js";
import { reuseStatements } from "../../src/store/statement-reuse.js";

const notes = sqliteTable("notes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  owner: integer("owner").notNull(),
  title: text("title").notNull(),
  meta: text("meta", { mode: "json" }).$type<{ tags: string[] }>(),
  pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

let sqlite: Database.Database;
afterEach(() => sqlite.close());

function database() {
  sqlite = new Database(":memory:");
  sqlite.exec(`create table notes (id integer primary key autoincrement, owner integer not null,
    title text not null, meta text, pinned integer not null default 0, created_at integer not null)`);
  reuseStatements(sqlite);
  const db = drizzle(sqlite);
  const at = new Date("2026-11-16T09:00:00Z");
  db.insert(notes)
    .values([
      { owner: 1, title: "a", meta: { tags: ["x"] }, pinned: true, createdAt: at },
      { owner: 1, title: "b", meta: null, createdAt: new Date(at.getTime() + 1000) },
      { owner: 2, title: "c", meta: { tags: [] }, createdAt: at },
    ])
    .run();
  return db;
}

const ph = sql.placeholder;

describe("compiled", () => {
  it("returns the rows drizzle returns, with every column decoded", () => {
    const db = database();
    const query = db
      .select()
      .from(notes)
      .where(eq(notes.owner, ph("owner")))
      .orderBy(notes.id)
      .prepare();
    const fast = compiled(query);
    expect(fast.all({ owner: 1 })).toEqual(query.all({ owner: 1 }));
    expect(fast.get({ owner: 1 })).toEqual(query.get({ owner: 1 }));
    const first = fast.get({ owner: 1 }) as { createdAt: Date; meta: unknown; pinned: boolean };
    expect(first.createdAt).toBeInstanceOf(Date);
    expect(first.meta).toEqual({ tags: ["x"] });
    expect(first.pinned).toBe(true);
    expect(fast.get({ owner: 3 })).toBeUndefined();
    expect(fast.all({ owner: 3 })).toEqual([]);
  });

  it("decodes sql`` columns with their mapWith", () => {
    const db = database();
    const query = db
      .select({ n: sql<number>`count(*)`.mapWith(Number), title: notes.title })
      .from(notes)
      .where(and(eq(notes.owner, ph("owner")), eq(notes.createdAt, ph("at"))))
      .prepare();
    // A placeholder in a comparison is bound as given (drizzle does not encode it): a driver value.
    const values = { owner: 1, at: new Date("2026-11-16T09:00:00Z").getTime() };
    expect(compiled(query).get(values)).toEqual({ n: 1, title: "a" });
    expect(compiled(query).get(values)).toEqual(query.get(values));
  });

  it("writes a constant limit into the SQL and still binds a placeholder limit", () => {
    const db = database();
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      prepared.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    const constant = compiled(db.select().from(notes).orderBy(notes.id).limit(2).prepare());
    expect(constant.all().map((n) => n.title)).toEqual(["a", "b"]);
    expect(prepared.at(-1)).toMatch(/ limit 2$/);
    const bound = compiled(db.select().from(notes).orderBy(notes.id).limit(ph("n")).prepare());
    expect(bound.all({ n: 1 }).map((n) => n.title)).toEqual(["a"]);
    expect(() => bound.all({})).toThrow(/No value for placeholder "n"/);
  });

  it("encodes the placeholders of inserted values and decodes returned rows", () => {
    const db = database();
    const insert = db
      .insert(notes)
      .values({ owner: ph("owner"), title: ph("title"), createdAt: ph("at") })
      .returning()
      .prepare();
    const row = compiled(insert).get({ owner: 3, title: "d", at: new Date(0) });
    expect(row).toMatchObject({ id: 4, owner: 3, title: "d", pinned: false, meta: null });
    expect((row as { createdAt: Date }).createdAt.getTime()).toBe(0);
    const rename = compiled(
      db
        .update(notes)
        .set({ title: "z" })
        .where(eq(notes.id, ph("id")))
        .prepare(),
    );
    expect((rename.run({ id: 4 }) as Database.RunResult).changes).toBe(1);
  });

  it("leaves nested selections to drizzle", () => {
    const db = database();
    const query = db
      .select({ note: { id: notes.id, title: notes.title } })
      .from(notes)
      .where(eq(notes.id, 1))
      .prepare();
    expect(compiled(query)).toBe(query);
    expect(compiled(query).get()).toEqual({ note: { id: 1, title: "a" } });
  });
});
