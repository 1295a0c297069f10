// One raw e-mail as M.A.X. keeps it: ids for threading (Message-ID, In-Reply-To, References), the
// sender, the subject, and the reply's own text (mailparser decodes parts and charsets, HTML-only
// mail becomes text, email-reply-parser drops the quoted history and the signature), bounded in size.
// Whether it is a bounce or an automatic reply is decided here too: neither counts as an answer.
import EmailReplyParser from "email-reply-parser";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";

/** What is kept of a reply's text; the rest of a huge body is dropped. */
export const MAX_TEXT_CHARS = 20_000;

export type MailKind = "reply" | "bounce" | "auto_reply";

export interface InboundMail {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: string | null;
  subject: string;
  text: string;
  kind: MailKind;
  /** For a bounce: the Message-IDs quoted in its report (the mail that could not be delivered). */
  quotedIds: string[];
}

const IDS = /<[^<>\s]+>/g;
const idsOf = (value: string | string[] | undefined): string[] =>
  [value ?? []].flat().flatMap((v) => v.match(IDS) ?? []);

function firstAddress(from: AddressObject | AddressObject[] | undefined): string | null {
  const address = [from ?? []].flat()[0]?.value[0]?.address;
  return address ? address.trim().toLowerCase() : null;
}

const header = (mail: ParsedMail, name: string): string => {
  const value = mail.headers.get(name);
  if (value == null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object" && "value" in value) return String((value as { value: unknown }).value);
  return String(value);
};

const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;
const BOUNCE_SUBJECT =
  /^(undeliver(ed|able)|delivery status notification|mail delivery (failed|failure)|returned mail|non remis|échec de (la )?remise|message non distribu)/i;
const AUTO_SUBJECT =
  /^(out of (the )?office|absence|automatic reply|auto(matic)?[- ]?(reply|response)|réponse automatique|message d'absence|auto:|je suis absente?)/i;

/** A delivery failure report, or an automatic answer (RFC 3834 Auto-Submitted, vendor headers, subjects). */
export function kindOf(mail: ParsedMail, from: string | null): MailKind {
  const type = header(mail, "content-type").toLowerCase();
  const subject = (mail.subject ?? "").trim();
  if (
    (from && BOUNCE_SENDER.test(from)) ||
    type.includes("report-type=delivery-status") ||
    BOUNCE_SUBJECT.test(subject)
  ) {
    return "bounce";
  }
  const autoSubmitted = header(mail, "auto-submitted").toLowerCase();
  const precedence = header(mail, "precedence").toLowerCase();
  if (
    (autoSubmitted && autoSubmitted !== "no") ||
    mail.headers.has("x-autoreply") ||
    mail.headers.has("x-autorespond") ||
    ["auto_reply", "bulk", "junk", "list"].includes(precedence) ||
    AUTO_SUBJECT.test(subject)
  ) {
    return "auto_reply";
  }
  return "reply";
}

/** The visible reply: quoted history and signature removed; the whole text if that leaves nothing. */
export function replyText(text: string): string {
  const bounded = text.slice(0, MAX_TEXT_CHARS * 2);
  let visible = "";
  try {
    visible = new EmailReplyParser().parseReply(bounded).trim();
  } catch {
    visible = "";
  }
  return (visible || bounded.trim()).slice(0, MAX_TEXT_CHARS);
}

const QUOTED_MESSAGE_ID = /^message-id:\s*(<[^<>\s]+>)/gim;

export async function parseMail(raw: Buffer | string): Promise<InboundMail> {
  const mail = await simpleParser(raw, {
    skipImageLinks: true,
    skipTextToHtml: true,
    maxHtmlLengthToParse: 2_000_000,
  });
  const from = firstAddress(mail.from);
  const kind = kindOf(mail, from);
  const body = mail.text ?? "";
  return {
    messageId: mail.messageId?.match(IDS)?.[0] ?? null,
    inReplyTo: idsOf(mail.inReplyTo),
    references: idsOf(mail.references),
    from,
    subject: (mail.subject ?? "").slice(0, 300),
    // A bounce's text names the failed address; keep it whole (bounded) rather than "the reply".
    text: kind === "reply" ? replyText(body) : body.slice(0, MAX_TEXT_CHARS),
    kind,
    quotedIds:
      kind === "bounce"
        ? [...raw.toString("latin1").matchAll(QUOTED_MESSAGE_ID)].flatMap((m) => m[1] ?? [])
        : [],
  };
}
