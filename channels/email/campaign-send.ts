// Sends one recipient's copy of a campaign through the tenant's mailbox (a pooled SMTP transport): the
// consent checked again just before (someone who opted out since is skipped, with the reason), the
// merge fields filled, each web link sent through our click redirect (/t/click?r=TOKEN&l=INDEX), the
// tracking pixel (/t/open?r=TOKEN) added, our pictures made absolute, the Message-ID chosen when the
// campaign started, and the List-Unsubscribe headers of every mail (send.ts). What the SMTP server
// answers decides the recipient's status: a 5xx on the recipient or the message is a bounce, another
// final refusal a failure, a 4xx or a network error a retry later.
import type { Config } from "../../src/config.js";
import { absoluteMedia, rewriteWebLinks } from "../../src/domain/email-html.js";
import { escapeHtml, htmlToText, renderMergeFields, unreachableReason } from "../../src/domain/index.js";
import type { ClaimedRecipient, RecipientOutcome } from "../../src/store/campaign-sending.js";
import type { Campaign } from "../../src/store/campaigns.js";
import type { Lead, Store, Tenant } from "../../src/store/index.js";
import type { MailAccount } from "./account.js";
import { isTransient, mailTransports, senderOf, unsubscribeHeaders } from "./send.js";

export const OPEN_PATH = "/t/open";
export const CLICK_PATH = "/t/click";

/** The recipient's copy of the body, and its text part. */
function recipientCopy(campaign: Campaign, recipient: ClaimedRecipient, lead: Lead, publicUrl: string) {
  const token = encodeURIComponent(recipient.token);
  const tracked = rewriteWebLinks(
    absoluteMedia(campaign.bodyHtml, publicUrl),
    (_url, index) => `${publicUrl}${CLICK_PATH}?r=${token}&l=${index}`,
  );
  const html = renderMergeFields(tracked, lead);
  const pixel = `<img src="${escapeHtml(`${publicUrl}${OPEN_PATH}?r=${token}`)}" width="1" height="1" alt="">`;
  return {
    html: /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${pixel}</body>`) : `${html}${pixel}`,
    text: htmlToText(html),
  };
}

/** The subject with its merge fields filled, as plain text (the fields' renderer escapes for HTML). */
const subjectFor = (subject: string, lead: Lead) => htmlToText(renderMergeFields(escapeHtml(subject), lead));

/** A final SMTP refusal of this recipient or this message (550 unknown user, 554 refused): a bounce. */
function bounced(error: unknown): boolean {
  const { responseCode, command } = error as { responseCode?: number; command?: string };
  return typeof responseCode === "number" && responseCode >= 500 && /^(RCPT|DATA)/i.test(command ?? "DATA");
}

/** What one try came to: settled for good, or worth another try later (the loop decides when). */
export type Attempt = Exclude<RecipientOutcome, { status: "retry" }> | { status: "transient"; error: string };

export interface CampaignMail {
  tenant: Tenant;
  account: MailAccount;
  campaign: Campaign;
  recipient: ClaimedRecipient;
  /** The lead's one-click unsubscribe token (issued for a whole batch at once: one commit, not one per mail). */
  unsubscribeToken: string;
}

/** The sender of campaign mails; `close` ends its SMTP connections. */
export function campaignMailer(store: Store, config: Config) {
  const transportFor = mailTransports({ pooled: true });
  const publicUrl = config.http.publicUrl;

  /** Sends the mail, or says why not. */
  async function send({
    tenant,
    account,
    campaign,
    recipient,
    unsubscribeToken,
  }: CampaignMail): Promise<Attempt> {
    const lead = store.leads.get(recipient.tenantId, recipient.leadId);
    if (!lead) return { status: "skipped", error: "Lead supprimé avant l'envoi." };
    const refusal = unreachableReason(lead, "email");
    if (refusal) return { status: "skipped", error: refusal };
    const { html, text } = recipientCopy(campaign, recipient, lead, publicUrl);
    try {
      await transportFor(account).sendMail({
        from: senderOf(tenant, account),
        to: lead.email as string,
        subject: subjectFor(campaign.subject, lead),
        html,
        text,
        messageId: recipient.providerId,
        headers: unsubscribeHeaders(config, account, unsubscribeToken),
      });
      return { status: "sent" };
    } catch (error) {
      const reason = `SMTP : ${(error as Error).message.slice(0, 300)}`;
      if (isTransient(error)) return { status: "transient", error: reason };
      return { status: bounced(error) ? "bounced" : "failed", error: reason };
    }
  }

  return { send, close: () => transportFor.close() };
}
