import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, StoreError } from "../../src/store/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

const run = promisify(execFile);
let t: TestStore;
beforeEach(() => {
  t = testStore("2026-11-16T10:00:00Z");
});
afterEach(() => t.cleanup());

/** The ledger's invariants: rows add up to the balance and no balance is ever negative. */
function expectExact(tenantId: number) {
  const rows = t.store.ctx.sqlite
    .prepare("select amount, balance_after from token_ledger where tenant_id = ? order by id")
    .all(tenantId) as Array<{ amount: number; balance_after: number }>;
  let running = 0;
  for (const row of rows) {
    running += row.amount;
    expect(row.balance_after).toBe(running);
    expect(row.balance_after).toBeGreaterThanOrEqual(0);
  }
  expect(t.store.ledger.balance(tenantId)).toBe(running);
}

describe("token ledger", () => {
  it("credits the monthly allowance once per period", () => {
    const { tenant } = makeTenant(t.store, "pro", { plan: "pro" });
    expect(t.store.ledger.summary(tenant.id)).toMatchObject({
      plan: "pro",
      balance: 500,
      allowance: 500,
      usedThisPeriod: 0,
    });
    t.store.ledger.summary(tenant.id);
    t.store.ledger.debit({ tenantId: tenant.id, actor: "u" }, { action: "lead_analysis", amount: 2 });
    const allowances = t.store.ledger.entries(tenant.id).filter((e) => e.kind === "allowance");
    expect(allowances).toHaveLength(1);
    expect(t.store.ledger.balance(tenant.id)).toBe(498);
    expectExact(tenant.id);
  });

  it("refuses a debit larger than the balance and writes nothing", () => {
    const { tenant, scope } = makeTenant(t.store, "std", { plan: "standard" });
    expect(t.store.ledger.debit(scope, { action: "newsletter_draft", amount: 95 }).ok).toBe(true);
    const before = t.store.ledger.entries(tenant.id).length;
    const refused = t.store.ledger.debit(scope, { action: "newsletter_draft", amount: 10 });
    expect(refused).toMatchObject({ ok: false, code: "INSUFFICIENT_TOKENS", balance: 5, cost: 10 });
    if (!refused.ok) expect(refused.message).toMatch(/il reste 5 jetons.*coûte 10/);
    expect(t.store.ledger.entries(tenant.id)).toHaveLength(before);
    expect(t.store.ledger.debit(scope, { action: "whatsapp_message", amount: 5 })).toMatchObject({
      ok: true,
      balance: 0,
    });
    expectExact(tenant.id);
  });

  it("refunds a debit once, pointing at it", () => {
    const { tenant, scope } = makeTenant(t.store, "std", { plan: "standard" });
    const debit = t.store.ledger.debit(scope, { action: "n8n_automation", amount: 8 });
    if (!debit.ok) throw new Error("debit refused");
    const refund = t.store.ledger.refund(scope, debit.entry.id, "webhook n8n en échec");
    expect(refund).toMatchObject({
      kind: "refund",
      amount: 8,
      refId: debit.entry.id,
      action: "n8n_automation",
      balanceAfter: 100,
    });
    expect(() => t.store.ledger.refund(scope, debit.entry.id)).toThrow(/déjà été remboursé/);
    const allowance = t.store.ledger.entries(tenant.id).find((e) => e.kind === "allowance");
    expect(() => t.store.ledger.refund(scope, allowance?.id ?? 0)).toThrow(StoreError);
    expect(t.store.ledger.summary(tenant.id).usedThisPeriod).toBe(0);
    expectExact(tenant.id);
  });

  it("adds packs that survive the period roll-over, while the unused allowance expires", () => {
    const { tenant, scope } = makeTenant(t.store, "std", { plan: "standard" });
    t.store.ledger.debit(scope, { action: "crm_change", amount: 30 });
    t.store.ledger.addPacks(scope, 1);
    expect(t.store.ledger.balance(tenant.id)).toBe(570);
    t.clock.set("2026-12-01T09:00:00Z");
    const december = t.store.ledger.summary(tenant.id);
    expect(december).toMatchObject({
      period: "2026-12",
      balance: 600,
      allowanceLeft: 100,
      usedThisPeriod: 0,
    });
    const kinds = t.store.ledger.entries(tenant.id).map((e) => [e.kind, e.amount]);
    expect(kinds.slice(0, 2)).toEqual([
      ["allowance", 100],
      ["expiry", -70],
    ]);
    // Spending takes the allowance first: 150 spent leaves 0 of it and 450 in packs.
    t.store.ledger.debit(scope, { action: "crm_change", amount: 150 });
    t.clock.set("2027-01-02T09:00:00Z");
    expect(t.store.ledger.summary(tenant.id)).toMatchObject({ period: "2027-01", balance: 550 });
    expect(t.store.ledger.entries(tenant.id).filter((e) => e.kind === "expiry")).toHaveLength(1);
    expectExact(tenant.id);
  });

  it("reports usage by week and by action, net of refunds, and forecasts exhaustion", () => {
    const { tenant, scope } = makeTenant(t.store, "std", { plan: "standard" });
    t.clock.set("2026-11-02T09:00:00Z");
    for (let day = 0; day < 14; day++) {
      t.store.ledger.debit(scope, { action: "lead_analysis", amount: 2 });
      t.store.ledger.debit(scope, { action: "crm_change", amount: 1 });
      t.clock.advanceDays(1);
    }
    const failed = t.store.ledger.debit(scope, { action: "whatsapp_message", amount: 5 });
    if (failed.ok) t.store.ledger.refund(scope, failed.entry.id);
    const since = new Date("2026-11-01T00:00:00Z");
    expect(t.store.ledger.usageByAction(tenant.id, since)).toEqual([
      { action: "lead_analysis", used: 28 },
      { action: "crm_change", used: 14 },
      { action: "whatsapp_message", used: 0 },
    ]);
    const weeks = t.store.ledger.usageByWeek(tenant.id, since);
    expect(weeks.map((w) => w.week)).toEqual(["2026-W45", "2026-W46", "2026-W47"]);
    expect(weeks.reduce((n, w) => n + w.used, 0)).toBe(42);
    // 3 tokens a day fit in a 100-token month: no exhaustion within a year.
    const summary = t.store.ledger.summary(tenant.id);
    expect(summary).toMatchObject({
      balance: 58,
      usedThisPeriod: 42,
      dailyRate: 3,
      forecastExhaustion: null,
    });
    // 40 more today: 82 over 14 days is 5.86 a day, and the 18 left run out on the 19th.
    t.store.ledger.debit(scope, { action: "newsletter_draft", amount: 40 });
    expect(t.store.ledger.summary(tenant.id)).toMatchObject({
      balance: 18,
      forecastExhaustion: "2026-11-19",
    });
  });

  it("never goes negative under concurrent debits from several processes", async () => {
    const { tenant } = makeTenant(t.store, "std", { plan: "standard" });
    t.store.ledger.summary(tenant.id);
    const workers = Array.from({ length: 4 }, () =>
      run(
        process.execPath,
        ["--import", "tsx", "tests/fixtures/debit-worker.ts", t.path, String(tenant.id), "40", "1"],
        {
          cwd: new URL("../..", import.meta.url).pathname,
        },
      ),
    );
    const results = (await Promise.all(workers)).map(
      (r) => JSON.parse(r.stdout) as { ok: number; refused: number },
    );
    const ok = results.reduce((n, r) => n + r.ok, 0);
    const refused = results.reduce((n, r) => n + r.refused, 0);
    expect(ok).toBe(100);
    expect(refused).toBe(60);
    expect(t.store.ledger.balance(tenant.id)).toBe(0);
    const debits = t.store.ledger.entries(tenant.id, 1000).filter((e) => e.kind === "debit");
    expect(debits).toHaveLength(100);
    expect(new Set(debits.map((d) => d.actor)).size).toBeGreaterThan(1);
    expectExact(tenant.id);
  }, 60_000);

  it("reports a lock held too long by another process as BUSY, without writing", () => {
    const { tenant, scope } = makeTenant(t.store, "std", { plan: "standard" });
    t.store.ledger.summary(tenant.id);
    const other = openStore({ path: t.path, busyTimeoutMs: 50 });
    t.store.ctx.sqlite.exec("begin immediate");
    try {
      expect(() => other.ledger.debit(scope, { action: "crm_change", amount: 1 })).toThrow(
        expect.objectContaining({ code: "BUSY" }),
      );
    } finally {
      t.store.ctx.sqlite.exec("rollback");
      other.close();
    }
    expect(t.store.ledger.balance(tenant.id)).toBe(100);
  });

  it("counts a refund in the period of its debit and reports the allowance actually credited", () => {
    const { tenant, scope } = makeTenant(t.store, "std", { plan: "standard" });
    t.clock.set("2026-10-20T10:00:00Z");
    const october = t.store.ledger.debit(scope, { action: "n8n_automation", amount: 30 });
    if (!october.ok) throw new Error("debit refused");
    t.clock.set("2026-11-02T10:00:00Z");
    t.store.tenants.update(scope, { plan: "pro" });
    t.store.ledger.refund(scope, october.entry.id, "échec constaté en novembre");
    expect(t.store.ledger.summary(tenant.id)).toMatchObject({
      allowance: 500,
      usedThisPeriod: 0,
      allowanceLeft: 500,
    });
    expect(() => t.store.ledger.debit(scope, { action: "read", amount: 0 })).toThrow(/invalide/);
    expectExact(tenant.id);
  });
});
