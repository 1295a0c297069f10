// Each tenant's mailbox (`max connect email`): SMTP and IMAP URLs with their passwords, and the sender
// address. The passwords are stored because every tenant has its own mailbox (the environment only
// holds the demo tenant's defaults); they never reach a log or the audit trail, which see masked URLs.
import { eq } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { emailAccounts } from "./schema.js";

export type EmailAccount = typeof emailAccounts.$inferSelect;
export type EmailAccountInput = Pick<EmailAccount, "smtpUrl" | "imapUrl" | "fromAddress">;

/** "smtp://user:secret@host" -> "smtp://user:***@host"; anything unparsable is masked whole. */
export function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "***";
  }
}

const masked = (a: EmailAccount) => ({ ...a, smtpUrl: maskUrl(a.smtpUrl), imapUrl: maskUrl(a.imapUrl) });

export function emailAccountRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const get = (tenantId: number): EmailAccount | undefined =>
    db.select().from(emailAccounts).where(eq(emailAccounts.tenantId, tenantId)).get();

  return {
    get,

    /** Creates or replaces the tenant's mailbox settings. */
    set(scope: Scope, input: EmailAccountInput): EmailAccount {
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId);
        const now = clock();
        const after = db
          .insert(emailAccounts)
          .values({ ...input, tenantId: scope.tenantId, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({ target: emailAccounts.tenantId, set: { ...input, updatedAt: now } })
          .returning()
          .get();
        audit.record(scope, {
          action: "email.connect",
          entity: "tenant",
          entityId: scope.tenantId,
          before: before && masked(before),
          after: masked(after),
        });
        return after;
      });
    },

    /** Every configured mailbox, across tenants: the IMAP poller's list. Each row carries its tenant. */
    listAll(): EmailAccount[] {
      return db.select().from(emailAccounts).orderBy(emailAccounts.tenantId).all();
    },
  };
}

export type EmailAccountRepository = ReturnType<typeof emailAccountRepository>;
