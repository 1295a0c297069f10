// Which budget alerts a tenant was sent: one row per threshold and period, its primary key the proof
// that an alert goes out once. The caller inserts it in the transaction that queues the notice, so
// with several processes debiting at once only the first to commit sends it.
import { and, eq } from "drizzle-orm";
import type { Scope, StoreContext } from "./context.js";
import { budgetAlerts } from "./schema.js";

export function budgetAlertRepository(ctx: StoreContext) {
  const { db, clock } = ctx;
  return {
    /** Records the alert; false when it was recorded already (by this process or another). */
    claim(scope: Scope, period: string, threshold: number): boolean {
      const inserted = db
        .insert(budgetAlerts)
        .values({ tenantId: scope.tenantId, period, threshold, createdAt: clock() })
        .onConflictDoNothing()
        .run();
      return inserted.changes === 1;
    },

    /** The thresholds already alerted for a period. */
    sent(tenantId: number, period: string): number[] {
      return db
        .select({ threshold: budgetAlerts.threshold })
        .from(budgetAlerts)
        .where(and(eq(budgetAlerts.tenantId, tenantId), eq(budgetAlerts.period, period)))
        .all()
        .map((r) => r.threshold);
    },
  };
}
