// One-click unsubscribe tokens (RFC 8058): 32 random bytes per outbound e-mail, unguessable; only
// their SHA-256 is stored, so a copy of the database cannot unsubscribe anyone. A token is used once.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import { unsubscribeTokens } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export function unsubscribeTokenRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  return {
    /** A new token for this lead; the caller puts it in the link, the store keeps its hash. */
    issue(tenantId: number, leadId: number): string {
      requireInTenant(ctx, "Lead", tenantId, leadId);
      const token = randomBytes(32).toString("base64url");
      db.insert(unsubscribeTokens)
        .values({ tokenHash: hashOf(token), tenantId, leadId, createdAt: clock() })
        .run();
      return token;
    },

    /**
     * Whom a token names (the link carries no tenant: the token is the only proof) and when it was
     * used, or undefined.
     */
    resolve(token: string): { tenantId: number; leadId: number; usedAt: Date | null } | undefined {
      if (!/^[\w-]{20,100}$/.test(token)) return undefined;
      return db
        .select({
          tenantId: unsubscribeTokens.tenantId,
          leadId: unsubscribeTokens.leadId,
          usedAt: unsubscribeTokens.usedAt,
        })
        .from(unsubscribeTokens)
        .where(eq(unsubscribeTokens.tokenHash, hashOf(token)))
        .get();
    },

    /** Marks the token used; false when it was already used (or is not this tenant's). */
    markUsed(tenantId: number, token: string): boolean {
      const marked = db
        .update(unsubscribeTokens)
        .set({ usedAt: clock() })
        .where(
          and(
            eq(unsubscribeTokens.tenantId, tenantId),
            eq(unsubscribeTokens.tokenHash, hashOf(token)),
            isNull(unsubscribeTokens.usedAt),
          ),
        )
        .run();
      return marked.changes === 1;
    },
  };
}

export type UnsubscribeTokenRepository = ReturnType<typeof unsubscribeTokenRepository>;
