// Maintenance refreshes the planner's row counts but keeps no STAT4 samples, so lookups are not
// re-planned on every call, and the plans still use the indexes.
import { afterEach, describe, expect, it } from "vitest";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
afterEach(() => t.cleanup());

describe("maintenance.optimize", () => {
  it("keeps sqlite_stat1 and no sqlite_stat4 samples, and lookups still use their index", () => {
    t = testStore();
    const { store } = t;
    const { tenant, scope } = makeTenant(store, "stats", { vertical: "b2b" });
    for (let i = 0; i < 200; i++) {
      store.leads.create(scope, {
        firstName: `P${i}`,
        lastName: "L",
        status: i % 2 ? "nouveau" : "devis_envoye",
      });
    }
    const sqlite = store.ctx.sqlite;
    // A plain ANALYZE takes samples: this is what optimize must not leave behind.
    sqlite.exec("analyze");
    expect(sqlite.prepare("select count(*) as n from sqlite_stat4").get()).not.toEqual({ n: 0 });
    store.maintenance.optimize();
    expect(sqlite.prepare("select count(*) as n from sqlite_stat4").get()).toEqual({ n: 0 });
    expect(
      (sqlite.prepare("select count(*) as n from sqlite_stat1").get() as { n: number }).n,
    ).toBeGreaterThan(0);
    const plan = sqlite
      .prepare("explain query plan select id from leads where tenant_id = ? and status = ?")
      .all(tenant.id, "nouveau") as { detail: string }[];
    expect(plan.map((p) => p.detail).join(" ")).toMatch(/USING (COVERING )?INDEX leads_tenant_status/);
  });
});
