import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GateContext } from "../../src/agent/gate.js";
import { offlineTurn } from "../../src/agent/offline-turn.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let ctx: GateContext;

beforeEach(() => {
  t = testStore();
  const { tenant, scope, owner } = makeTenant(t.store, "coach", { vertical: "coaching" });
  for (const [firstName, lastName] of [
    ["Camille", "Martin"],
    ["Paul", "Martin"],
    ["Léa", "Rousseau"],
  ]) {
    t.store.leads.create(scope, { firstName, lastName });
  }
  ctx = { store: t.store, tenant, user: owner, scope, mode: "assiste" };
});
afterEach(() => t.cleanup());

describe("an offline turn", () => {
  it("asks which lead when a name is ambiguous, and acts when the full name settles it", async () => {
    const ambiguous = await offlineTurn(ctx, "passe Martin en pre_qualif");
    expect(ambiguous.reply).toMatch(/^Plusieurs leads correspondent à « Martin »/);
    expect(ambiguous.reply).toContain("Camille Martin");
    expect(ambiguous.reply).toContain("Paul Martin");
    expect(ambiguous.outcomes).toEqual([]);
    const turn = await offlineTurn(ctx, "passe Paul Martin en pre_qualif");
    expect(turn.outcomes[0]?.kind).toBe("pending");
    expect((await offlineTurn(ctx, "passe Zorro en pre_qualif")).reply).toBe(
      "Je ne trouve aucun lead « Zorro ».",
    );
  });

  it("confirms the only pending action on a bare « oui », and asks for the number when several wait", async () => {
    await offlineTurn(ctx, "passe Léa Rousseau en pre_qualif");
    const yes = await offlineTurn(ctx, "oui");
    expect(yes.outcomes[0]?.kind).toBe("executed");
    expect(yes.reply).toMatch(/Léa Rousseau est maintenant en « pre_qualif »/);
    await offlineTurn(ctx, "ajoute le tag vip à Léa Rousseau");
    await offlineTurn(ctx, "note sur Léa Rousseau : rappeler lundi");
    expect((await offlineTurn(ctx, "oui")).reply).toMatch(/Plusieurs actions attendent/);
    expect((await offlineTurn(ctx, "non")).outcomes).toEqual([]);
  });
});
