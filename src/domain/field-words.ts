// The vertical fields and their values as a screen shows them: « Taille d'entreprise », « À qualifier »
// — the codes (`taille_entreprise`, `a_qualifier`) stay in data.

const FIELD_LABELS: Readonly<Record<string, string>> = {
  secteur_b2b: "Secteur",
  taille_entreprise: "Taille d'entreprise",
  type_besoin: "Besoin",
  budget_indicatif: "Budget indicatif",
  resume_dossier: "Résumé du dossier",
  strategie_proposee: "Stratégie proposée",
  type_coaching: "Type de coaching",
  niveau_motivation: "Motivation",
  budget_estime: "Budget estimé",
  urgence_ressentie: "Urgence ressentie",
  qualification: "Qualification",
  no_show: "Rendez-vous manqués",
  notes_coaching: "Notes de coaching",
};

const VALUE_LABELS: Readonly<Record<string, string>> = {
  non_qualifie: "Non qualifié",
  a_qualifier: "À qualifier",
  qualifie: "Qualifié",
  grande: "Grande entreprise",
};

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function fieldLabel(name: string): string {
  return FIELD_LABELS[name] ?? capitalised(name.replaceAll("_", " "));
}

export function fieldValueLabel(value: string): string {
  return VALUE_LABELS[value] ?? capitalised(value.replaceAll("_", " "));
}
