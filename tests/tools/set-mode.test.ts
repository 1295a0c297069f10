import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { callTool, type GateContext } from "../../src/agent/gate.js";
import type { Store, User } from "../../src/store/index.js";
import { tools } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let world: ReturnType<typeof makeTenant> & { member: User };

const ctxAs = (store: Store, user: User): GateContext => {
  const tenant = store.tenants.require(world.tenant.id);
  return {
    store,
    tools,
    tenant,
    user,
    scope: { tenantId: tenant.id, actor: `user:${user.id}` },
    mode: tenant.defaultMode,
  };
};
const modeOf = () => t.store.tenants.require(world.tenant.id).defaultMode;

beforeEach(() => {
  t = testStore();
  const base = makeTenant(t.store, "coach", { defaultMode: "conseil" });
  const member = t.store.users.create(base.scope, { name: "Lou", role: "member", email: "lou@coach.test" });
  world = { ...base, member };
});
afterEach(() => t.cleanup());

describe("set_mode", () => {
  it("is confirmed even from Conseil, which would only suggest any other action", async () => {
    const out = await callTool(ctxAs(t.store, world.owner), "set_mode", { mode: "assiste" });
    if (out.kind !== "pending") throw new Error(`expected pending, got ${out.kind}`);
    expect(out.message).toMatch(/Passer en mode Assisté.*confirme \d+/);
    expect(modeOf()).toBe("conseil");
    const done = await confirmPending(ctxAs(t.store, world.owner), out.action.id);
    // A setting, not an action: it costs no token.
    expect(done).toMatchObject({ kind: "executed", cost: 0 });
    expect(t.store.ledger.entries(world.tenant.id, 50).filter((e) => e.kind === "debit")).toHaveLength(0);
    expect(modeOf()).toBe("assiste");
  });

  it("switches to Auto only after two confirmations in a row", async () => {
    const out = await callTool(ctxAs(t.store, world.owner), "set_mode", { mode: "auto" });
    if (out.kind !== "pending") throw new Error("expected pending");
    const first = await confirmPending(ctxAs(t.store, world.owner), out.action.id);
    expect(first.kind).toBe("confirm_again");
    expect(first.message).toMatch(/seconde fois.*confirme \d+/);
    expect(modeOf()).toBe("conseil");
    expect(t.store.ledger.entries(world.tenant.id, 50).filter((e) => e.kind === "debit")).toHaveLength(0);
    const second = await confirmPending(ctxAs(t.store, world.owner), out.action.id);
    expect(second.kind).toBe("executed");
    expect(modeOf()).toBe("auto");
    expect((await confirmPending(ctxAs(t.store, world.owner), out.action.id)).kind).toBe("already");
  });

  it("records how to undo it, and refuses a member before any card", async () => {
    const refused = await callTool(ctxAs(t.store, world.member), "set_mode", { mode: "assiste" });
    expect(refused).toMatchObject({ kind: "unavailable" });
    expect(refused.message).toMatch(/propriétaire ou un administrateur/);
    expect(t.store.pendingActions.listPending(world.tenant.id)).toEqual([]);
    expect(modeOf()).toBe("conseil");

    const again = await callTool(ctxAs(t.store, world.owner), "set_mode", { mode: "assiste" });
    if (again.kind !== "pending") throw new Error("expected pending");
    await confirmPending(ctxAs(t.store, world.owner), again.action.id);
    const audit = t.store.audit.list(world.tenant.id).find((a) => a.action === "tool.set_mode");
    expect(audit?.undo).toEqual({ tool: "set_mode", args: { mode: "conseil" } });
  });
});
