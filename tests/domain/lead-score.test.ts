// The lead score: each component, French lines that add up to the score, clamping, budgets as people
// write them, and a won lead against a lost one.
import { describe, expect, it } from "vitest";
import { type LeadScoreInput, parseBudget, scoreLead } from "../../src/domain/index.js";

const NOW = new Date("2026-11-16T10:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

const input = (over: Partial<LeadScoreInput> = {}): LeadScoreInput => ({
  vertical: "b2b",
  status: "nouveau",
  fields: {},
  createdAt: ago(1),
  lastActivityAt: null,
  replies: 0,
  lastReplyAt: null,
  ...over,
});

const labels = (over: Partial<LeadScoreInput>) => scoreLead(input(over), NOW).lines.map((l) => l.label);
/** The lines beyond the base every lead gets. */
const extra = (over: Partial<LeadScoreInput>) => labels(over).filter((l) => l !== "+10 base");

describe("scoreLead", () => {
  it("gives a new lead with nothing known its base only", () => {
    expect(scoreLead(input(), NOW)).toEqual({ score: 10, lines: [{ points: 10, label: "+10 base" }] });
  });

  it("counts the stage along the vertical's pipeline, by its label", () => {
    expect(extra({ status: "en_qualif" })).toEqual(["+5 étape : En qualification"]);
    expect(extra({ status: "devis_envoye" })).toEqual(["+15 étape : Devis envoyé"]);
    expect(extra({ status: "en_negociation" })).toEqual(["+20 étape : En négociation"]);
    expect(extra({ vertical: "coaching", status: "offre_envoyee" })).toEqual(["+16 étape : Offre envoyée"]);
    expect(extra({ vertical: "generic", status: "negociation" })).toEqual(["+20 étape : Négociation"]);
    // Logistique sells on quotes, through the b2b pipeline.
    expect(extra({ vertical: "logistique", status: "devis_envoye" })).toEqual(["+15 étape : Devis envoyé"]);
    expect(labels({ status: "devis_envoye" }).join(" ")).not.toContain("devis_envoye");
  });

  it("puts a won lead high and a lost one at 0, whatever else it has", () => {
    const strong = {
      vertical: "coaching" as const,
      fields: { budget_estime: ">2000€", urgence_ressentie: "forte", niveau_motivation: "forte" },
      replies: 3,
      lastReplyAt: ago(2),
      createdAt: ago(40),
    };
    const won = scoreLead(input({ ...strong, status: "gagne" }), NOW);
    const lost = scoreLead(input({ ...strong, status: "perdu" }), NOW);
    expect(won.lines).toContainEqual({ points: 50, label: "+50 étape : Gagné" });
    expect(lost.lines).toContainEqual({ points: -60, label: "−60 étape : Perdu" });
    expect(won.score).toBeGreaterThanOrEqual(90);
    expect(lost.score).toBeLessThanOrEqual(10);
    const bare = (status: string) => scoreLead(input({ vertical: "prospection", status }), NOW).score;
    expect([bare("deja_client"), bare("abandon")]).toEqual([60, 0]);
  });

  it("scores the budget on the vertical's scale", () => {
    const coaching = (budget_estime: string) => extra({ vertical: "coaching", fields: { budget_estime } });
    expect(coaching(">2000€")).toEqual(["+20 budget > 2 000 €"]);
    expect(coaching("500–2000€")).toEqual(["+12 budget > 500 €"]);
    expect(coaching("100–500€")).toEqual(["+5 budget > 100 €"]);
    expect(coaching("<100€")).toEqual(["−5 budget < 100 €"]);
    const b2b = (budget_indicatif: string) => extra({ fields: { budget_indicatif } });
    expect(b2b("40–60 k€")).toEqual(["+20 budget > 20 000 €"]);
    expect(b2b("8 000 €")).toEqual(["+12 budget > 5 000 €"]);
    expect(b2b("1 500 €")).toEqual(["+5 budget > 1 000 €"]);
    expect(b2b("800 €")).toEqual([]);
    expect(b2b("à définir")).toEqual([]);
    // A custom « budget » field counts where the vertical has none.
    expect(extra({ vertical: "beaute", fields: { budget: "3k€" } })).toEqual(["+20 budget > 2 000 €"]);
  });

  it("reads urgency, motivation, qualification and no-shows", () => {
    const coaching = (fields: Record<string, unknown>) => extra({ vertical: "coaching", fields });
    expect(coaching({ urgence_ressentie: "forte" })).toEqual(["+10 urgence forte"]);
    expect(coaching({ urgence_ressentie: "moyenne" })).toEqual(["+5 urgence moyenne"]);
    expect(coaching({ urgence_ressentie: "faible" })).toEqual(["−5 urgence faible"]);
    expect(coaching({ niveau_motivation: "forte" })).toEqual(["+10 motivation forte"]);
    expect(coaching({ niveau_motivation: "faible" })).toEqual(["−5 motivation faible"]);
    expect(coaching({ qualification: "qualifie" })).toEqual(["+5 prospect qualifié"]);
    expect(coaching({ qualification: "non_qualifie" })).toEqual(["−10 prospect non qualifié"]);
    expect(coaching({ qualification: "a_qualifier" })).toEqual([]);
    expect(coaching({ no_show: 0 })).toEqual([]);
    expect(coaching({ no_show: 1 })).toEqual(["−10 1 rendez-vous manqué"]);
    expect(extra({ vertical: "coaching", status: "en_reflexion", fields: { no_show: 3 } })).toEqual([
      "+20 étape : En réflexion",
      "−20 3 rendez-vous manqués",
    ]);
    expect(coaching({ no_show: "oui" })).toEqual(["−10 1 rendez-vous manqué"]);
  });

  it("reads the company's size and the need", () => {
    expect(extra({ fields: { taille_entreprise: "grande" } })).toEqual(["+10 taille : grande entreprise"]);
    expect(extra({ fields: { taille_entreprise: "PME" } })).toEqual(["+8 taille : PME"]);
    expect(extra({ fields: { taille_entreprise: "TPE" } })).toEqual(["+4 taille : TPE"]);
    expect(extra({ fields: { taille_entreprise: "solo" } })).toEqual(["+2 taille : indépendant"]);
    expect(extra({ fields: { type_besoin: "IT" } })).toEqual(["+5 besoin identifié : IT"]);
    expect(extra({ fields: { type_besoin: "  " } })).toEqual([]);
  });

  it("counts the lead's replies and how recent the last one is", () => {
    expect(extra({ replies: 1, lastReplyAt: ago(0) })).toEqual([
      "+5 1 réponse du lead",
      "+10 réponse aujourd'hui",
    ]);
    expect(extra({ replies: 2, lastReplyAt: ago(1) })).toEqual(["+8 2 réponses du lead", "+10 réponse hier"]);
    expect(extra({ replies: 5, lastReplyAt: ago(6) })).toEqual([
      "+10 5 réponses du lead",
      "+10 réponse il y a 6 jours",
    ]);
    expect(extra({ replies: 1, lastReplyAt: ago(10), createdAt: ago(30) })).toEqual(["+5 1 réponse du lead"]);
  });

  it("takes points off for silence, from the last reply or from the lead's creation", () => {
    expect(extra({ createdAt: ago(13) })).toEqual([]);
    expect(extra({ createdAt: ago(15), lastActivityAt: ago(2) })).toEqual([
      "−5 aucune réponse depuis 15 jours",
    ]);
    expect(extra({ createdAt: ago(60), lastActivityAt: ago(1), replies: 1, lastReplyAt: ago(21) })).toEqual([
      "+5 1 réponse du lead",
      "−15 aucune réponse depuis 21 jours",
    ]);
    expect(extra({ status: "en_negociation", createdAt: ago(45), lastActivityAt: ago(31) })).toEqual([
      "+20 étape : En négociation",
      "−15 aucune réponse depuis 45 jours",
      "−10 aucune activité depuis 31 jours",
    ]);
    // A closed lead is not chased: no freshness lines.
    expect(extra({ status: "gagne", createdAt: ago(90) })).toEqual(["+50 étape : Gagné"]);
  });

  it("counts days as the tenant reads them: whole days, in French", () => {
    const score = scoreLead(
      input({ status: "devis_envoye", createdAt: new Date(NOW.getTime() - 21.9 * 86_400_000) }),
      NOW,
    );
    expect(score.lines.at(-1)?.label).toBe("−15 aucune réponse depuis 21 jours");
    expect(labels({ createdAt: ago(1_200), lastActivityAt: ago(1_200) })).toContain(
      "−10 aucune activité depuis 1 200 jours",
    );
  });

  it("clamps to 0–100 with a line that says so, so the lines always add up", () => {
    const high = scoreLead(
      input({
        vertical: "coaching",
        status: "gagne",
        fields: {
          budget_estime: ">2000€",
          urgence_ressentie: "forte",
          niveau_motivation: "forte",
          qualification: "qualifie",
        },
        replies: 4,
        lastReplyAt: ago(1),
      }),
      NOW,
    );
    expect(high.score).toBe(100);
    expect(high.lines.at(-1)).toEqual({ points: -15, label: "−15 score plafonné à 100" });
    const low = scoreLead(
      input({
        vertical: "coaching",
        status: "perdu",
        fields: { budget_estime: "<100€", no_show: 2, niveau_motivation: "faible" },
      }),
      NOW,
    );
    expect(low.score).toBe(0);
    expect(low.lines.at(-1)).toEqual({ points: 80, label: "+80 score ramené à 0 (minimum)" });
    for (const s of [high, low, scoreLead(input({ status: "devis_envoye", createdAt: ago(30) }), NOW)]) {
      expect(s.lines.reduce((n, l) => n + l.points, 0)).toBe(s.score);
      expect(s.lines.every((l) => l.points !== 0 && l.label.startsWith(l.points > 0 ? "+" : "\u2212"))).toBe(
        true,
      );
    }
  });

  it("depends on the clock it is given only", () => {
    const lead = input({ status: "devis_envoye", createdAt: ago(10) });
    expect(scoreLead(lead, NOW).score).toBe(25);
    expect(scoreLead(lead, new Date(NOW.getTime() + 11 * 86_400_000)).score).toBe(10);
  });
});

describe("parseBudget", () => {
  it.each<[string, number]>([
    ["2 000 €", 2_000],
    ["2\u202f000\u00a0€", 2_000],
    ["1500", 1_500],
    ["1.500 €", 1_500],
    ["3k€", 3_000],
    ["3 k€", 3_000],
    ["1,5 k€", 1_500],
    ["2 keur", 2_000],
    ["1 000 - 3 000 €", 2_000],
    ["1000-3000", 2_000],
    ["2 000–3 000 €", 2_500],
    ["5–10 k€", 7_500],
    ["entre 2 000 et 3 000 euros", 2_500],
    ["500 - 2k€", 1_250],
    [">2000€", 2_001],
    ["plus de 5 000 €", 5_001],
    ["<100€", 99],
    ["moins de 100 €", 99],
    ["1,2 M€", 1_200_000],
    ["10 mille euros", 10_000],
  ])("%s counts as %d €", (text, amount) => {
    expect(parseBudget(text)?.amount).toBe(amount);
  });

  it("keeps both ends of a range", () => {
    expect(parseBudget("10–20 k€")).toEqual({ amount: 15_000, low: 10_000, high: 20_000 });
  });

  it("finds no budget without a number, and no million in « 3 mois »", () => {
    expect(parseBudget("à définir")).toBeUndefined();
    expect(parseBudget("")).toBeUndefined();
    expect(parseBudget("3 mois")?.amount).toBe(3);
  });
});
