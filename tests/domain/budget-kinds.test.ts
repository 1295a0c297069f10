// The Budget IA room's pure rules: every ledger action (cost key) lands in one kind, in words; the
// alert thresholds; the twelve ISO weeks of the chart in the tenant's timezone.
import { describe, expect, it } from "vitest";
import {
  actionsOfKind,
  budgetAlertText,
  budgetLevel,
  COST_KEYS,
  recentWeeks,
  SPEND_KIND_LABELS,
  spendActionLabel,
  spendKindOf,
  thresholdsReached,
  weekOfKey,
} from "../../src/domain/index.js";

describe("the kind of each ledger action", () => {
  it("maps the cost table's keys as the room splits them", () => {
    const table = Object.fromEntries(COST_KEYS.filter((k) => k !== "read").map((k) => [k, spendKindOf(k)]));
    expect(table).toEqual({
      newsletter_draft: "creation",
      whatsapp_message: "messages",
      n8n_automation: "automatisation",
      auto_followup: "automatisation",
      ai_call: "appels_ia",
      lead_analysis: "analyses",
      email_message: "messages",
      crm_change: "crm",
      field_proposal: "analyses",
      field_apply: "crm",
      // The campaign engine's key (issue 16), there before or after it joins the cost table.
      ...(COST_KEYS.includes("email_campaign" as never) ? { email_campaign: "creation" } : {}),
    });
    expect(spendKindOf("email_campaign")).toBe("creation");
  });

  it("leaves no paid key uncategorised, and names each in words", () => {
    for (const key of COST_KEYS.filter((k) => k !== "read")) {
      expect(spendKindOf(key), key).not.toBe("autres");
      expect(spendActionLabel(key), key).not.toMatch(/_/);
    }
  });

  it("puts an unknown or missing action under « Autres »", () => {
    expect(spendKindOf("something_new")).toBe("autres");
    expect(spendKindOf(null)).toBe("autres");
    expect(SPEND_KIND_LABELS.autres).toBe("Autres");
    expect(spendActionLabel("something_new")).toBe("Autre action");
  });

  it("lists the actions of a kind, for its rows", () => {
    expect(actionsOfKind("messages").sort()).toEqual(["email_message", "whatsapp_message"]);
    expect(actionsOfKind("automatisation").sort()).toEqual(["auto_followup", "n8n_automation"]);
  });
});

describe("the alert thresholds", () => {
  const usage = (used: number, allowance = 500) => ({ period: "2026-11", allowance, used });

  it("reaches 80 % then 100 % of the allowance", () => {
    expect(thresholdsReached(usage(399))).toEqual([]);
    expect(thresholdsReached(usage(400))).toEqual([80]);
    expect(thresholdsReached(usage(499))).toEqual([80]);
    expect(thresholdsReached(usage(500))).toEqual([80, 100]);
    expect(budgetLevel(usage(650))).toBe(100);
    expect(budgetLevel(usage(10, 0))).toBeNull();
  });

  it("words each alert with the month and the figures", () => {
    expect(budgetAlertText(usage(412), 80)).toBe(
      "82 % de l'allocation de novembre 2026 utilisés (412 sur 500 jetons).",
    );
    expect(budgetAlertText(usage(500), 100)).toMatch(
      /^Allocation de novembre 2026 entièrement utilisée \(500 sur 500 jetons\)/,
    );
  });
});

describe("the chart's weeks", () => {
  it("are the last twelve ISO weeks in the tenant's timezone, the current one last", () => {
    // Monday 00:30 in Paris is still Sunday in UTC: the week is Paris's.
    const weeks = recentWeeks(new Date("2026-11-15T23:30:00Z"), "Europe/Paris", 12);
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)).toMatchObject({
      key: "2026-W47",
      short: "16 nov.",
      label: "semaine du 16 novembre 2026",
    });
    expect(weeks[0]?.key).toBe("2026-W36");
    expect(weeks.at(-1)?.start.toISOString()).toBe("2026-11-15T23:00:00.000Z");
    expect(new Set(weeks.map((w) => w.key)).size).toBe(12);
    const utc = recentWeeks(new Date("2026-11-15T23:30:00Z"), "UTC", 12);
    expect(utc.at(-1)?.key).toBe("2026-W46");
  });

  it("spans a change of year and of daylight saving time", () => {
    const weeks = recentWeeks(new Date("2027-01-06T12:00:00Z"), "Europe/Paris", 12);
    expect(weeks.map((w) => w.key).slice(-3)).toEqual(["2026-W52", "2026-W53", "2027-W01"]);
    const autumn = weekOfKey("2026-W43", "Europe/Paris");
    // The week of the end of summer time is 169 hours long.
    expect(autumn && (autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(169);
  });

  it("reads a week back from its key, and refuses a key that is no week", () => {
    expect(weekOfKey("2026-W47", "Europe/Paris")?.start.toISOString()).toBe("2026-11-15T23:00:00.000Z");
    expect(weekOfKey("2026-W54", "Europe/Paris")).toBeNull();
    expect(weekOfKey("nope", "Europe/Paris")).toBeNull();
  });
});
