// Signatures between M.A.X. and a tenant's n8n, in the manner of Slack's signed requests: each
// tenant's key is derived from MAX_N8N_SECRET, so no per-tenant secret is ever stored, and a body
// is signed with its timestamp so that a captured request cannot be replayed later. Pure: the
// clock is a parameter.
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "X-Max-Timestamp";
export const SIGNATURE_HEADER = "X-Max-Signature";
/** How far a request's timestamp may be from our clock, either way. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export type Clock = () => Date;
const systemClock: Clock = () => new Date();

export interface SignatureHeaders {
  [TIMESTAMP_HEADER]: string;
  [SIGNATURE_HEADER]: string;
}

export type Verification = { ok: true } | { ok: false; reason: "missing" | "stale" | "forged" };

const hmacHex = (key: string, text: string) => createHmac("sha256", key).update(text).digest("hex");

/**
 * The tenant's signing key, as hex. The hex text itself is the HMAC key on both sides, because that
 * is what an operator pastes into n8n's Crypto node.
 */
export function deriveTenantKey(masterSecret: string, tenantSlug: string): string {
  return hmacHex(masterSecret, `n8n:${tenantSlug}`);
}

const signatureOf = (key: string, timestamp: string, rawBody: string) =>
  `sha256=${hmacHex(key, `${timestamp}.${rawBody}`)}`;

/** Headers for a body sent exactly as `rawBody` (sign the string you send, not a re-serialisation). */
export function signBody(key: string, rawBody: string, clock: Clock = systemClock): SignatureHeaders {
  const timestamp = String(Math.floor(clock().getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signatureOf(key, timestamp, rawBody) };
}

/** Node's request headers (lower-case names); a repeated header counts as missing. */
type HeaderBag = Record<string, string | string[] | undefined>;
const single = (headers: HeaderBag, name: string) => {
  const value = headers[name.toLowerCase()];
  return typeof value === "string" ? value : undefined;
};

export function verifySignature(
  key: string,
  rawBody: string,
  headers: HeaderBag,
  clock: Clock = systemClock,
): Verification {
  const timestamp = single(headers, TIMESTAMP_HEADER);
  const signature = single(headers, SIGNATURE_HEADER);
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing" };
  if (Math.abs(clock().getTime() - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS) {
    return { ok: false, reason: "stale" };
  }
  const expected = Buffer.from(signatureOf(key, timestamp, rawBody));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the key.
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  return same ? { ok: true } : { ok: false, reason: "forged" };
}
