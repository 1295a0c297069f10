// Query strings the way EspoCRM (PHP) reads them: nested values as bracketed names,
// `where[0][type]=in&where[0][value][0]=New`. Brackets are left literal, everything else encoded. Pure.

const enc = (text: string) => encodeURIComponent(text);

function pairs(prefix: string, value: unknown, out: string[]): void {
  // PHP has no null in a query string: a null or absent value is simply not sent.
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      pairs(`${prefix}[${i}]`, item, out);
    });
  } else if (typeof value === "object") {
    for (const [key, item] of Object.entries(value)) pairs(`${prefix}[${enc(key)}]`, item, out);
  } else {
    out.push(`${prefix}=${enc(typeof value === "boolean" ? (value ? "true" : "false") : String(value))}`);
  }
}

export function phpQuery(params: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) pairs(enc(key), value, out);
  return out.join("&");
}
