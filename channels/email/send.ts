// Delivers one outbound e-mail from the outbox through the tenant's SMTP server (nodemailer): HTML
// and text parts, the tenant's sender identity, our own Message-ID (so replies thread back to it), and
// one List-Unsubscribe header (URL + mailto) with List-Unsubscribe-Post for one-click unsubscribe
// (RFC 8058). A lead without e-mail consent, or who opted out, is refused here too, whoever queued it.
// Connection failures and 4xx answers are worth a retry; a 5xx refusal is final. A campaign's mails
// (campaign-send.ts) go out with the same transports, sender, headers and retry rule.
import { randomUUID } from "node:crypto";
import { createTransport } from "nodemailer";
import type { Config } from "../../src/config.js";
import { textToHtml, unreachableReason } from "../../src/domain/index.js";
import { type Outbound, TransientError } from "../../src/outbox/channel.js";
import type { Message, Store, Tenant } from "../../src/store/index.js";
import { type MailAccount, mailAccountFor } from "./account.js";
import { smtpOptions } from "./mail-url.js";

export const UNSUBSCRIBE_PATH = "/email/unsubscribe";

type Transport = ReturnType<typeof createTransport>;

/** Our Message-ID: unguessable, so nobody can forge a reply into another lead's thread. */
const newMessageId = (from: string) => `<${randomUUID()}@${from.split("@")[1] ?? "max.local"}>`;

function recipientOf(store: Store, message: Message): { to: string; leadId: number | null } {
  const lead = message.leadId ? store.leads.get(message.tenantId, message.leadId) : undefined;
  if (lead) {
    const refusal = unreachableReason(lead, "email");
    if (refusal) throw new Error(`E-mail non envoyé : ${refusal}`);
    return { to: lead.email as string, leadId: lead.id };
  }
  if (!message.recipient) throw new Error("E-mail non envoyé : aucun destinataire.");
  return { to: message.recipient, leadId: null };
}

/** Worth another try later: a 4xx answer or a network failure (a 5xx is final). */
export function isTransient(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (typeof responseCode === "number") return responseCode < 500;
  return ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET"].includes(code ?? "");
}

/**
 * One List-Unsubscribe header (our one-click URL with the lead's token, then a mailto) and
 * List-Unsubscribe-Post (RFC 8058); none for a mail to no lead.
 */
export function unsubscribeHeaders(config: Config, account: MailAccount, token: string | null) {
  if (token === null) return {};
  const url = `${config.http.publicUrl}${UNSUBSCRIBE_PATH}?token=${token}`;
  return {
    "List-Unsubscribe": `<${url}>, <mailto:${account.fromAddress}?subject=unsubscribe>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** Connections a campaign keeps open to one mailbox's SMTP server (nodemailer's pool). */
const POOLED_CONNECTIONS = 5;

/**
 * One SMTP transport per mailbox URL, reused across sends. A campaign's is pooled: its connections
 * stay open from one recipient to the next instead of a new one per mail.
 */
export function mailTransports({ pooled = false } = {}) {
  const transports = new Map<string, Transport>();
  const transportFor = (account: MailAccount): Transport => {
    let transport = transports.get(account.smtpUrl);
    if (!transport) {
      const options = smtpOptions(account.smtpUrl);
      transport = createTransport(
        pooled
          ? { ...options, pool: true, maxConnections: POOLED_CONNECTIONS, maxMessages: Infinity }
          : options,
      );
      transports.set(account.smtpUrl, transport);
    }
    return transport;
  };
  /** Closes every connection (a pool keeps its own open until then). */
  const close = () => {
    for (const transport of transports.values()) transport.close();
    transports.clear();
  };
  return Object.assign(transportFor, { close });
}

/** Who a tenant's mail is from: its name and its mailbox's address. */
export const senderOf = (tenant: Tenant, account: MailAccount) => ({
  name: tenant.name,
  address: account.fromAddress,
});

export function emailSender(store: Store, config: Config) {
  const transportFor = mailTransports();

  return async ({ message, tenant }: Outbound): Promise<{ providerId: string }> => {
    const account = mailAccountFor(store, config, tenant.id);
    if (!account) throw new Error(`E-mail non envoyé : aucune boîte e-mail configurée pour ${tenant.slug}.`);
    const { to, leadId } = recipientOf(store, message);
    const messageId = newMessageId(account.fromAddress);
    try {
      await transportFor(account).sendMail({
        from: senderOf(tenant, account),
        to,
        subject: message.subject ?? defaultSubject(tenant),
        text: message.bodyText,
        html: message.bodyHtml ?? textToHtml(message.bodyText),
        messageId,
        headers: unsubscribeHeaders(
          config,
          account,
          leadId === null ? null : store.unsubscribeTokens.issue(account.tenantId, leadId),
        ),
      });
    } catch (error) {
      const reason = `SMTP : ${(error as Error).message.slice(0, 300)}`;
      throw isTransient(error) ? new TransientError(reason) : new Error(reason);
    }
    return { providerId: messageId };
  };
}

const defaultSubject = (tenant: Tenant) => `Message de ${tenant.name}`;
