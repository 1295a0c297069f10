// Stores one fetched e-mail, in the caller's transaction: deduplicated by Message-ID (or a hash of the
// raw mail when it has none), tied to its lead — by In-Reply-To / References to one of our mails first,
// then by the sender's address — and put on the lead's timeline. A reply or a bounce from a known lead
// queues a job for the worker; mail from an unknown sender is only stored, for a human to read.
// "unsubscribe" / STOP from a lead opts them out of e-mail at once, like STOP on WhatsApp. A reply or
// an opt-out applies the stop rules of the lead's running sequences at once.
import { createHash } from "node:crypto";
import { applyStopRulesNow } from "../../src/scenarios/stop-now.js";
import type { Message, Store } from "../../src/store/index.js";
import type { InboundMail } from "./parse.js";

export const EMAIL_RECEIVED_JOB = "email.received";

const UNSUBSCRIBE = /^\s*(unsubscribe|d[ée]sinscri(ption|re|vez-moi)|d[ée]sabonne(ment|r|z-moi)|stop)\b/i;

export interface Match {
  leadId: number | null;
  matchedBy: "thread" | "sender" | null;
  /** Our message this one answers or reports on. */
  original: Message | null;
}

export const providerIdOf = (mail: InboundMail, raw: Buffer) =>
  mail.messageId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`;

/** The lead a mail is about: our mail it answers (thread ids, a bounce's quoted ids), else its sender. */
export function matchMail(store: Store, tenantId: number, mail: InboundMail): Match {
  const ids = [...mail.inReplyTo, ...[...mail.references].reverse(), ...mail.quotedIds];
  for (const id of ids) {
    const original = store.messages.findByProviderId(tenantId, "email", id);
    if (original?.direction === "out" && original.leadId) {
      return { leadId: original.leadId, matchedBy: "thread", original };
    }
  }
  const lead = mail.kind !== "bounce" && mail.from ? store.leads.findByEmail(tenantId, mail.from) : undefined;
  return lead
    ? { leadId: lead.id, matchedBy: "sender", original: null }
    : { leadId: null, matchedBy: null, original: null };
}

/** Stores the mail unless it was stored before; returns the new message, or undefined for a duplicate. */
export function receiveMail(
  store: Store,
  tenantId: number,
  mail: InboundMail,
  raw: Buffer,
): Message | undefined {
  const providerId = providerIdOf(mail, raw);
  if (store.messages.findByProviderId(tenantId, "email", providerId)) return undefined;
  const match = matchMail(store, tenantId, mail);
  const scope = { tenantId, actor: match.leadId ? `lead:${match.leadId}` : "email:unknown" };
  const optOut =
    mail.kind === "reply" &&
    (UNSUBSCRIBE.test(mail.subject) || UNSUBSCRIBE.test(mail.text.split("\n")[0] ?? ""));
  const message = store.messages.create(scope, {
    channel: "email",
    direction: "in",
    status: "received",
    leadId: match.leadId,
    providerId,
    subject: mail.subject,
    bodyText: mail.text,
    meta: {
      kind: mail.kind,
      from: mail.from,
      matchedBy: match.matchedBy,
      answers: match.original?.id ?? null,
      ...(optOut ? { optOut: true } : {}),
      ...(match.leadId ? {} : { forHuman: true }),
    },
  });
  if (!match.leadId) return message;
  store.activities.add(scope, match.leadId, {
    kind: "email_in",
    body: mail.text.slice(0, 2_000),
    meta: { messageId: message.id, kind: mail.kind, subject: mail.subject },
  });
  if (optOut) {
    store.leads.setConsent(scope, match.leadId, "email", "opt_out");
    applyStopRulesNow(store, scope, match.leadId);
    return message;
  }
  if (mail.kind === "reply") applyStopRulesNow(store, scope, match.leadId);
  if (mail.kind !== "auto_reply") {
    store.jobs.enqueue(scope, {
      kind: EMAIL_RECEIVED_JOB,
      idempotencyKey: `email:${message.id}`,
      dueAt: store.ctx.clock(),
      payload: { messageId: message.id },
    });
  }
  return message;
}
