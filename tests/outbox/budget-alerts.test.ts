// The budget alerts: crossing 80 % then 100 % of the period's allowance sends exactly one notice each
// to the owner's conversation, whatever debits (a chat action, a scenario step, several processes at
// once); none again in the same period, one again in the next.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callTool } from "../../src/agent/gate.js";
import { staffConversation } from "../../src/outbox/compose.js";
import { enrollLead } from "../../src/scenarios/enroll.js";
import { enqueueStep } from "../../src/scenarios/schedule.js";
import type { Store } from "../../src/store/index.js";
import { turnContext } from "../helpers/agent.js";
import { drain, jobDeps } from "../helpers/scenario-jobs.js";
import { reachableLead } from "../helpers/scenario-world.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

const run = promisify(execFile);
let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

/** The alerts in the owner's conversation: [threshold, period] of each, in order. */
function notices(store: Store, tenantId: number) {
  const owner = store.users.owner(tenantId);
  if (!owner) throw new Error("no owner");
  const conversation = staffConversation(store, tenantId, owner);
  return store.messages
    .listConversation(tenantId, conversation.id, 0, 500)
    .filter((m) => m.meta.budgetAlert)
    .map((m) => {
      const alert = m.meta.budgetAlert as { threshold: number; period: string };
      return { threshold: alert.threshold, period: alert.period, text: m.bodyText, status: m.status };
    });
}

/** Standard plan (100 tokens a month), in Auto: each note is a paid action of 1 token. */
function standardTenant() {
  const made = makeTenant(t.store, "std", { plan: "standard", defaultMode: "auto" });
  const lead = reachableLead(t.store, made.tenant.id, "nouveau");
  const ctx = () => turnContext(t.store, made.tenant.id, made.owner);
  const notes = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const out = await callTool(ctx(), "add_note", { leadId: lead.id, text: `note ${i}` });
      if (out.kind !== "executed") throw new Error(`${out.kind}: ${out.message}`);
    }
  };
  return { ...made, notes };
}

describe("budget alerts", () => {
  it("tells the owner once at 80 % and once at 100 %, then again in the next period", async () => {
    const { tenant, notes } = standardTenant();
    await notes(79);
    expect(notices(t.store, tenant.id)).toEqual([]);
    await notes(1);
    expect(notices(t.store, tenant.id)).toEqual([
      {
        threshold: 80,
        period: "2026-11",
        status: "queued",
        text: "⚠️ Budget IA : 80 % de l'allocation de novembre 2026 utilisés (80 sur 100 jetons). Solde : 20 jetons. Un propriétaire ou un administrateur peut ajouter un pack depuis le Budget IA du tableau de bord.",
      },
    ]);
    await notes(19);
    expect(notices(t.store, tenant.id)).toHaveLength(1);
    await notes(1);
    const both = notices(t.store, tenant.id);
    expect(both.map((n) => n.threshold)).toEqual([80, 100]);
    expect(both[1]?.text).toMatch(
      /^🚨 Budget IA : Allocation de novembre 2026 entièrement utilisée \(100 sur 100 jetons\)/,
    );

    // A pack: spending goes on, past 100 % of the allowance, and nobody is told twice.
    t.store.ledger.addPacks({ tenantId: tenant.id, actor: "test" }, 1);
    await notes(30);
    expect(notices(t.store, tenant.id)).toHaveLength(2);
    expect(t.store.budgetAlerts.sent(tenant.id, "2026-11").sort((a, b) => a - b)).toEqual([80, 100]);

    // December: a new allowance, new alerts.
    t.clock.set("2026-12-02T10:00:00Z");
    await notes(79);
    expect(notices(t.store, tenant.id)).toHaveLength(2);
    await notes(1);
    expect(notices(t.store, tenant.id).map((n) => [n.threshold, n.period])).toEqual([
      [80, "2026-11"],
      [100, "2026-11"],
      [80, "2026-12"],
    ]);
  });

  it("sends one notice, of the higher, when one debit jumps past both thresholds", async () => {
    const { tenant, owner } = makeTenant(t.store, "jump", { plan: "standard", defaultMode: "auto" });
    const leads = Array.from({ length: 40 }, (_, i) => reachableLead(t.store, tenant.id, "nouveau", i + 1));
    const ctx = turnContext(t.store, tenant.id, owner);
    // 40 analyses confirmed on one card: 80 tokens in one debit.
    const out = await callTool(ctx, "analyze_lead", { leadId: leads.map((l) => l.id) });
    if (out.kind !== "pending") throw new Error(out.kind);
    const { confirmPending } = await import("../../src/agent/confirmations.js");
    expect((await confirmPending(ctx, out.action.id)).kind).toBe("executed");
    const more = reachableLead(t.store, tenant.id, "nouveau", 99);
    await callTool(ctx, "add_note", { leadId: more.id, text: "x" });
    expect(notices(t.store, tenant.id).map((n) => n.threshold)).toEqual([80]);
    t.store.ledger.addPacks({ tenantId: tenant.id, actor: "test" }, 1);
    const big = await callTool(ctx, "analyze_lead", { leadId: leads.slice(0, 20).map((l) => l.id) });
    if (big.kind !== "pending") throw new Error(big.kind);
    await confirmPending(ctx, big.action.id);
    expect(notices(t.store, tenant.id).map((n) => n.threshold)).toEqual([80, 100]);
  });

  it("is told from a scenario step's debit too", async () => {
    const { tenant, scope } = makeTenant(t.store, "relances", {
      plan: "standard",
      vertical: "b2b",
      defaultMode: "auto",
    });
    // Six relances of 15 tokens: 90 of 100.
    for (let i = 0; i < 6; i++) {
      const lead = reachableLead(t.store, tenant.id, "devis_envoye", i + 1);
      const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
      enqueueStep(t.store, scope, e, 0, t.clock.now);
    }
    await drain(jobDeps(t.store));
    const debits = t.store.ledger.entries(tenant.id, 50).filter((e) => e.action === "auto_followup");
    expect(debits).toHaveLength(6);
    expect(notices(t.store, tenant.id).map((n) => n.threshold)).toEqual([80]);
  });

  it("goes out once per threshold with several processes paying at the same time", async () => {
    const { tenant } = makeTenant(t.store, "contended", { plan: "standard" });
    t.store.ledger.summary(tenant.id);
    const cwd = new URL("../..", import.meta.url).pathname;
    const workers = Array.from({ length: 4 }, () =>
      run(
        process.execPath,
        ["--import", "tsx", "tests/fixtures/budget-alert-worker.ts", t.path, String(tenant.id), "30"],
        {
          cwd,
        },
      ),
    );
    const ran = (await Promise.all(workers)).reduce(
      (n, r) => n + (JSON.parse(r.stdout) as { ran: number }).ran,
      0,
    );
    expect(ran).toBe(100);
    expect(t.store.ledger.balance(tenant.id)).toBe(0);
    const sent = notices(t.store, tenant.id);
    expect(sent.map((n) => n.threshold)).toEqual([80, 100]);
    // The workers' clock is the real one: the period is whichever month it is now.
    const period = sent[0]?.period ?? "";
    expect(sent[1]?.period).toBe(period);
    expect(t.store.budgetAlerts.sent(tenant.id, period).sort((a, b) => a - b)).toEqual([80, 100]);
  }, 120_000);
});
