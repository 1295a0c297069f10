// What the fake EspoCRM borrows from PHP: query strings parsed like parse_str (bracketed names make
// nested values, `a[]` appends, all-numeric keys make a list), JSON written like json_encode (`\/`
// and `\uXXXX` escapes, so a receiver must verify the raw bytes), intval, and EspoCRM's ids and UTC
// datetimes.
type Tree = { [key: string]: Tree | string };

function listify(node: Tree | string): unknown {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  const values = keys.map((k) => listify(node[k] as Tree | string));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map((k, i) => [Number(k), values[i]] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, v]) => v);
  }
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/** `where[0][type]=in&where[0][value][]=New` → `{where: [{type: "in", value: ["New"]}]}`. */
export function parsePhpQuery(search: string): Record<string, unknown> {
  const root: Tree = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(name);
    const head = m?.[1] ?? name;
    const segments = m?.[2] ? [...m[2].matchAll(/\[([^\]]*)\]/g)].map((s) => s[1] ?? "") : [];
    let node: Tree = root;
    let key = head;
    for (const segment of segments) {
      let child = node[key];
      if (typeof child !== "object") {
        child = {};
        node[key] = child;
      }
      node = child;
      key = segment === "" ? String(Object.keys(node).length) : segment;
    }
    node[key] = value;
  }
  return listify(root) as Record<string, unknown>;
}

/** PHP's json_encode with default flags: "/" as `\/`, every non-ASCII UTF-16 unit as `\uXXXX`. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** PHP's intval on a query value: leading digits, else 0. */
export function intval(value: unknown): number {
  const n = Number.parseInt(String(value ?? ""), 10);
  return Number.isNaN(n) ? 0 : n;
}

export const espoDateTime = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");
export const espoDate = (date: Date) => date.toISOString().slice(0, 10);

/** ATOM (`2026-05-01T10:00:00+02:00`) or Espo's own form → Espo's UTC form; null if neither. */
export function normalizeDateTime(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)) {
    return text.length === 16 ? `${text}:00` : text;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? null : espoDateTime(date);
  }
  return null;
}

let lastUniq = 0;
/**
 * 17 hex characters, time-ordered, like `Util::generateId`: PHP's uniqid() (8 hex seconds + 5 hex
 * microseconds) and 4 random. Strictly increasing here, even within one microsecond.
 */
export function generateId(now: Date): string {
  const micros = Math.max(now.getTime() * 1000, lastUniq + 1);
  lastUniq = micros;
  const seconds = Math.floor(micros / 1_000_000);
  const usec = micros % 1_000_000;
  return `${seconds.toString(16).padStart(8, "0")}${usec.toString(16).padStart(5, "0")}${Math.floor(
    Math.random() * 0x10000,
  )
    .toString(16)
    .padStart(4, "0")}`;
}
