// The n8n request signature: derived per tenant, bound to its timestamp, refused when stale or forged.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveTenantKey, signBody, verifySignature } from "../../src/integrations/n8n-signature.js";

const SECRET = "master-secret-for-tests-0123456789";
const key = deriveTenantKey(SECRET, "agence");
const body = JSON.stringify({ runId: 1, scenario: "relance-devis" });
const at = (iso: string) => () => new Date(iso);
const signedAt = (iso: string, rawBody = body) => {
  const h = signBody(key, rawBody, at(iso));
  // As node:http hands them to a server: lower-case names.
  return { "x-max-timestamp": h["X-Max-Timestamp"], "x-max-signature": h["X-Max-Signature"] };
};

describe("n8n signatures", () => {
  it("derives one key per tenant from the master secret, as HMAC-SHA256(secret, 'n8n:' + slug)", () => {
    expect(key).toBe(createHmac("sha256", SECRET).update("n8n:agence").digest("hex"));
    expect(deriveTenantKey(SECRET, "autre")).not.toBe(key);
    expect(deriveTenantKey(`${SECRET}x`, "agence")).not.toBe(key);
  });

  it("signs timestamp + '.' + body, in seconds, as n8n's Crypto node can recompute it", () => {
    const headers = signBody(key, body, at("2026-11-16T10:00:00.900Z"));
    const ts = String(Date.parse("2026-11-16T10:00:00Z") / 1000);
    expect(headers).toEqual({
      "X-Max-Timestamp": ts,
      "X-Max-Signature": `sha256=${createHmac("sha256", key).update(`${ts}.${body}`).digest("hex")}`,
    });
  });

  it("accepts a good signature within five minutes either way", () => {
    const headers = signedAt("2026-11-16T10:00:00Z");
    for (const now of ["2026-11-16T10:00:00Z", "2026-11-16T10:04:59Z", "2026-11-16T09:55:01Z"]) {
      expect(verifySignature(key, body, headers, at(now))).toEqual({ ok: true });
    }
  });

  it("refuses a stale request, even correctly signed", () => {
    const headers = signedAt("2026-11-16T10:00:00Z");
    expect(verifySignature(key, body, headers, at("2026-11-16T10:05:01Z"))).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifySignature(key, body, headers, at("2026-11-16T09:54:59Z"))).toMatchObject({
      reason: "stale",
    });
  });

  it("refuses a forged request: another body, another key, a moved timestamp, a truncated signature", () => {
    const now = at("2026-11-16T10:00:00Z");
    const headers = signedAt("2026-11-16T10:00:00Z");
    const forged = { ok: false, reason: "forged" };
    expect(verifySignature(key, body.replace("1", "2"), headers, now)).toEqual(forged);
    expect(verifySignature(deriveTenantKey(SECRET, "autre"), body, headers, now)).toEqual(forged);
    const moved = { ...headers, "x-max-timestamp": String(Number(headers["x-max-timestamp"]) + 1) };
    expect(verifySignature(key, body, moved, now)).toEqual(forged);
    const truncated = { ...headers, "x-max-signature": headers["x-max-signature"].slice(0, -1) };
    expect(verifySignature(key, body, truncated, now)).toEqual(forged);
  });

  it("refuses a request without its headers or with a malformed timestamp", () => {
    const now = at("2026-11-16T10:00:00Z");
    const headers = signedAt("2026-11-16T10:00:00Z");
    const missing = { ok: false, reason: "missing" };
    expect(verifySignature(key, body, {}, now)).toEqual(missing);
    expect(verifySignature(key, body, { ...headers, "x-max-signature": undefined }, now)).toEqual(missing);
    expect(verifySignature(key, body, { ...headers, "x-max-timestamp": "soon" }, now)).toEqual(missing);
    expect(verifySignature(key, body, { ...headers, "x-max-timestamp": ["1", "2"] }, now)).toEqual(missing);
  });
});
