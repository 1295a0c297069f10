// Slack's request signature (v0): HMAC-SHA256 of "v0:ts:rawBody" with the signing secret, compared in
// constant time, and a timestamp within five minutes either way so a captured request cannot be
// replayed. Bolt's isValidSlackRequest only rejects old timestamps, hence this small check of our own.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const MAX_SKEW_SECONDS = 5 * 60;

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function slackSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(rawBody);
  return `v0=${hmac.digest("hex")}`;
}

export function isSignedBySlack(
  secret: string,
  req: { headers: IncomingHttpHeaders; rawBody: Buffer },
  nowMs = Date.now(),
): boolean {
  const timestamp = header(req.headers, "x-slack-request-timestamp");
  const signature = header(req.headers, "x-slack-signature");
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const expected = Buffer.from(slackSignature(secret, timestamp, req.rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
