// A user's saved views of the CRM list: named filters, one name per user, seen by that user only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Scope, StoreError, type User } from "../../src/store/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let scope: Scope;
let tenantId: number;
let me: User;
let colleague: User;

afterAll(() => t.cleanup());
beforeAll(() => {
  t = testStore();
  const made = makeTenant(t.store, "views", { vertical: "b2b" });
  scope = made.scope;
  tenantId = made.tenant.id;
  me = made.owner;
  colleague = t.store.users.create(scope, { name: "Léa", role: "member" });
});

const errorOf = (fn: () => unknown): StoreError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error("no error");
};

describe("store.savedViews", () => {
  it("saves a name and the list's filters, statuses as codes, without the page", () => {
    const view = t.store.savedViews.create(scope, me.id, "  Devis   chauds ", {
      status: "Devis envoyé",
      heat: "chaud",
      tag: "VIP",
      limit: 50,
      offset: 100,
    });
    expect(view).toMatchObject({
      tenantId,
      userId: me.id,
      name: "Devis chauds",
      query: { status: ["devis_envoye"], heat: "chaud", tag: ["vip"] },
    });
    expect(view.query).not.toHaveProperty("limit");
    expect(view.query).not.toHaveProperty("offset");
    expect(t.store.savedViews.get(tenantId, me.id, view.id)).toEqual(view);
    // What it keeps runs as a search.
    expect(t.store.leads.search(tenantId, view.query).total).toBe(0);
    expect(t.store.audit.list(tenantId, { entity: "saved_view", limit: 1 })[0]?.action).toBe(
      "saved_view.create",
    );
  });

  it("lists the user's views by name", () => {
    t.store.savedViews.create(scope, me.id, "à relancer", { inactiveDays: 14 });
    t.store.savedViews.create(scope, me.id, "Bretagne", { text: "Rennes" });
    expect(t.store.savedViews.list(tenantId, me.id).map((v) => v.name)).toEqual([
      "à relancer",
      "Bretagne",
      "Devis chauds",
    ]);
  });

  it("refuses a name the user already has, whatever its case, in French", () => {
    const error = errorOf(() => t.store.savedViews.create(scope, me.id, "devis CHAUDS", { heat: "tiede" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("Vous avez déjà une vue nommée « devis CHAUDS ». Choisissez un autre nom.");
  });

  it("lets another user have a view of the same name, and keeps each user's views to them", () => {
    const theirs = t.store.savedViews.create(scope, colleague.id, "Devis chauds", { heat: "chaud" });
    expect(t.store.savedViews.list(tenantId, colleague.id).map((v) => v.id)).toEqual([theirs.id]);
    expect(t.store.savedViews.list(tenantId, me.id).map((v) => v.id)).not.toContain(theirs.id);
    expect(t.store.savedViews.get(tenantId, me.id, theirs.id)).toBeUndefined();
    expect(errorOf(() => t.store.savedViews.remove(scope, me.id, theirs.id)).code).toBe("NOT_FOUND");
    expect(t.store.savedViews.get(tenantId, colleague.id, theirs.id)).toBeDefined();
  });

  it("removes a view of the user's", () => {
    const view = t.store.savedViews.create(scope, me.id, "Temporaire", {});
    expect(t.store.savedViews.remove(scope, me.id, view.id).name).toBe("Temporaire");
    expect(t.store.savedViews.get(tenantId, me.id, view.id)).toBeUndefined();
    expect(errorOf(() => t.store.savedViews.remove(scope, me.id, view.id)).code).toBe("NOT_FOUND");
  });

  it("refuses filters a search would refuse, and an empty or long name", () => {
    expect(
      errorOf(() => t.store.savedViews.create(scope, me.id, "X", { status: "appel_planifie" })).code,
    ).toBe("INVALID_STATUS");
    expect(
      errorOf(() => t.store.savedViews.create(scope, me.id, "Y", { heat: "brulant" } as never)).code,
    ).toBe("INVALID_INPUT");
    expect(errorOf(() => t.store.savedViews.create(scope, me.id, "Z", { sort: "relevance" })).code).toBe(
      "INVALID_INPUT",
    );
    expect(errorOf(() => t.store.savedViews.create(scope, me.id, "   ", {})).message).toBe(
      "Donnez un nom à la vue.",
    );
    expect(errorOf(() => t.store.savedViews.create(scope, me.id, "n".repeat(81), {})).code).toBe(
      "INVALID_INPUT",
    );
  });

  it("refuses a user of another tenant", () => {
    const other = makeTenant(t.store, "views-other");
    expect(errorOf(() => t.store.savedViews.create(scope, other.owner.id, "Volée", {})).code).toBe(
      "NOT_FOUND",
    );
  });
});
