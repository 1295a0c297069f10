// Checking that a webhook delivery really comes from EspoCRM. Each registered webhook has its own id
// and secret key; EspoCRM signs the raw body of a batch as
// `Signature: base64(webhookId + ":" + hex(hmac_sha256(secretKey, rawBody)))` (9.0+) and sends the
// older `X-Signature: base64(webhookId + ":" + raw binary hmac)` as well (the only one before 9.0).
// The body must be verified as received: PHP escapes "/" and non-ASCII characters, so a re-encoded
// body does not match. No timestamp is signed: a delivery signed by another webhook (one re-registered
// since, or another tenant's) is refused by its id; replays are the receiver's to dedupe. Pure.
import { createHmac, timingSafeEqual } from "node:crypto";

export interface EspoWebhookKey {
  webhookId: string;
  secretKey: string;
}

export type EspoWebhookVerification =
  | { ok: true; webhookId: string }
  | { ok: false; reason: "missing" | "wrong_webhook" | "forged" };

/** Node's request headers (lower-case names); a repeated header counts as missing. */
type HeaderBag = Record<string, string | string[] | undefined>;
const single = (headers: HeaderBag, name: string) => {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
};

/** The signature header decoded: the webhook id before the first ":", the proof after it. */
function decode(header: string | undefined): { id: string; proof: Buffer } | null {
  if (!header || !/^[A-Za-z0-9+/]+={0,2}$/.test(header)) return null;
  const raw = Buffer.from(header, "base64");
  const colon = raw.indexOf(0x3a);
  if (colon <= 0) return null;
  return { id: raw.subarray(0, colon).toString("latin1"), proof: raw.subarray(colon + 1) };
}

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * The webhook id a delivery claims to come from (unverified), to pick its secret when one receiver
 * URL serves several webhooks.
 */
export function espoWebhookIdOf(headers: HeaderBag): string | null {
  return decode(single(headers, "signature") ?? single(headers, "x-signature"))?.id ?? null;
}

export function verifyEspoWebhook(
  rawBody: string | Buffer,
  headers: HeaderBag,
  key: EspoWebhookKey,
): EspoWebhookVerification {
  const body = typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody;
  const mac = createHmac("sha256", key.secretKey).update(body).digest();
  const current = decode(single(headers, "signature"));
  const legacy = current ? null : decode(single(headers, "x-signature"));
  const claimed = current ?? legacy;
  if (!claimed) return { ok: false, reason: "missing" };
  if (!sameBytes(Buffer.from(claimed.id), Buffer.from(key.webhookId))) {
    return { ok: false, reason: "wrong_webhook" };
  }
  const expected = current ? Buffer.from(mac.toString("hex")) : mac;
  return sameBytes(claimed.proof, expected)
    ? { ok: true, webhookId: key.webhookId }
    : { ok: false, reason: "forged" };
}
