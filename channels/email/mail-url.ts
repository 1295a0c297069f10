// The SMTP and IMAP URLs a tenant's mailbox is configured with (smtp[s]://user:pass@host:port,
// imap[s]://user:pass@host:port/MAILBOX) as nodemailer and imapflow options. The password is part of
// the URL: print or log only maskUrl(url).
import type { ImapFlowOptions } from "imapflow";

export { maskUrl } from "../../src/store/email-accounts.js";

const decode = (s: string) => decodeURIComponent(s);

function parse(raw: string, protocols: readonly string[]): URL {
  const url = new URL(raw);
  const protocol = url.protocol.replace(/:$/, "");
  if (!protocols.includes(protocol))
    throw new Error(`protocole ${protocol} inattendu (${protocols.join(" ou ")})`);
  if (!url.hostname) throw new Error("hôte manquant");
  return url;
}

export function smtpOptions(raw: string) {
  const url = parse(raw, ["smtp", "smtps"]);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    ...(url.username ? { auth: { user: decode(url.username), pass: decode(url.password) } } : {}),
    // A loopback relay (tests, a local Postfix) speaks plain SMTP.
    ignoreTLS: !secure && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
}

export interface ImapTarget {
  options: ImapFlowOptions;
  mailbox: string;
  /** What the cursor is keyed by: user, host and mailbox (another account starts from scratch). */
  key: string;
}

export function imapTarget(raw: string): ImapTarget {
  const url = parse(raw, ["imap", "imaps"]);
  const secure = url.protocol === "imaps:";
  const mailbox = decode(url.pathname.replace(/^\/+/, "")) || "INBOX";
  const user = decode(url.username);
  return {
    options: {
      host: url.hostname,
      port: Number(url.port) || (secure ? 993 : 143),
      secure,
      auth: { user, pass: decode(url.password) },
      logger: false,
    },
    mailbox,
    key: `${user}@${url.host}/${mailbox}`,
  };
}
