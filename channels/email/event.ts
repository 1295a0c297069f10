// A parsed mail as the inbound event every channel hands to M.A.X.: its Message-ID (or a hash of the
// raw mail when it has none) is the provider's id, the sender's address who wrote, and the ids of
// our mails it may answer (In-Reply-To, References from the nearest, a bounce's quoted ids).
import { createHash } from "node:crypto";
import type { InboundEvent } from "../../src/outbox/channel.js";
import type { InboundMail } from "./parse.js";

const providerIdOf = (mail: InboundMail, raw: Buffer) =>
  mail.messageId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`;

export function mailEvent(tenantId: number, mail: InboundMail, raw: Buffer): InboundEvent {
  const sender = mail.from ?? "";
  return {
    channel: "email",
    providerId: providerIdOf(mail, raw),
    tenantId,
    sender,
    conversationKey: sender,
    text: mail.text,
    mail: {
      subject: mail.subject,
      kind: mail.kind,
      threadIds: [...mail.inReplyTo, ...[...mail.references].reverse(), ...mail.quotedIds],
    },
  };
}
