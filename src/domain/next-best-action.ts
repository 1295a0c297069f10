// The next best action for a lead, with its reason, from the seeds' playbooks: B2B-03 relances after
// a quote, COACH-01..03 (pre-qualification, anti no-show, after the discovery call), and plain
// follow-up for the rest. Pure: the lead's facts in, one suggestion out.

export interface LeadFacts {
  status: string;
  heat: string | null;
  daysSinceActivity: number | null;
  fields: Record<string, unknown>;
}

export interface NextAction {
  action: string;
  reason: string;
}

const days = (n: number) => `${n} jour${n > 1 ? "s" : ""}`;

function afterQuote(d: number): NextAction | null {
  const why = `devis envoyé il y a ${days(d)} sans réponse`;
  if (d >= 21) return { action: "clôturer ou passer en nurturing long terme", reason: why };
  if (d >= 14) return { action: "proposer un appel rapide", reason: why };
  if (d >= 7) return { action: "relance directe (« décision / délais ? »)", reason: why };
  if (d >= 3) return { action: "relance douce", reason: why };
  return null;
}

function coaching(facts: LeadFacts, d: number): NextAction | null {
  switch (facts.status) {
    case "nouveau":
    case "pre_qualif":
      return facts.fields.niveau_motivation
        ? {
            action: "proposer un appel découverte",
            reason: `motivation ${String(facts.fields.niveau_motivation)}`,
          }
        : { action: "envoyer les 3 questions de pré-qualification", reason: "motivation pas encore connue" };
    case "appel_planifie":
      return { action: "confirmer le rendez-vous (anti no-show)", reason: "appel découverte planifié" };
    case "appel_realise":
      return { action: "message personnalisé de suivi (J+1)", reason: "appel découverte réalisé" };
    case "offre_envoyee":
    case "en_reflexion":
      return d >= 3
        ? { action: "rappel orienté résultats", reason: `offre sans réponse depuis ${days(d)}` }
        : null;
    default:
      return null;
  }
}

export function nextBestAction(facts: LeadFacts): NextAction {
  const d = facts.daysSinceActivity;
  if (["gagne", "deja_client"].includes(facts.status)) {
    return { action: "demander un avis ou une recommandation", reason: "client gagné" };
  }
  if (["perdu", "abandon"].includes(facts.status)) {
    return { action: "aucune relance ; nurturing long terme éventuel", reason: "lead perdu" };
  }
  if (d === null) return { action: "premier contact", reason: "aucune activité enregistrée" };
  const specific = facts.status === "devis_envoye" ? afterQuote(d) : coaching(facts, d);
  if (specific) return specific;
  if (facts.heat === "chaud") return { action: "appeler aujourd'hui", reason: "lead chaud" };
  if (d >= 14) return { action: "relancer", reason: `aucune activité depuis ${days(d)}` };
  return { action: "rien d'urgent ; surveiller", reason: `dernière activité il y a ${days(d)}` };
}
