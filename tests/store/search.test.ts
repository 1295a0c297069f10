import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFtsQuery } from "../../src/store/fts-query.js";
import type { Scope } from "../../src/store/index.js";
import { TOTAL_CAP } from "../../src/store/lead-search.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let scope: Scope;
let ownerId: number;
const ids: Record<string, number> = {};

afterAll(() => t.cleanup());
beforeAll(() => {
  t = testStore("2026-11-16T10:00:00Z");
  const made = makeTenant(t.store, "agence", { vertical: "b2b" });
  scope = made.scope;
  ownerId = made.owner.id;
  const day = (n: number) => new Date(t.clock.now.getTime() - n * 86_400_000);
  const add = (key: string, lead: Parameters<typeof t.store.leads.create>[1]) => {
    ids[key] = t.store.leads.create(scope, lead).id;
  };
  add("helene", {
    firstName: "Hélène",
    lastName: "Lefèvre",
    company: "Transports Garnier",
    email: "helene@garnier.fr",
    phone: "+33 6 12 34 56 78",
    status: "devis_envoye",
    heat: "chaud",
    tags: ["devis", "salon"],
    fields: { taille_entreprise: "PME", secteur_b2b: "logistique" },
    lastActivityAt: day(10),
    createdAt: day(40),
  });
  add("marc", {
    firstName: "Marc",
    lastName: "Garnier",
    company: "Atelier Lumière",
    email: "marc@lumiere.fr",
    status: "en_qualif",
    heat: "tiede",
    tags: ["salon"],
    fields: { taille_entreprise: "TPE" },
    lastActivityAt: day(2),
    createdAt: day(20),
    ownerId,
  });
  add("zoe", {
    firstName: "Zoé",
    lastName: "Nguyen",
    company: "Nguyen Conseil",
    email: "zoe@nguyen.fr",
    status: "devis_envoye",
    heat: "froid",
    lastActivityAt: null,
    createdAt: day(30),
  });
  add("fresh", { firstName: "Paul", lastName: "Neuf", status: "nouveau", createdAt: day(1) });
  t.store.activities.add(scope, ids.marc as number, {
    kind: "note",
    body: "Veut un entrepôt frigorifique à Rungis",
    occurredAt: day(2),
  });
  t.store.customFields.define(scope, { name: "incoterm", label: "Incoterm", type: "text" });
  t.store.leads.setCustomFields(scope, ids.zoe as number, { incoterm: "FOB" });
  // Another tenant with a look-alike lead that must never show up.
  const other = makeTenant(t.store, "autre", { vertical: "b2b" });
  t.store.leads.create(other.scope, {
    firstName: "Hélène",
    lastName: "Lefèvre",
    status: "devis_envoye",
    tags: ["devis"],
  });
});

const names = (q: Parameters<typeof t.store.leads.search>[1]) =>
  t.store.leads.search(scope.tenantId, q).leads.map((l) => l.firstName);

describe("lead search", () => {
  it("finds by name, folding accents and case, and by prefix", () => {
    expect(names({ text: "lefevre" })).toEqual(["Hélène"]);
    expect(names({ text: "HÉLÈNE" })).toEqual(["Hélène"]);
    expect(names({ text: "zo" })).toEqual(["Zoé"]);
  });

  it("finds by company, email, phone in any format, and note text", () => {
    expect(names({ text: "garnier" }).sort()).toEqual(["Hélène", "Marc"]);
    expect(names({ text: "lumiere" })).toEqual(["Marc"]);
    expect(names({ text: "zoe@nguyen.fr" })).toEqual(["Zoé"]);
    expect(names({ text: "0612345678" })).toEqual(["Hélène"]);
    expect(names({ text: "06 12 34" })).toEqual(["Hélène"]);
    expect(names({ text: "+33612" })).toEqual(["Hélène"]);
    expect(names({ text: "frigorifique rungis" })).toEqual(["Marc"]);
  });

  it("ranks name matches first, then matches elsewhere, newest leads first within each, across pages", () => {
    const other = makeTenant(t.store, "ranking", { vertical: "b2b" });
    const at = (days: number) => new Date(t.clock.now.getTime() - days * 86_400_000);
    const add = (firstName: string, lead: object, days: number) =>
      t.store.leads.create(other.scope, { firstName, ...lead, lastActivityAt: at(days) });
    add("NameOld", { lastName: "Rousseau" }, 3);
    add("NotesOnly", { notes: "recommandé par Rousseau" }, 0);
    add("Company", { company: "Rousseau & Fils" }, 1);
    add("NameNew", { lastName: "Rousseau" }, 30);
    const page = (offset: number, limit: number) =>
      t.store.leads
        .search(other.tenant.id, { text: "rousseau", offset, limit })
        .leads.map((l) => l.firstName);
    expect(page(0, 10)).toEqual(["NameNew", "NameOld", "Company", "NotesOnly"]);
    expect(page(1, 2)).toEqual(["NameOld", "Company"]);
    expect(page(3, 5)).toEqual(["NotesOnly"]);
  });

  it("treats FTS syntax in user text as plain words", () => {
    for (const text of ['"', "OR", "NEAR(", "garnier AND", "*", "a:b", "-", "'); drop table leads; --"]) {
      expect(() => t.store.leads.search(scope.tenantId, { text })).not.toThrow();
    }
    expect(toFtsQuery('xx" OR "yy')).toBe('"xx"* "OR"* "yy"*');
    expect(toFtsQuery("2024")).toBe('"2024"*');
    // The facet tokens that filters use are not searchable text.
    expect(t.store.leads.search(scope.tenantId, { text: `s${scope.tenantId}x` }).total).toBe(0);
  });

  it("filters by status, tag, heat, owner and vertical field", () => {
    expect(names({ status: "devis_envoye" }).sort()).toEqual(["Hélène", "Zoé"]);
    expect(names({ tag: "salon" }).sort()).toEqual(["Hélène", "Marc"]);
    expect(names({ tag: ["salon", "devis"] })).toEqual(["Hélène"]);
    expect(names({ heat: "froid" })).toEqual(["Zoé"]);
    expect(names({ ownerId })).toEqual(["Marc"]);
    expect(names({ fields: { taille_entreprise: "PME" } })).toEqual(["Hélène"]);
    expect(names({ customFields: { incoterm: "FOB" } })).toEqual(["Zoé"]);
    expect(names({ text: "garnier", status: "en_qualif" })).toEqual(["Marc"]);
  });

  it("finds leads with no activity for N days, counting never-contacted leads from their creation", () => {
    expect(names({ inactiveDays: 7 }).sort()).toEqual(["Hélène", "Zoé"]);
    expect(names({ inactiveDays: 0 }).length).toBe(4);
  });

  it("refuses an unknown status or field with the allowed values", () => {
    expect(() => names({ status: "pre_qualif" })).toThrow(/Devis envoyé/);
    expect(() => names({ fields: { taille_entreprise: "énorme" } })).toThrow(/solo, TPE, PME, grande/);
  });

  it("sorts and paginates with a total", () => {
    // Scores are derived (domain/lead-score.ts): Hélène 18 (devis, PME, silent 40 days), Marc 14
    // (qualification, TPE, silent 20 days), Paul 10 (new), Zoé 0 (devis, silent and idle 30 days).
    expect(names({ sort: "score" })).toEqual(["Hélène", "Marc", "Paul", "Zoé"]);
    expect(names({ sort: "name" })).toEqual(["Marc", "Hélène", "Paul", "Zoé"]);
    expect(names({ sort: "last_activity" })[0]).toBe("Marc");
    const page = t.store.leads.search(scope.tenantId, { sort: "score", limit: 2, offset: 2 });
    expect(page.total).toBe(4);
    expect(page.leads.map((l) => l.firstName)).toEqual(["Paul", "Zoé"]);
  });

  it("keeps text and filters in step when a lead's status, heat, owner or tags change", {
    timeout: 60_000,
  }, () => {
    const other = makeTenant(t.store, "facets", { vertical: "b2b" });
    // Enough look-alikes that the search filters inside the text index rather than on lead rows.
    t.store.transaction(() => {
      for (let i = 0; i < 520; i++) {
        t.store.leads.create(other.scope, { firstName: `Twin${i}`, lastName: "Facette", status: "perdu" });
      }
    });
    const lead = t.store.leads.create(other.scope, {
      firstName: "Yves",
      lastName: "Facette",
      status: "nouveau",
    });
    const find = (q: object) => t.store.leads.search(other.tenant.id, { text: "facette", ...q }).total;
    expect(find({ status: "gagne" })).toBe(0);
    t.store.leads.setStatus(other.scope, lead.id, "gagne");
    expect(find({ status: "gagne" })).toBe(1);
    expect(find({ status: ["nouveau", "en_qualif"] })).toBe(0);
    expect(find({ status: ["gagne", "perdu"] })).toBe(521);
    t.store.leads.update(other.scope, lead.id, { heat: "chaud", ownerId: other.owner.id });
    expect(find({ heat: "chaud", ownerId: other.owner.id })).toBe(1);
    t.store.leads.changeTags(other.scope, lead.id, { add: ["salon paris"] });
    expect(find({ tag: "salon paris" })).toBe(1);
    t.store.leads.changeTags(other.scope, lead.id, { remove: ["salon paris"] });
    expect(find({ tag: "salon paris" })).toBe(0);
  });

  it("counts exactly up to the cap and says when it stopped counting", () => {
    const other = makeTenant(t.store, "many", { vertical: "b2b" });
    t.store.transaction(() => {
      for (let i = 0; i <= TOTAL_CAP; i++)
        t.store.leads.create(other.scope, { firstName: `Lead${i}`, company: "Massive SA" });
    });
    expect(t.store.leads.search(other.tenant.id, { text: "massive" })).toMatchObject({
      total: TOTAL_CAP,
      totalExact: false,
    });
    expect(t.store.leads.search(other.tenant.id, { text: "lead7" })).toMatchObject({
      total: 111,
      totalExact: true,
    });
  }, 60_000);

  it("finds nothing for text with nothing searchable, instead of everything", () => {
    for (const text of ["?", "--", "😀", '"'])
      expect(t.store.leads.search(scope.tenantId, { text }).total).toBe(0);
  });

  it("searches digits both as a phone number and as words of the notes", () => {
    const other = makeTenant(t.store, "digits", { vertical: "b2b" });
    t.store.leads.create(other.scope, { firstName: "Devis", notes: "Devis n°2024-118 envoyé" });
    t.store.leads.create(other.scope, { firstName: "Tel", phone: "06.12.34.56.78" });
    const find = (text: string) =>
      t.store.leads.search(other.tenant.id, { text }).leads.map((l) => l.firstName);
    expect(find("2024-118")).toEqual(["Devis"]);
    expect(find("0612345678")).toEqual(["Tel"]);
    expect(find("+33 (0)6 12 34")).toEqual(["Tel"]);
  });

  it("refuses a filter on a custom field the tenant has not defined", () => {
    expect(() => names({ customFields: { incotrem: "FOB" } })).toThrow(/incotrem.*incoterm/);
  });
});
