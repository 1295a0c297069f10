// The pages of the unsubscribe link, locked down: they run no script and load nothing, cannot be
// framed (no clickjacking of the confirmation button), are not sniffed as another type, cached or
// sent as a referrer (the URL carries the token). Their one stylesheet is allowed by its hash.
import { createHash } from "node:crypto";
import type { HttpResponse } from "../../src/outbox/route.js";

const STYLE = "body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}h1{font-size:1.4em}";
const STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

export const PAGE_HEADERS: Record<string, string> = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": `default-src 'none'; style-src '${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** A page with this status, French title and body (HTML the caller escaped). */
export function unsubscribePage(status: number, title: string, body: string): HttpResponse {
  return {
    status,
    headers: PAGE_HEADERS,
    body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title><style>${STYLE}</style></head><body><h1>${title}</h1>${body}</body></html>`,
  };
}
