// The field proposal repository: tenant-scoped, audited, applied at most once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planFor } from "../../src/domain/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

const plan = (only: string[]) => {
  const r = planFor("ecommerce", only);
  if (!r.ok) throw new Error("unknown fields");
  return r.plan;
};

describe("field proposals", () => {
  it("keeps each tenant's proposals to itself, newest first", () => {
    const a = makeTenant(t.store, "alpha");
    const b = makeTenant(t.store, "beta");
    const first = t.store.fieldProposals.create(a.scope, plan(["panier_abandonne"]));
    const second = t.store.fieldProposals.create(a.scope, plan(["valeur_panier"]));
    expect(t.store.fieldProposals.list(a.tenant.id).map((p) => p.id)).toEqual([second.id, first.id]);
    expect(t.store.fieldProposals.list(b.tenant.id)).toEqual([]);
    expect(t.store.fieldProposals.get(b.tenant.id, first.id)).toBeUndefined();
    expect(() => t.store.fieldProposals.markApplied(b.scope, first.id)).toThrow(/introuvable/);
    expect(t.store.audit.list(a.tenant.id, { entity: "field_proposal" })).toHaveLength(2);
  });

  it("moves proposed -> applied once, stamped with the clock and audited", () => {
    const a = makeTenant(t.store, "alpha");
    const { id } = t.store.fieldProposals.create(a.scope, plan(["nb_commandes"]));
    expect(t.store.fieldProposals.markApplied(a.scope, id)).toMatchObject({
      status: "applied",
      appliedAt: t.clock.now,
      proposal: { trade: "ecommerce", fields: [{ name: "nb_commandes", type: "integer" }] },
    });
    expect(() => t.store.fieldProposals.markApplied(a.scope, id)).toThrow(/déjà appliquée/);
    expect(t.store.fieldProposals.list(a.tenant.id, { status: "proposed" })).toEqual([]);
    const applied = t.store.audit.list(a.tenant.id).filter((r) => r.action === "field_proposal.applied");
    expect(applied).toHaveLength(1);
  });
});
