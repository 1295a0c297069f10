// How far each tenant's IMAP mailbox has been read: UIDVALIDITY and the last UID stored. Advanced in
// the same transaction as the mail it covers, so a restart neither reads a message twice nor skips one.
import { and, eq } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import { mailCursors } from "./schema.js";

export interface MailCursor {
  uidValidity: string;
  lastUid: number;
}

export function mailCursorRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  return {
    get(tenantId: number, mailbox: string): MailCursor | undefined {
      return db
        .select({ uidValidity: mailCursors.uidValidity, lastUid: mailCursors.lastUid })
        .from(mailCursors)
        .where(and(eq(mailCursors.tenantId, tenantId), eq(mailCursors.mailbox, mailbox)))
        .get();
    },

    save(tenantId: number, mailbox: string, cursor: MailCursor): void {
      const now = clock();
      db.insert(mailCursors)
        .values({ tenantId, mailbox, ...cursor, updatedAt: now })
        .onConflictDoUpdate({
          target: [mailCursors.tenantId, mailCursors.mailbox],
          set: { ...cursor, updatedAt: now },
        })
        .run();
    },
  };
}

export type MailCursorRepository = ReturnType<typeof mailCursorRepository>;
