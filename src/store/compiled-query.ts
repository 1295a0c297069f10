// drizzle runs a prepared query through generic code on every call: each parameter and each result
// column is classified again by walking its prototype chain. On an indexed lookup that costs several
// times what SQLite takes to answer, so the queries a scenario step runs every time are compiled once
// more here: parameter and column decoders are resolved once, and a row is built by a plain loop.
// Queries this does not handle (nested selections, subquery fields, custom mappers) keep drizzle's path.
//
// drizzle also binds LIMIT as a parameter. SQLite (built with STAT4, as better-sqlite3 is) reads a
// bound LIMIT while planning, so rebinding it expires the statement and every call parsed and
// planned the query again: a constant limit is written into the SQL instead.
import type Database from "better-sqlite3";
import { Column, is, Param, Placeholder, SQL } from "drizzle-orm";

type Values = Record<string, unknown>;
type Decoder = { mapFromDriverValue(value: unknown): unknown };
type Field = { path: string[]; field: unknown };

/** What a drizzle better-sqlite3 prepared query holds (drizzle-orm 0.45, `better-sqlite3/session.js`). */
interface PreparedInternals {
  stmt: Database.Statement;
  query: { sql: string; params: unknown[] };
  fields?: Field[];
  customResultMapper?: unknown;
}

interface Runnable {
  get(values?: Values): unknown;
  all(values?: Values): unknown;
  run(values?: Values): unknown;
}

function missing(name: string): never {
  throw new Error(`No value for placeholder "${name}" was provided`);
}

function paramReader(p: unknown): (values: Values) => unknown {
  if (is(p, Placeholder)) {
    const { name } = p;
    return (values) => (name in values ? values[name] : missing(name));
  }
  if (is(p, Param) && is(p.value, Placeholder)) {
    const { name } = p.value;
    const encoder = p.encoder;
    return (values) => (name in values ? encoder.mapToDriverValue(values[name]) : missing(name));
  }
  return () => p;
}

/** A column decodes itself; an sql`` expression (aliased or not) carries its decoder, untyped. */
function decoderOf(field: unknown): Decoder | undefined {
  if (is(field, Column)) return field;
  const expression = is(field, SQL) ? field : is(field, SQL.Aliased) ? field.sql : undefined;
  return (expression as unknown as { decoder?: Decoder } | undefined)?.decoder;
}

const BOUND_LIMIT = / limit \?$/;

function withConstantLimit(q: PreparedInternals): { stmt: Database.Statement; params: unknown[] } {
  const { sql, params } = q.query;
  const limit = params.at(-1);
  if (!BOUND_LIMIT.test(sql) || !Number.isInteger(limit)) return { stmt: q.stmt, params };
  return {
    stmt: q.stmt.database.prepare(sql.replace(BOUND_LIMIT, ` limit ${limit}`)),
    params: params.slice(0, -1),
  };
}

/** The same query with drizzle's results, without drizzle's per-call classification. */
export function compiled<Q extends Runnable>(query: Q): Pick<Q, "get" | "all" | "run"> {
  const q = query as unknown as PreparedInternals;
  const fields = q.fields;
  // Joined tables' nulls (joinsNotNullableMap) only concern nested fields, which keep drizzle's path.
  if (!fields || q.customResultMapper || fields.some((f) => f.path.length !== 1)) {
    return query;
  }
  const decoders = fields.map((f) => decoderOf(f.field));
  // A field kind not handled here (a scalar subquery…) keeps drizzle's path.
  if (decoders.includes(undefined)) return query;
  const { stmt, params } = withConstantLimit(q);
  const readers = params.map(paramReader);
  const names = fields.map((f) => f.path[0] as string);
  const paramsOf = (values: Values = {}) => readers.map((read) => read(values));
  const toRow = (raw: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = raw[i];
      row[names[i] as string] = value === null ? null : (decoders[i] as Decoder).mapFromDriverValue(value);
    }
    return row;
  };
  return {
    get: ((values?: Values) => {
      const raw = stmt.raw(true).get(...paramsOf(values)) as unknown[] | undefined;
      return raw === undefined ? undefined : toRow(raw);
    }) as Q["get"],
    all: ((values?: Values) =>
      (stmt.raw(true).all(...paramsOf(values)) as unknown[][]).map(toRow)) as Q["all"],
    run: ((values?: Values) => stmt.run(...paramsOf(values))) as Q["run"],
  };
}
