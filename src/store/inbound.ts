// Processed inbound ids: a unique key per provider message, so retries and concurrent duplicate
// deliveries of one webhook run one turn.
import { and, eq } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import { processedInbound } from "./schema.js";

export function inboundRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  return {
    /** True the first time this provider id is seen; false for every duplicate. */
    claim(tenantId: number | null, provider: string, providerId: string): boolean {
      const r = db
        .insert(processedInbound)
        .values({ tenantId, provider, providerId, receivedAt: clock() })
        .onConflictDoNothing()
        .run();
      return r.changes === 1;
    },

    seen(tenantId: number, provider: string, providerId: string): boolean {
      return Boolean(
        db
          .select({ p: processedInbound.provider })
          .from(processedInbound)
          .where(
            and(
              eq(processedInbound.tenantId, tenantId),
              eq(processedInbound.provider, provider),
              eq(processedInbound.providerId, providerId),
            ),
          )
          .get(),
      );
    },
  };
}

export type InboundRepository = ReturnType<typeof inboundRepository>;
