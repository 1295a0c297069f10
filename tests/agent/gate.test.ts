import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelPending, confirmPending } from "../../src/agent/confirmations.js";
import { callTool, type GateContext } from "../../src/agent/gate.js";
import type { Mode } from "../../src/domain/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { tools } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

const run = promisify(execFile);
let t: TestStore;
let world: ReturnType<typeof setup>;

function setup(store: Store) {
  const { tenant, scope, owner } = makeTenant(store, "agence", { vertical: "b2b", plan: "standard" });
  const member = store.users.create(scope, { name: "Claire", role: "member", email: "claire@agence.test" });
  const other = store.users.create(scope, { name: "Paul", role: "member", email: "paul@agence.test" });
  const lead = store.leads.create(scope, { firstName: "Jean", lastName: "Dupont", status: "en_qualif" });
  return { tenant, owner, member, other, lead };
}

const ctxFor = (store: Store, mode: Mode, user = world.member): GateContext => {
  const tenant = store.tenants.require(world.tenant.id);
  return { store, tools, tenant, user, scope: { tenantId: tenant.id, actor: `user:${user.id}` }, mode };
};
const statusOf = (store: Store) => store.leads.get(world.tenant.id, world.lead.id)?.status;
const debits = (store: Store) =>
  store.ledger.entries(world.tenant.id, 1000).filter((e) => e.kind === "debit");

beforeEach(() => {
  t = testStore();
  world = setup(t.store);
  t.store.ledger.summary(world.tenant.id);
});
afterEach(() => t.cleanup());

describe("the gate", () => {
  it("Conseil: a side effect comes back as a suggestion; nothing changes, nothing is debited", async () => {
    const out = await callTool(ctxFor(t.store, "conseil"), "update_status", {
      leadId: world.lead.id,
      status: "devis_envoye",
    });
    expect(out.kind).toBe("suggested");
    expect(out.message).toMatch(/Passer Jean Dupont en « Devis envoyé ».*Assisté/);
    expect(statusOf(t.store)).toBe("en_qualif");
    expect(t.store.ledger.balance(world.tenant.id)).toBe(100);
  });

  it("a lead analysis runs even in Conseil and costs its 2 tokens", async () => {
    const out = await callTool(ctxFor(t.store, "conseil"), "analyze_lead", { leadId: world.lead.id });
    expect(out).toMatchObject({ kind: "executed", cost: 2, balance: 98 });
    expect(out.message).toMatch(/Prochaine action : premier contact/);
    expect(statusOf(t.store)).toBe("en_qualif");
  });

  it("reads run in every mode and cost nothing", async () => {
    const out = await callTool(ctxFor(t.store, "conseil"), "search_leads", { text: "dupont" });
    expect(out).toMatchObject({ kind: "executed", cost: 0 });
    expect(out.message).toContain("Jean Dupont");
    expect(debits(t.store)).toHaveLength(0);
  });

  it("Assisté: the call waits as a pending action, and one confirmation runs it once, debited and audited", async () => {
    const ctx = ctxFor(t.store, "assiste");
    const out = await callTool(ctx, "update_status", { leadId: world.lead.id, status: "devis_envoye" });
    if (out.kind !== "pending") throw new Error(`expected pending, got ${out.kind}`);
    expect(out.action).toMatchObject({
      cost: 1,
      balanceAfter: 99,
      mode: "assiste",
      requesterId: world.member.id,
    });
    expect(statusOf(t.store)).toBe("en_qualif");
    expect(debits(t.store)).toHaveLength(0);

    const confirmed = await confirmPending(ctx, out.action.id);
    expect(confirmed).toMatchObject({ kind: "executed", cost: 1, balance: 99 });
    expect(statusOf(t.store)).toBe("devis_envoye");
    expect((await confirmPending(ctx, out.action.id)).kind).toBe("already");
    expect(debits(t.store)).toHaveLength(1);
    expect(t.store.pendingActions.get(world.tenant.id, out.action.id)?.status).toBe("done");
    const audit = t.store.audit.list(world.tenant.id).find((a) => a.action === "tool.update_status");
    expect(audit).toMatchObject({ cost: 1, mode: "assiste", actor: `user:${world.member.id}` });
  });

  it("only the requester or an owner/admin of the same tenant may confirm", async () => {
    const out = await callTool(ctxFor(t.store, "assiste"), "apply_tags", {
      leadId: world.lead.id,
      add: ["vip"],
    });
    if (out.kind !== "pending") throw new Error("expected pending");
    expect((await confirmPending(ctxFor(t.store, "assiste", world.other), out.action.id)).kind).toBe(
      "forbidden",
    );
    const stranger = makeTenant(t.store, "ailleurs", { vertical: "b2b" });
    const foreign = {
      store: t.store,
      tools,
      tenant: stranger.tenant,
      user: stranger.owner,
      scope: stranger.scope,
    };
    expect((await confirmPending(foreign, out.action.id)).kind).toBe("not_found");
    expect((await confirmPending(ctxFor(t.store, "assiste", world.owner), out.action.id)).kind).toBe(
      "executed",
    );
    expect(t.store.leads.get(world.tenant.id, world.lead.id)?.tags).toEqual(["vip"]);
  });

  it("an expired or cancelled action never runs", async () => {
    const ctx = ctxFor(t.store, "assiste");
    const first = await callTool(ctx, "add_note", { leadId: world.lead.id, text: "Rappeler lundi" });
    const second = await callTool(ctx, "add_note", { leadId: world.lead.id, text: "Envoyer le devis" });
    if (first.kind !== "pending" || second.kind !== "pending") throw new Error("expected pending");
    expect(cancelPending(ctx, first.action.id).kind).toBe("cancelled");
    expect((await confirmPending(ctx, first.action.id)).kind).toBe("already");
    t.clock.advanceDays(2);
    expect((await confirmPending(ctx, second.action.id)).kind).toBe("expired");
    expect(
      t.store.activities.list(world.tenant.id, world.lead.id).filter((a) => a.kind === "note"),
    ).toHaveLength(0);
    expect(debits(t.store)).toHaveLength(0);
  });

  it("a pending action survives a restart and is confirmed afterwards", async () => {
    const out = await callTool(ctxFor(t.store, "assiste"), "update_status", {
      leadId: world.lead.id,
      status: "gagne",
    });
    if (out.kind !== "pending") throw new Error("expected pending");
    t.store.close();
    const reopened = openStore({ path: t.path, clock: () => t.clock.now });
    try {
      expect((await confirmPending(ctxFor(reopened, "assiste"), out.action.id)).kind).toBe("executed");
      expect(statusOf(reopened)).toBe("gagne");
    } finally {
      reopened.close();
    }
  });

  it("Auto: runs at once; what the run would refuse is refused before paying, in every mode", async () => {
    const ctx = ctxFor(t.store, "auto");
    expect(
      await callTool(ctx, "update_status", { leadId: world.lead.id, status: "devis_envoye" }),
    ).toMatchObject({
      kind: "executed",
      balance: 99,
    });
    const entries = t.store.ledger.entries(world.tenant.id).length;
    for (const mode of ["auto", "assiste", "conseil"] as const) {
      const refused = await callTool(ctxFor(t.store, mode), "update_status", {
        leadId: world.lead.id,
        status: "appel planifié",
      });
      expect(refused).toMatchObject({ kind: "unavailable" });
      expect(refused.message).toMatch(
        /Statut « appel planifié » inconnu .* Statuts permis : Nouveau, En qualification/,
      );
    }
    expect(statusOf(t.store)).toBe("devis_envoye");
    expect(t.store.ledger.entries(world.tenant.id)).toHaveLength(entries);
    expect(t.store.pendingActions.listPending(world.tenant.id)).toEqual([]);
    expect(t.store.audit.list(world.tenant.id, { entity: "tool" })).toHaveLength(1);
  });

  it("runs nothing when the balance is too low, in Auto and in Assisté", async () => {
    t.store.ledger.debit({ tenantId: world.tenant.id, actor: "test" }, { action: "crm_change", amount: 100 });
    for (const mode of ["auto", "assiste"] as const) {
      const out = await callTool(ctxFor(t.store, mode), "update_status", {
        leadId: world.lead.id,
        status: "gagne",
      });
      expect(out).toMatchObject({ kind: "insufficient", balance: 0, cost: 1 });
      expect(out.message).toMatch(/il reste 0 jetons/);
    }
    expect(t.store.pendingActions.listPending(world.tenant.id)).toHaveLength(0);
    expect(statusOf(t.store)).toBe("en_qualif");
  });

  it("sends invalid arguments back as a readable error and runs nothing", async () => {
    const out = await callTool(ctxFor(t.store, "auto"), "update_status", { leadId: "Dupont", status: "" });
    expect(out.kind).toBe("invalid");
    expect(out.message).toMatch(/leadId/);
    expect((await callTool(ctxFor(t.store, "auto"), "delete_everything", {})).kind).toBe("invalid");
    expect(debits(t.store)).toHaveLength(0);
  });

  it("two processes confirming the same action at once run it once", async () => {
    t.clock.now = new Date(); // the workers run on the real clock
    const out = await callTool(ctxFor(t.store, "assiste"), "add_note", {
      leadId: world.lead.id,
      text: "Devis relu",
    });
    if (out.kind !== "pending") throw new Error("expected pending");
    const cwd = new URL("../..", import.meta.url).pathname;
    const args = ["--import", "tsx", "tests/fixtures/confirm-worker.ts", t.path, String(world.tenant.id)];
    const kinds = await Promise.all(
      [world.member.id, world.owner.id].map(async (userId) => {
        const r = await run(process.execPath, [...args, String(userId), String(out.action.id)], { cwd });
        return r.stdout;
      }),
    );
    expect(kinds.sort()).toEqual(["already", "executed"]);
    expect(debits(t.store)).toHaveLength(1);
    expect(
      t.store.activities.list(world.tenant.id, world.lead.id).filter((a) => a.kind === "note"),
    ).toHaveLength(1);
  }, 60_000);
});
