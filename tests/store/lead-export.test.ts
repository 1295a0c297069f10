// The CRM list as a CSV file for Excel: the whole filtered list (not the page), read a page at a
// time, in words, with a byte order mark, proper quoting and formulas kept as text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UTF8_BOM } from "../../src/domain/index.js";
import { type Scope, StoreError } from "../../src/store/index.js";
import { EXPORT_HEADER } from "../../src/store/lead-export.js";
import { EXPORT_PAGE } from "../../src/store/lead-search.js";
import { bulkLeads } from "../helpers/bulk-leads.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let scope: Scope;
let tenantId: number;
const ids: Record<string, number> = {};

afterAll(() => t.cleanup());
beforeAll(() => {
  t = testStore("2026-11-16T10:00:00Z");
  const made = makeTenant(t.store, "export", { vertical: "b2b" });
  scope = made.scope;
  tenantId = made.tenant.id;
  ids.helene = t.store.leads.create(scope, {
    firstName: "Hélène",
    lastName: "Lefèvre",
    company: "Transports Garnier; fils",
    email: "helene@garnier.fr",
    phone: "06 12 34 56 78",
    status: "devis_envoye",
    heat: "tiede",
    tags: ["devis", "salon"],
    notes: "x",
    // 23:30 in Paris on the 15th is the 15th there, though the 15th at 22:30 UTC.
    lastActivityAt: new Date("2026-11-15T22:30:00Z"),
  }).id;
  ids.evil = t.store.leads.create(scope, {
    firstName: '=HYPERLINK("http://evil.example","Cliquez")',
    lastName: "",
    company: '@SUM(A1) "la" boîte',
    status: "nouveau",
    heat: "chaud",
  }).id;
  ids.zoe = t.store.leads.create(scope, {
    firstName: "Zoé",
    lastName: "Nguyen",
    company: "Nguyen\nConseil",
    status: "gagne",
    tags: ["vip"],
  }).id;
});

const csv = (query = {}) => [...t.store.leadExport.csv(tenantId, query)].join("");

describe("store.leadExport", () => {
  it("writes a header in French after a UTF-8 byte order mark, « ; » between cells and CRLF", () => {
    const text = csv();
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(Buffer.from(text, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(text.slice(1).split("\r\n")[0]).toBe(
      "nom;entreprise;email;téléphone;statut;tags;chaleur;score;dernière activité",
    );
    expect(EXPORT_HEADER).toHaveLength(9);
  });

  it("writes each lead in words, newest lead first, quoting what needs it", () => {
    const rows = [...t.store.leadExport.rows(tenantId)];
    expect(rows.map((r) => r.nom)).toEqual([
      "Zoé Nguyen",
      '=HYPERLINK("http://evil.example","Cliquez")',
      "Hélène Lefèvre",
    ]);
    const helene = rows[2];
    expect(helene).toEqual({
      nom: "Hélène Lefèvre",
      entreprise: "Transports Garnier; fils",
      email: "helene@garnier.fr",
      telephone: "+33612345678",
      statut: "Devis envoyé",
      tags: "devis, salon",
      chaleur: "tiède",
      score: t.store.leads.get(tenantId, ids.helene as number)?.score ?? null,
      derniereActivite: "2026-11-15",
    });
    const lines = csv().slice(1).split("\r\n");
    expect(lines[3]).toBe(
      `Hélène Lefèvre;"Transports Garnier; fils";helene@garnier.fr;'+33612345678;Devis envoyé;devis, salon;tiède;${helene?.score ?? ""};2026-11-15`,
    );
    // A line break inside a cell is quoted, so the row stays one record.
    expect(csv()).toContain('Zoé Nguyen;"Nguyen\nConseil";;;Gagné;vip;;');
  });

  it("keeps cells that begin like a formula as text (CSV injection)", () => {
    const text = csv({ heat: "chaud" });
    expect(text).toContain(
      `"'=HYPERLINK(""http://evil.example"",""Cliquez"")";"'@SUM(A1) ""la"" boîte";;;Nouveau;;chaud;`,
    );
    expect(text).not.toMatch(/(^|;|\r\n)=/);
  });

  it("exports the list's filters over every page, not only the first", () => {
    const at = t.clock.now;
    const many = bulkLeads(
      t.store,
      tenantId,
      Array.from({ length: EXPORT_PAGE * 2 + 7 }, (_, i) => ({
        firstName: `Bulk${i}`,
        lastName: "Perrin",
        status: i % 2 ? "en_qualif" : "perdu",
        tags: i % 3 ? [] : ["salon"],
      })),
      at,
    );
    const rows = [...t.store.leadExport.rows(tenantId, { status: "en_qualif" })];
    expect(rows).toHaveLength(many.filter((_, i) => i % 2).length);
    expect(new Set(rows.map((r) => r.nom)).size).toBe(rows.length);
    expect(rows.every((r) => r.statut === "En qualification")).toBe(true);
    // Text and a tag: as the list searches them.
    const tagged = [...t.store.leadExport.rows(tenantId, { text: "Perrin", tag: "salon", limit: 5 })];
    expect(tagged).toHaveLength(many.filter((_, i) => i % 3 === 0).length);
    const everyone = csv().slice(1).split("\r\n").filter(Boolean);
    expect(everyone).toHaveLength(1 + 3 + many.length);
  });

  it("checks the query before the first line, and finds nothing for text with nothing to search", () => {
    expect(() => t.store.leadExport.csv(tenantId, { status: "appel_planifie" })).toThrow(StoreError);
    expect(() => t.store.leadExport.rows(tenantId, { heat: "brulant" } as never)).toThrow(StoreError);
    expect(csv({ text: "???" }).slice(1)).toBe(`${EXPORT_HEADER.join(";")}\r\n`);
  });

  it("gives the newest lead first, as soon as the first page is read", () => {
    const rows = t.store.leadExport.rows(tenantId)[Symbol.iterator]();
    expect(rows.next().value?.nom).toMatch(/^Bulk/);
  });
});
