// The pipeline board: columns in pipeline order with counts, budget sums from free text, the first
// cards by last activity, and more cards of one column.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINES } from "../../src/domain/index.js";
import { type Scope, StoreError } from "../../src/store/index.js";
import { budgetAmount } from "../../src/store/lead-board.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let scope: Scope;
let tenantId: number;
const ids: Record<string, number> = {};

afterAll(() => t.cleanup());
beforeAll(() => {
  t = testStore("2026-11-16T10:00:00Z");
  const made = makeTenant(t.store, "board", { vertical: "b2b" });
  scope = made.scope;
  tenantId = made.tenant.id;
  const ago = (days: number) => new Date(t.clock.now.getTime() - days * 86_400_000);
  const add = (key: string, lead: Parameters<typeof t.store.leads.create>[1]) => {
    ids[key] = t.store.leads.create(scope, lead).id;
  };
  add("a", {
    firstName: "Anne",
    lastName: "Roux",
    company: "Roux SARL",
    status: "devis_envoye",
    heat: "tiede",
    tags: ["vip", "devis"],
    fields: { budget_indicatif: "2 000 €" },
    lastActivityAt: ago(3),
  });
  add("b", {
    firstName: "Bruno",
    lastName: "Petit",
    status: "devis_envoye",
    heat: "chaud",
    fields: { budget_indicatif: "3k€" },
    lastActivityAt: ago(0.5),
  });
  add("c", {
    company: "Atelier Sans Nom",
    status: "devis_envoye",
    fields: { budget_indicatif: "à définir" },
    lastActivityAt: null,
  });
  add("d", {
    firstName: "Denise",
    lastName: "Blanc",
    status: "devis_envoye",
    fields: { budget_indicatif: "1500" },
  });
  add("e", { firstName: "Éric", lastName: "Morel", status: "nouveau", lastActivityAt: ago(10) });
  add("f", {
    firstName: "Fanny",
    lastName: "Garnier",
    status: "gagne",
    fields: { budget_indicatif: "5–10 k€" },
    lastActivityAt: ago(1),
  });
});

const column = (status: string) => {
  const c = t.store.board.get(tenantId).columns.find((col) => col.status === status);
  if (!c) throw new Error(`no column ${status}`);
  return c;
};

describe("store.board.get", () => {
  it("has one column per status of the tenant's pipeline, in its order, with labels and counts", () => {
    const board = t.store.board.get(tenantId);
    expect(board.columns.map((c) => c.status)).toEqual([...PIPELINES.b2b]);
    expect(board.columns.map((c) => c.count)).toEqual([1, 0, 0, 4, 0, 1, 0]);
    expect(board.total).toBe(6);
    expect(board.pageSize).toBe(50);
    expect(column("devis_envoye").label).toBe("Devis envoyé");
    expect(column("en_qualif")).toMatchObject({ count: 0, budgetSum: null, cards: [], hasMore: false });
  });

  it("sums the budgets written as free text, leaving out those without a number", () => {
    // « 2 000 € » + « 3k€ » + « 1500 »; « à définir » counts for nothing.
    expect(column("devis_envoye").budgetSum).toBe(6_500);
    // A range counts for its middle, as in the lead score.
    expect(column("gagne").budgetSum).toBe(7_500);
    // No lead of the column has a budget: null, not 0.
    expect(column("nouveau").budgetSum).toBeNull();
  });

  it("reads budgets as people write them", () => {
    expect(budgetAmount("2 000 €")).toBe(2_000);
    expect(budgetAmount("2\u202f000\u00a0€")).toBe(2_000);
    expect(budgetAmount("1500")).toBe(1_500);
    expect(budgetAmount("3k€")).toBe(3_000);
    expect(budgetAmount("1,5 k€")).toBe(1_500);
    expect(budgetAmount("environ 12 000 euros")).toBe(12_000);
    expect(budgetAmount("à définir")).toBeNull();
    expect(budgetAmount(null)).toBeNull();
    expect(budgetAmount("")).toBeNull();
  });

  it("shows the cards most recently active first, leads never contacted last", () => {
    const cards = column("devis_envoye").cards;
    expect(cards.slice(0, 2).map((c) => c.id)).toEqual([ids.b, ids.a]);
    // Neither d nor c has any activity: both come after, newest lead first.
    expect(cards.slice(2).map((c) => c.id)).toEqual([ids.d, ids.c]);
  });

  it("gives each card its name, company, heat in words, score, days since contact, budget and tags", () => {
    const [b, a, , c] = column("devis_envoye").cards;
    expect(a).toMatchObject({
      id: ids.a,
      name: "Anne Roux",
      company: "Roux SARL",
      heat: "tiede",
      heatLabel: "tiède",
      daysSinceContact: 3,
      budget: 2_000,
      tags: ["devis", "vip"],
    });
    expect(a?.score).toBe(t.store.leads.get(tenantId, ids.a as number)?.score);
    expect(b).toMatchObject({ name: "Bruno Petit", heatLabel: "chaud", daysSinceContact: 0, budget: 3_000 });
    expect(c).toMatchObject({
      name: "Atelier Sans Nom",
      heat: null,
      heatLabel: null,
      daysSinceContact: null,
      lastActivityAt: null,
      budget: null,
      tags: [],
    });
  });

  it("sees a budget changed since the last board (the sums are kept until a lead changes)", () => {
    const other = makeTenant(t.store, "board-cache", { vertical: "b2b" });
    const sum = (status: string) =>
      t.store.board.get(other.tenant.id).columns.find((c) => c.status === status)?.budgetSum;
    const lead = t.store.leads.create(other.scope, { firstName: "Lou", status: "devis_envoye" });
    t.store.leads.create(other.scope, {
      firstName: "Max",
      status: "devis_envoye",
      fields: { budget_indicatif: "900" },
    });
    expect(sum("devis_envoye")).toBe(900);
    expect(sum("devis_envoye")).toBe(900);
    t.store.leads.update(other.scope, lead.id, { fields: { budget_indicatif: "1 000 €" } });
    expect(sum("devis_envoye")).toBe(1_900);
    t.store.leads.setStatus(other.scope, lead.id, "en_negociation");
    expect(sum("devis_envoye")).toBe(900);
    expect(sum("en_negociation")).toBe(1_000);
    // The board of another tenant is kept apart.
    expect(column("devis_envoye").budgetSum).toBe(6_500);
  });

  it("counts what another connection wrote (the change feed, not this process, tells)", async () => {
    const { openStore } = await import("../../src/store/index.js");
    const other = openStore({ path: t.path });
    try {
      expect(column("gagne").budgetSum).toBe(7_500);
      other.leads.update(scope, ids.f as number, { fields: { budget_indicatif: "8 000 €" } });
      expect(column("gagne").budgetSum).toBe(8_000);
      other.leads.update(scope, ids.f as number, { fields: { budget_indicatif: "5–10 k€" } });
      expect(column("gagne").budgetSum).toBe(7_500);
    } finally {
      other.close();
    }
  });

  it("stops at the page size and says there is more", () => {
    const board = t.store.board.get(tenantId, { limit: 2 });
    const devis = board.columns.find((c) => c.status === "devis_envoye");
    expect(devis).toMatchObject({ count: 4, hasMore: true });
    expect(devis?.cards.map((c) => c.id)).toEqual([ids.b, ids.a]);
    expect(() => t.store.board.get(tenantId, { limit: 0 })).toThrow(StoreError);
  });

  it("reads a coaching tenant's budget from budget_estime", () => {
    const coach = makeTenant(t.store, "coach-board", { vertical: "coaching" });
    t.store.leads.create(coach.scope, {
      firstName: "Inès",
      status: "pre_qualif",
      fields: { budget_estime: "500–2000€" },
    });
    t.store.leads.create(coach.scope, {
      firstName: "Jules",
      status: "pre_qualif",
      fields: { budget_estime: ">2000€" },
    });
    const board = t.store.board.get(coach.tenant.id);
    expect(board.columns.map((c) => c.status)).toEqual([...PIPELINES.coaching]);
    expect(board.columns.find((c) => c.status === "pre_qualif")).toMatchObject({
      count: 2,
      budgetSum: 1_250 + 2_001,
    });
  });
});

describe("store.board.column", () => {
  it("pages through one column from an offset, by code or by label", () => {
    const page = t.store.board.column(tenantId, "Devis envoyé", { offset: 2, limit: 1 });
    expect(page).toMatchObject({
      status: "devis_envoye",
      label: "Devis envoyé",
      count: 4,
      offset: 2,
      limit: 1,
    });
    expect(page.cards.map((c) => c.id)).toEqual([ids.d]);
    expect(page.hasMore).toBe(true);
    const last = t.store.board.column(tenantId, "devis_envoye", { offset: 3 });
    expect(last.cards.map((c) => c.id)).toEqual([ids.c]);
    expect(last.hasMore).toBe(false);
    expect(t.store.board.column(tenantId, "devis_envoye", { offset: 10 }).cards).toEqual([]);
  });

  it("refuses a status outside the pipeline, in French", () => {
    expect(() => t.store.board.column(tenantId, "appel_planifie")).toThrow(/inconnu pour ce métier/);
    expect(() => t.store.board.column(tenantId, "nouveau", { offset: -1 })).toThrow(StoreError);
  });
});
