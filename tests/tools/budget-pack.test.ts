// add_token_pack: a card in every mode (Auto included), free, +500 tokens once confirmed, and a member
// refused before any card.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { callTool } from "../../src/agent/gate.js";
import type { Mode } from "../../src/domain/index.js";
import type { User } from "../../src/store/index.js";
import { tools, turnContext } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let world: ReturnType<typeof makeTenant> & { member: User };

beforeEach(() => {
  t = testStore();
  const base = makeTenant(t.store, "coach");
  const member = t.store.users.create(base.scope, { name: "Lou", role: "member", email: "lou@coach.test" });
  world = { ...base, member };
  t.store.ledger.summary(base.tenant.id);
});
afterEach(() => t.cleanup());

const balance = () => t.store.ledger.balance(world.tenant.id);
const ctxOf = (user: User, mode: Mode) => ({ ...turnContext(t.store, world.tenant.id, user), mode });

describe("add_token_pack", () => {
  it("is offered to the dashboard only, not to the model", () => {
    expect(tools.find("add_token_pack")?.dashboardOnly).toBe(true);
  });

  it.each(["assiste", "auto", "conseil"] as const)(
    "waits for a confirmation in %s, then adds 500 tokens",
    async (mode) => {
      const before = balance();
      const out = await callTool(ctxOf(world.owner, mode), "add_token_pack", {});
      if (out.kind !== "pending") throw new Error(`expected a card, got ${out.kind}: ${out.message}`);
      expect(out.cost).toBe(0);
      // The card says what the balance will be: more, not less.
      expect(out.action.balanceAfter).toBe(before + 500);
      expect(out.action.preview).toBe(
        `Ajouter 1 pack de 500 jetons : le solde passera de ${before} jetons à ${before + 500} jetons`,
      );
      expect(balance()).toBe(before);

      const done = await confirmPending(ctxOf(world.owner, mode), out.action.id);
      expect(done).toMatchObject({ kind: "executed", cost: 0, balance: before + 500 });
      expect(done.message).toBe(`1 pack de 500 jetons ajouté : nouveau solde ${before + 500} jetons.`);
      expect(balance()).toBe(before + 500);
      const entries = t.store.ledger.entries(world.tenant.id, 10);
      expect(entries[0]).toMatchObject({ kind: "pack", amount: 500, actor: `user:${world.owner.id}` });
      expect(entries.filter((e) => e.kind === "debit")).toEqual([]);
      expect((await confirmPending(ctxOf(world.owner, mode), out.action.id)).kind).toBe("already");
      expect(balance()).toBe(before + 500);
    },
  );

  it("adds several packs at once, up to ten", async () => {
    const before = balance();
    const out = await callTool(ctxOf(world.owner, "auto"), "add_token_pack", { packs: 3 });
    if (out.kind !== "pending") throw new Error(out.kind);
    await confirmPending(ctxOf(world.owner, "auto"), out.action.id);
    expect(balance()).toBe(before + 1500);
    expect((await callTool(ctxOf(world.owner, "auto"), "add_token_pack", { packs: 11 })).kind).toBe(
      "invalid",
    );
  });

  it("refuses a member before any card, and adds nothing", async () => {
    const before = balance();
    const out = await callTool(ctxOf(world.member, "auto"), "add_token_pack", {});
    expect(out).toMatchObject({ kind: "unavailable" });
    expect(out.message).toMatch(/propriétaire ou un administrateur/);
    expect(t.store.pendingActions.listPending(world.tenant.id)).toEqual([]);
    expect(balance()).toBe(before);
  });
});
