import { describe, expect, it } from "vitest";
import {
  COST_TABLE,
  checkFieldValue,
  checkStatus,
  costOf,
  forecastExhaustion,
  MONTHLY_ALLOWANCE,
  PACK_SIZE,
  periodOf,
  pipelineFor,
  statusCode,
  statusLabel,
  VERTICALS,
  weekOf,
} from "../../src/domain/index.js";

describe("plans and costs", () => {
  it("follows the seeds' plans and cost table", () => {
    expect(MONTHLY_ALLOWANCE).toEqual({ standard: 100, pro: 500, studio: 1500 });
    expect(PACK_SIZE).toBe(500);
    expect(COST_TABLE).toMatchObject({
      newsletter_draft: 10,
      whatsapp_message: 5,
      n8n_automation: 8,
      auto_followup: 15,
      ai_call: 100,
      lead_analysis: 2,
    });
  });

  it("applies tenant overrides but never lets a side effect cost less than 1", () => {
    expect(costOf("whatsapp_message", { whatsapp_message: 3 })).toBe(3);
    expect(costOf("crm_change", { crm_change: 0 })).toBe(1);
    expect(costOf("read")).toBe(0);
  });
});

describe("pipelines and fields", () => {
  it("accepts a status of the vertical's pipeline and refuses others with the allowed list", () => {
    expect(checkStatus("b2b", "devis_envoye").ok).toBe(true);
    const wrong = checkStatus("coaching", "devis_envoye");
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.allowed).toEqual(pipelineFor("coaching"));
      expect(wrong.message).toContain("Appel planifié");
    }
    expect(pipelineFor("generic")).toContain("a_recontacter");
  });

  it("shows every status of every pipeline by a French label and reads a typed label back to its code", () => {
    for (const vertical of VERTICALS) {
      for (const code of pipelineFor(vertical)) {
        expect(statusLabel(code)).not.toMatch(/_/);
        expect(statusCode(vertical, statusLabel(code))).toBe(code);
        expect(statusCode(vertical, code)).toBe(code);
      }
    }
    expect(statusCode("b2b", "devis envoye")).toBe("devis_envoye");
    expect(statusCode("coaching", "  APPEL RÉALISÉ ")).toBe("appel_realise");
    expect(statusCode("coaching", "Devis envoyé")).toBeUndefined();
  });

  it("checks vertical field values against the seeds' options", () => {
    expect(checkFieldValue("coaching", "budget_estime", "500–2000€")).toEqual({
      ok: true,
      value: "500–2000€",
    });
    expect(checkFieldValue("coaching", "niveau_motivation", "enorme").ok).toBe(false);
    expect(checkFieldValue("b2b", "niveau_motivation", "forte").ok).toBe(false);
    expect(checkFieldValue("coaching", "no_show", "2")).toEqual({ ok: true, value: 2 });
  });
});

describe("periods", () => {
  it("cuts months in the tenant's timezone", () => {
    // 23:30 UTC on 31 October is already November in Paris.
    expect(periodOf(new Date("2026-10-31T23:30:00Z"), "Europe/Paris").key).toBe("2026-11");
    expect(periodOf(new Date("2026-10-31T23:30:00Z"), "UTC").key).toBe("2026-10");
    expect(weekOf(new Date("2026-11-16T10:00:00Z"), "Europe/Paris")).toBe("2026-W47");
  });
});

describe("forecast", () => {
  const now = new Date("2026-11-10T10:00:00Z");
  const input = { now, timezone: "Europe/Paris", allowance: 100 };

  it("gives no date when nothing is being spent", () => {
    expect(forecastExhaustion({ ...input, balance: 50, allowanceLeft: 50, dailyRate: 0 })).toBeNull();
  });

  it("runs out within the period at a fast pace", () => {
    expect(forecastExhaustion({ ...input, balance: 50, allowanceLeft: 50, dailyRate: 10 })).toBe(
      "2026-11-15",
    );
  });

  it("counts the next allowance but not the expired remainder", () => {
    // 40/day: Nov 10..11 spend 80 of 90, Nov 12 cannot be paid.
    expect(forecastExhaustion({ ...input, balance: 90, allowanceLeft: 90, dailyRate: 40 })).toBe(
      "2026-11-12",
    );
    // 2/day with 60 left: lasts to the end of November, then each month brings 100 more.
    expect(forecastExhaustion({ ...input, balance: 60, allowanceLeft: 60, dailyRate: 2 })).toBeNull();
  });

  it("spends packs after the allowance", () => {
    expect(forecastExhaustion({ ...input, balance: 600, allowanceLeft: 100, dailyRate: 100 })).toBe(
      "2026-11-16",
    );
  });
});
