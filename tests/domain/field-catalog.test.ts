// The "MAX Fields Rebuild" catalogue must only propose what the store accepts: valid definitions that
// never shadow a built-in vertical field, and saved views that are real lead searches on them.
import { describe, expect, it } from "vitest";
import {
  ALL_VERTICAL_FIELDS,
  checkValue,
  FIELD_CATALOG,
  FIELD_TRADES,
  planFor,
  selectFields,
} from "../../src/domain/index.js";
import { customFieldSchema } from "../../src/store/custom-fields.js";
import { leadQuerySchema } from "../../src/store/lead-search.js";

const builtIn = new Set(ALL_VERTICAL_FIELDS.map((f) => f.name));

describe.each(FIELD_TRADES)("the %s catalogue", (trade) => {
  const entry = FIELD_CATALOG[trade];

  it("proposes valid, unique custom fields that never collide with a built-in vertical field", () => {
    expect(entry.fields.length).toBeGreaterThanOrEqual(5);
    for (const field of entry.fields) {
      const parsed = customFieldSchema.safeParse(field);
      expect(parsed.success, `${trade}.${field.name}: ${parsed.error?.message}`).toBe(true);
      expect(builtIn.has(field.name), `${field.name} is a built-in field`).toBe(false);
    }
    const names = entry.fields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has stages, tags and views, each view a valid search on its own fields and tags", () => {
    expect(entry.stages.length).toBeGreaterThan(2);
    expect(entry.tags.length).toBeGreaterThan(2);
    expect(entry.views.length).toBeGreaterThan(2);
    for (const { name, filters } of entry.views) {
      expect(leadQuerySchema.safeParse(filters).success, name).toBe(true);
      for (const status of filters.status ?? []) expect(entry.stages).toContain(status);
      for (const tag of filters.tag ?? []) expect(entry.tags).toContain(tag);
      for (const [field, value] of Object.entries(filters.customFields ?? {})) {
        const spec = entry.fields.find((f) => f.name === field);
        expect(spec, `${name}: ${field}`).toBeDefined();
        if (spec) expect(checkValue(spec, value)).toEqual({ ok: true, value });
      }
    }
  });
});

describe("field selection", () => {
  it("keeps the catalogue's order and drops views on fields left out", () => {
    const r = planFor("logistique", ["statut_colis", "incoterm"]);
    if (!r.ok) throw new Error("expected a plan");
    expect(r.plan.fields.map((f) => f.name)).toEqual(["incoterm", "statut_colis"]);
    expect(r.plan.views.map((v) => v.name)).toEqual([
      "Devis à relancer",
      "Colis en incident",
      "Bloqués en douane",
      "Expéditions en DDP",
    ]);
    const narrow = planFor("logistique", ["poids_kg"]);
    if (!narrow.ok) throw new Error("expected a plan");
    expect(narrow.plan.views.map((v) => v.name)).toEqual(["Devis à relancer"]);
  });

  it("names the fields it does not know", () => {
    expect(planFor("beaute", ["type_peau", "incoterm"])).toEqual({ ok: false, unknown: ["incoterm"] });
    expect(selectFields([{ name: "a" }, { name: "b" }])).toEqual({
      ok: true,
      fields: [{ name: "a" }, { name: "b" }],
    });
  });
});
