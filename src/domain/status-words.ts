// Pipeline statuses as people say them. Codes such as `devis_envoye` stay in data; every screen,
// card and reply shows the label (pipelines.ts reads a typed label back to its code).

const LABELS: Readonly<Record<string, string>> = {
  nouveau: "Nouveau",
  en_qualif: "En qualification",
  proposition_en_preparation: "Proposition en préparation",
  devis_envoye: "Devis envoyé",
  en_negociation: "En négociation",
  gagne: "Gagné",
  perdu: "Perdu",
  pre_qualif: "Pré-qualification",
  appel_planifie: "Appel planifié",
  appel_realise: "Appel réalisé",
  offre_envoyee: "Offre envoyée",
  en_reflexion: "En réflexion",
  non_qualifie: "Non qualifié",
  contacte: "Contacté",
  a_recontacter: "À recontacter",
  negociation: "Négociation",
  abandon: "Abandon",
  deja_client: "Déjà client",
};

/** The label of a status code; an unknown code is shown with spaces rather than underscores. */
export function statusLabel(code: string): string {
  return LABELS[code] ?? code.replaceAll("_", " ");
}
