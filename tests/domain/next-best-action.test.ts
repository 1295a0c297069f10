import { describe, expect, it } from "vitest";
import { type LeadFacts, nextBestAction } from "../../src/domain/index.js";

const facts = (f: Partial<LeadFacts>): LeadFacts => ({
  status: "nouveau",
  heat: null,
  daysSinceActivity: 1,
  fields: {},
  ...f,
});

describe("next best action", () => {
  it.each<[Partial<LeadFacts>, RegExp, RegExp]>([
    [{ status: "devis_envoye", daysSinceActivity: 2 }, /surveiller/, /2 jours/],
    [{ status: "devis_envoye", daysSinceActivity: 4 }, /relance douce/, /devis envoyé il y a 4 jours/],
    [
      { status: "devis_envoye", daysSinceActivity: 8 },
      /relance directe/,
      /devis envoyé il y a 8 jours sans réponse/,
    ],
    [{ status: "devis_envoye", daysSinceActivity: 15 }, /appel rapide/, /15 jours/],
    [{ status: "devis_envoye", daysSinceActivity: 30 }, /nurturing/, /30 jours/],
    [{ status: "pre_qualif" }, /3 questions de pré-qualification/, /motivation pas encore connue/],
    [
      { status: "pre_qualif", fields: { niveau_motivation: "forte" } },
      /appel découverte/,
      /motivation forte/,
    ],
    [{ status: "appel_planifie" }, /anti no-show/, /planifié/],
    [{ status: "appel_realise" }, /J\+1/, /réalisé/],
    [{ status: "offre_envoyee", daysSinceActivity: 5 }, /orienté résultats/, /5 jours/],
    [{ status: "gagne" }, /recommandation/, /gagné/],
    [{ status: "perdu" }, /aucune relance/, /perdu/],
    [{ status: "en_qualif", daysSinceActivity: null }, /premier contact/, /aucune activité/],
    [{ status: "en_qualif", heat: "chaud", daysSinceActivity: 2 }, /appeler aujourd'hui/, /chaud/],
    [{ status: "contacte", daysSinceActivity: 20 }, /^relancer$/, /20 jours/],
  ])("%j", (input, action, reason) => {
    const next = nextBestAction(facts(input));
    expect(next.action).toMatch(action);
    expect(next.reason).toMatch(reason);
  });
});
