// EspoCRM's search on the fake's records: where items (`{type, attribute, value, dateTime?,
// timeZone?}`, nested with and/or/not) compiled to a predicate, and ordering. Comparisons follow
// MariaDB's default collation (case- and accent-insensitive) and SQL nulls (a null never matches
// notEquals or notIn). Malformed items are 400s with EspoCRM's reasons. Simplified: day semantics
// (`dateTime: true`) in UTC only; month, quarter, year and fiscal types, linkedWithAll and subqueries
// are 400 "not implemented by the fake".
import { badRequest } from "./errors.js";
import { espoDate, espoDateTime, normalizeDateTime } from "./php.js";
import type { AttributeDef } from "./schema.js";

export type Row = Record<string, unknown>;
export type Predicate = (row: Row) => boolean;

export interface WhereContext {
  attributes: Map<string, AttributeDef>;
  now: Date;
  /** Ids of the records linked to `row` through `link` (e.g. targetLists), or null if no such link. */
  linked: (link: string, row: Row) => string[] | null;
  /** Attributes computed from others (a person's `name`). */
  computed?: Record<string, (row: Row) => unknown>;
}

const KNOWN_KEYS = new Set(["type", "attribute", "value", "dateTime", "timeZone"]);
const NOT_IMPLEMENTED = new Set([
  "currentMonth",
  "lastMonth",
  "nextMonth",
  "currentQuarter",
  "lastQuarter",
  "currentYear",
  "lastYear",
  "currentFiscalYear",
  "lastFiscalYear",
  "currentFiscalQuarter",
  "lastFiscalQuarter",
  "linkedWithAll",
  "subQueryIn",
  "subQueryNotIn",
  "expression",
  "columnLike",
  "columnIn",
  "columnNotIn",
  "columnIsNull",
  "columnIsNotNull",
  "columnEquals",
  "inCategory",
  "isUserFromTeams",
]);

/** MariaDB's utf8mb4_unicode_ci, roughly: case and accents ignored. */
export const fold = (text: string) =>
  !/[^\x20-\x7e]/.test(text)
    ? text.toLowerCase()
    : text
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase();

export function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" || typeof b === "boolean") return Number(a) - Number(b);
  const x = fold(String(a));
  const y = fold(String(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

const likeToRegExp = (pattern: string) =>
  new RegExp(
    `^${[...fold(pattern)]
      .map((c) => (c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
    "s",
  );

const DAY = 86_400_000;

export function compileWhere(items: unknown, ctx: WhereContext): Predicate {
  if (items === undefined || items === null || items === "") return () => true;
  const list = Array.isArray(items) ? items : typeof items === "object" ? Object.values(items) : null;
  if (!list) throw badRequest("Bad where.");
  const predicates = list.map((item) => compileItem(item, ctx));
  return (row) => predicates.every((p) => p(row));
}

function compileItem(raw: unknown, ctx: WhereContext): Predicate {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw badRequest("Bad where item.");
  const item = raw as Record<string, unknown>;
  for (const key of Object.keys(item)) {
    if (!KNOWN_KEYS.has(key)) throw badRequest(`Unknown parameter '${key}'.`);
  }
  const type = item.type;
  if (typeof type !== "string" || !type) throw badRequest("No 'type' in where item.");
  if (type === "and" || type === "or" || type === "not") {
    const inner = item.value;
    const parts = (
      Array.isArray(inner) ? inner : inner && typeof inner === "object" ? Object.values(inner) : []
    ).map((i) => compileItem(i, ctx));
    if (type === "and") return (row) => parts.every((p) => p(row));
    if (type === "or") return (row) => parts.some((p) => p(row));
    return (row) => !parts.every((p) => p(row));
  }
  if (NOT_IMPLEMENTED.has(type))
    throw badRequest(`Where item type '${type}' is not implemented by the fake.`);
  const name = item.attribute;
  if (typeof name !== "string" || !name) throw badRequest(`No 'attribute' in where item '${type}'.`);

  if (["linkedWith", "notLinkedWith", "isLinked", "isNotLinked"].includes(type)) {
    if (ctx.linked(name, {}) === null) throw badRequest(`Not existing link '${name}' in where.`);
    const ids = (Array.isArray(item.value) ? item.value : [item.value]).map(String);
    const linked = (row: Row) => ctx.linked(name, row) ?? [];
    if (type === "linkedWith") return (row) => linked(row).some((id) => ids.includes(id));
    if (type === "notLinkedWith") return (row) => !linked(row).some((id) => ids.includes(id));
    if (type === "isLinked") return (row) => linked(row).length > 0;
    return (row) => linked(row).length === 0;
  }

  const attr = ctx.attributes.get(name);
  if (!attr) throw badRequest(`Not existing attribute '${name}' in where.`);
  const computed = ctx.computed?.[name];
  const get = computed ? (row: Row) => computed(row) ?? null : (row: Row) => row[name] ?? null;
  const isDateTime = attr.type === "datetime";
  const isDate = attr.type === "date";
  const daySemantics = isDateTime && item.dateTime === true;
  if (daySemantics && item.timeZone && item.timeZone !== "UTC") {
    throw badRequest("The fake supports dateTime where items in UTC only.");
  }

  /** A where value as the attribute stores it (numbers as numbers, datetimes in Espo's UTC form). */
  const coerce = (v: unknown): unknown => {
    if (attr.type === "int" || attr.type === "float") return Number(v);
    if (attr.type === "bool") return v === true || v === "true" || v === "1" || v === 1;
    if (isDateTime && typeof v === "string") {
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v} 00:00:00`;
      return normalizeDateTime(v) ?? v;
    }
    return v;
  };
  const value = item.value;
  const scalar = (p: (v: unknown) => boolean): Predicate => {
    return (row) => {
      const v = get(row);
      return v !== null && p(v);
    };
  };
  // Coerced once, at compile time: the predicate runs on every row of every page.
  const coerced = Array.isArray(value) ? value.map(coerce) : coerce(value);
  const cmpTo = (v: unknown) => compare(v, coerced);

  // Day boundaries, for relative date types and dateTime: true.
  const today = new Date(Math.floor(ctx.now.getTime() / DAY) * DAY);
  const stamp = (d: Date) => (isDate ? espoDate(d) : espoDateTime(d));
  const range = (from: Date | null, to: Date | null): Predicate =>
    scalar(
      (v) => (from === null || compare(v, stamp(from)) >= 0) && (to === null || compare(v, stamp(to)) < 0),
    );
  const dayOf = (v: unknown) => {
    const d = new Date(`${String(v).slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) throw badRequest(`Bad date value in where item '${type}'.`);
    return d;
  };
  const days = () => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw badRequest(`Bad value in where item '${type}'.`);
    return n;
  };
  const plus = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

  if (daySemantics) {
    switch (type) {
      case "equals":
      case "on":
        return range(dayOf(value), plus(dayOf(value), 1));
      case "notEquals":
      case "notOn":
        return scalar((v) => !range(dayOf(value), plus(dayOf(value), 1))({ [name]: v }));
      case "after":
        return range(plus(dayOf(value), 1), null);
      case "before":
        return range(null, dayOf(value));
      case "between": {
        if (!Array.isArray(value) || value.length !== 2) throw badRequest("Bad where item 'between'.");
        return range(dayOf(value[0]), plus(dayOf(value[1]), 1));
      }
      case "today":
        return range(today, plus(today, 1));
    }
  }

  const asList = () => {
    if (!Array.isArray(value)) throw badRequest(`Bad where item '${type}'. Value should be an array.`);
    return value;
  };
  const arrayOf = (row: Row) => {
    const v = get(row);
    return Array.isArray(v) ? v.map((x) => fold(String(x))) : [];
  };
  const wanted = () =>
    (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map((x) =>
      fold(String(x)),
    );

  switch (type) {
    case "equals":
    case "on":
      return scalar((v) => cmpTo(v) === 0);
    case "notEquals":
    case "notOn":
      return scalar((v) => cmpTo(v) !== 0);
    case "in": {
      const list = asList().map(coerce);
      return scalar((v) => list.some((w) => compare(v, w) === 0));
    }
    case "notIn": {
      const list = asList().map(coerce);
      return scalar((v) => !list.some((w) => compare(v, w) === 0));
    }
    case "like":
    case "notLike": {
      const re = likeToRegExp(String(value ?? ""));
      return scalar((v) => re.test(fold(String(v))) === (type === "like"));
    }
    case "contains":
    case "notContains": {
      const re = likeToRegExp(`%${String(value ?? "")}%`);
      return scalar((v) => re.test(fold(String(v))) === (type === "contains"));
    }
    case "startsWith":
      return scalar((v) => fold(String(v)).startsWith(fold(String(value ?? ""))));
    case "endsWith":
      return scalar((v) => fold(String(v)).endsWith(fold(String(value ?? ""))));
    case "greaterThan":
    case "after":
      return scalar((v) => cmpTo(v) > 0);
    case "lessThan":
    case "before":
      return scalar((v) => cmpTo(v) < 0);
    case "greaterThanOrEquals":
      return scalar((v) => cmpTo(v) >= 0);
    case "lessThanOrEquals":
      return scalar((v) => cmpTo(v) <= 0);
    case "between": {
      if (!Array.isArray(value) || value.length !== 2) throw badRequest("Bad where item 'between'.");
      const [low, high] = [coerce(value[0]), coerce(value[1])];
      return scalar((v) => compare(v, low) >= 0 && compare(v, high) <= 0);
    }
    case "isNull":
      return (row) => get(row) === null;
    case "isNotNull":
    case "ever":
      return (row) => get(row) !== null;
    case "isTrue":
      return (row) => get(row) === true;
    case "isFalse":
      return (row) => get(row) !== true;
    case "today":
      return isDateTime ? scalar((v) => v === `${espoDate(today)} 00:00:00`) : range(today, plus(today, 1));
    case "past":
      return isDate ? range(null, today) : scalar((v) => compare(v, espoDateTime(ctx.now)) < 0);
    case "future":
      return isDate ? range(plus(today, 1), null) : scalar((v) => compare(v, espoDateTime(ctx.now)) > 0);
    case "lastSevenDays":
      return range(plus(today, -7), plus(today, 1));
    case "lastXDays":
      return range(plus(today, -days()), plus(today, 1));
    case "nextXDays":
      return range(today, plus(today, days() + 1));
    case "olderThanXDays":
      return range(null, plus(today, -days()));
    case "afterXDays":
      return range(plus(today, days() + 1), null);
    case "arrayAnyOf":
      return (row) => {
        const have = arrayOf(row);
        return wanted().some((w) => have.includes(w));
      };
    case "arrayNoneOf":
      return (row) => {
        const have = arrayOf(row);
        return !wanted().some((w) => have.includes(w));
      };
    case "arrayAllOf":
      return (row) => {
        const have = arrayOf(row);
        return wanted().every((w) => have.includes(w));
      };
    case "arrayIsEmpty":
      return (row) => arrayOf(row).length === 0;
    case "arrayIsNotEmpty":
      return (row) => arrayOf(row).length > 0;
    default:
      throw badRequest(`Unknown where item type '${type}'.`);
  }
}

/** Sorted copy: nulls first ascending (as MariaDB), ties broken by id in the same direction. */
export function orderRows(
  rows: Row[],
  orderBy: string,
  desc: boolean,
  value = (row: Row) => row[orderBy],
): Row[] {
  const sign = desc ? -1 : 1;
  const key = (v: unknown) => (v === null || v === undefined ? null : typeof v === "string" ? fold(v) : v);
  const keyed = rows.map((row) => ({ row, k: key(value(row)), id: String(row.id) }));
  keyed.sort((a, b) => {
    let c = 0;
    if (a.k === null || b.k === null) c = a.k === b.k ? 0 : a.k === null ? -1 : 1;
    else if (typeof a.k === "number" && typeof b.k === "number") c = a.k - b.k;
    else c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    if (c === 0) c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return c * sign;
  });
  return keyed.map((x) => x.row);
}
