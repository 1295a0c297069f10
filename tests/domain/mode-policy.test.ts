import { describe, expect, it } from "vitest";
import { decide, type Effect, type Mode } from "../../src/domain/index.js";

const base = { costKey: "crm_change" as const, plan: "pro" as const, extensions: [] };

describe("mode policy", () => {
  it.each<[Mode, Effect, string]>([
    ["conseil", "read", "run"],
    ["conseil", "write", "suggest"],
    ["conseil", "send", "suggest"],
    ["conseil", "schema", "suggest"],
    ["assiste", "read", "run"],
    ["assiste", "write", "confirm"],
    ["assiste", "send", "confirm"],
    ["assiste", "schema", "confirm"],
    ["auto", "read", "run"],
    ["auto", "write", "run"],
    ["auto", "send", "run"],
    ["auto", "schema", "confirm"],
  ])("%s × %s -> %s", (mode, effect, verdict) => {
    const decision = decide({ ...base, mode, effect });
    expect(decision.verdict).toBe(verdict);
    expect(decision.reason.length).toBeGreaterThan(5);
  });

  it("refuses schema changes on Standard without the fiche métier extension, with an upgrade message", () => {
    const d = decide({ ...base, plan: "standard", mode: "auto", effect: "schema" });
    expect(d).toMatchObject({ verdict: "refuse", code: "PLAN_NO_FIELDS" });
    expect(d.reason).toMatch(/Pro|Fiche métier/);
    expect(
      decide({ ...base, plan: "standard", extensions: ["fiche_metier"], mode: "auto", effect: "schema" })
        .verdict,
    ).toBe("confirm");
  });

  it("shows AI calls as locked on Standard, whatever the mode", () => {
    for (const mode of ["conseil", "assiste", "auto"] as const) {
      expect(decide({ ...base, costKey: "ai_call", plan: "standard", mode, effect: "send" }).code).toBe(
        "PLAN_NO_AI_CALLS",
      );
    }
    expect(
      decide({ ...base, costKey: "ai_call", plan: "studio", mode: "auto", effect: "send" }).verdict,
    ).toBe("run");
  });
});
