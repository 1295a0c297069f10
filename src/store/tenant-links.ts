// Which tenant a channel's workspace or business number belongs to: Slack team -> tenant, WhatsApp
// number -> tenant. A workspace or number belongs to one tenant only; linking it elsewhere is refused.
import { and, eq } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { tenantLinks } from "./schema.js";

export const LINK_CHANNELS = ["slack", "whatsapp", "botframework", "email"] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];
export type TenantLink = typeof tenantLinks.$inferSelect;

export function tenantLinkRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db } = ctx;
  // Every webhook asks this first: prepared once.
  const tenantOf = ctx.sqlite.prepare(
    "select tenant_id from tenant_links where channel = ? and external_id = ?",
  );
  const find = (channel: LinkChannel, externalId: string): TenantLink | undefined =>
    db
      .select()
      .from(tenantLinks)
      .where(and(eq(tenantLinks.channel, channel), eq(tenantLinks.externalId, externalId)))
      .get();

  return {
    /** Links the workspace or number to the tenant; linking it again to the same tenant is a no-op. */
    link(scope: Scope, channel: LinkChannel, externalId: string): TenantLink {
      return inTransaction(ctx, () => {
        const existing = find(channel, externalId);
        if (existing && existing.tenantId !== scope.tenantId) {
          throw new StoreError("CONFLICT", `${channel} ${externalId} est déjà relié à un autre compte.`);
        }
        if (existing) return existing;
        const row = db
          .insert(tenantLinks)
          .values({ tenantId: scope.tenantId, channel, externalId })
          .returning()
          .get();
        audit.record(scope, {
          action: "tenant.link",
          entity: "tenant",
          entityId: scope.tenantId,
          after: row,
        });
        return row;
      });
    },

    /** The tenant a channel's workspace or number belongs to: this is how webhooks find their tenant. */
    tenantIdFor(channel: LinkChannel, externalId: string): number | undefined {
      return (tenantOf.get(channel, externalId) as { tenant_id: number } | undefined)?.tenant_id;
    },

    list(tenantId: number): TenantLink[] {
      return db.select().from(tenantLinks).where(eq(tenantLinks.tenantId, tenantId)).all();
    },
  };
}

export type TenantLinkRepository = ReturnType<typeof tenantLinkRepository>;
