// Which mailbox a tenant sends and reads with: its own (`max connect email`), or for the demo tenant
// the MAX_SMTP_URL / MAX_IMAP_URL / MAX_MAIL_FROM defaults of the environment.
import type { Config } from "../../src/config.js";
import type { EmailAccountInput } from "../../src/store/email-accounts.js";
import type { Store } from "../../src/store/index.js";

export const DEMO_MAIL_TENANT = "demo-coaching";

export type MailAccount = EmailAccountInput & { tenantId: number };

function demoDefaults(store: Store, config: Config): MailAccount | undefined {
  const { smtpUrl, imapUrl, from } = config.email;
  const tenant = store.tenants.getBySlug(DEMO_MAIL_TENANT);
  if (!tenant || !smtpUrl || !imapUrl || !from) return undefined;
  return { tenantId: tenant.id, smtpUrl, imapUrl, fromAddress: from };
}

export function mailAccountFor(store: Store, config: Config, tenantId: number): MailAccount | undefined {
  const own = store.emailAccounts.get(tenantId);
  if (own) return own;
  const demo = demoDefaults(store, config);
  return demo?.tenantId === tenantId ? demo : undefined;
}

/** Every mailbox to read: the tenants' own, plus the demo defaults unless the demo has its own. */
export function mailAccounts(store: Store, config: Config): MailAccount[] {
  const own: MailAccount[] = store.emailAccounts.listAll();
  const demo = demoDefaults(store, config);
  return demo && !own.some((a) => a.tenantId === demo.tenantId) ? [...own, demo] : own;
}
