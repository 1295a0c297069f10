// The identifiers a campaign's recipient carries: its tracking token (in the pixel and link URLs) and
// the Message-ID of its mail, chosen when the campaign starts so that a send repeated after a crash
// carries the same one. The Message-ID names its campaign, so a bounce report finds the recipient
// through the campaign's index.
import { randomBytes, randomUUID } from "node:crypto";

/** A tracking token: 32 random bytes, 43 URL-safe characters. */
export const newTrackingToken = (): string => randomBytes(32).toString("base64url");

export const TRACKING_TOKEN = /^[\w-]{43}$/;

export const campaignMessageId = (campaignId: number, domain: string): string =>
  `<campaign-${campaignId}-${randomUUID()}@${domain}>`;

export function campaignIdOfMessageId(messageId: string): number | undefined {
  const id = /^<campaign-(\d+)-[0-9a-f-]{36}@/.exec(messageId)?.[1];
  return id ? Number(id) : undefined;
}
