// "MAX Fields Rebuild" catalogue (max-vision.md, extension « Fiche métier »): per trade, the custom
// fields, pipeline stages, tags and saved views M.A.X. proposes before anything is created. Pure data
// and selection; the proposal is stored and applied by the tools, only after a human confirms.
import type { FieldType } from "./field-values.js";
import { PIPELINES } from "./pipelines.js";

export const FIELD_TRADES = ["logistique", "ecommerce", "beaute", "coaching", "b2b"] as const;
export type FieldTrade = (typeof FIELD_TRADES)[number];

export interface ProposedField {
  name: string;
  label: string;
  type: FieldType;
  options?: string[];
}

/** A saved view is a lead search: the same filters search_leads and the store understand. */
export interface ViewFilters {
  status?: string[];
  tag?: string[];
  heat?: "chaud" | "tiede" | "froid";
  inactiveDays?: number;
  customFields?: Record<string, string | number | boolean>;
}

export interface SavedView {
  name: string;
  filters: ViewFilters;
}

export interface TradeCatalog {
  label: string;
  fields: readonly ProposedField[];
  stages: readonly string[];
  tags: readonly string[];
  views: readonly SavedView[];
}

/** What a proposal holds: the catalogue entry of one trade, possibly narrowed to some fields. */
export type FieldPlan = {
  trade: FieldTrade;
  fields: ProposedField[];
  stages: string[];
  tags: string[];
  views: SavedView[];
};

const LEVELS = ["faible", "moyenne", "forte"];

export const FIELD_CATALOG: Readonly<Record<FieldTrade, TradeCatalog>> = {
  // The seeds' example: "propose la fiche métier Logistique" -> Incoterm, DTD, poids, statut colis.
  logistique: {
    label: "Logistique",
    fields: [
      {
        name: "incoterm",
        label: "Incoterm",
        type: "enum",
        options: ["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"],
      },
      { name: "dtd", label: "Porte-à-porte (DTD)", type: "boolean" },
      { name: "delai_livraison_jours", label: "Délai de livraison (jours)", type: "integer" },
      { name: "poids_kg", label: "Poids (kg)", type: "number" },
      { name: "volume_m3", label: "Volume (m³)", type: "number" },
      {
        name: "mode_transport",
        label: "Mode de transport",
        type: "enum",
        options: ["routier", "maritime", "aerien", "ferroviaire", "multimodal"],
      },
      {
        name: "statut_colis",
        label: "Statut du colis",
        type: "enum",
        options: ["a_enlever", "enleve", "en_transit", "en_douane", "en_livraison", "livre", "incident"],
      },
      { name: "pays_origine", label: "Pays d'origine", type: "text" },
      { name: "pays_destination", label: "Pays de destination", type: "text" },
      { name: "date_enlevement", label: "Date d'enlèvement", type: "date" },
      { name: "numero_suivi", label: "Numéro de suivi", type: "text" },
    ],
    stages: ["demande_cotation", "devis_envoye", "devis_accepte", "en_transit", "livre", "perdu"],
    tags: ["devis_a_relancer", "urgent", "international", "douane", "incident_transport"],
    views: [
      { name: "Devis à relancer", filters: { tag: ["devis_a_relancer"], inactiveDays: 3 } },
      { name: "Colis en incident", filters: { customFields: { statut_colis: "incident" } } },
      { name: "Bloqués en douane", filters: { customFields: { statut_colis: "en_douane" } } },
      { name: "Expéditions en DDP", filters: { customFields: { incoterm: "DDP" } } },
    ],
  },
  // max-vision.md, "M.A.X. E-commerce": panier abandonné, feedback J+3, cross-sell J+15.
  ecommerce: {
    label: "E-commerce",
    fields: [
      { name: "panier_abandonne", label: "Panier abandonné", type: "boolean" },
      { name: "valeur_panier", label: "Valeur du panier (€)", type: "number" },
      { name: "date_derniere_commande", label: "Dernière commande", type: "date" },
      { name: "nb_commandes", label: "Nombre de commandes", type: "integer" },
      { name: "panier_moyen", label: "Panier moyen (€)", type: "number" },
      { name: "categorie_preferee", label: "Catégorie préférée", type: "text" },
      {
        name: "canal_acquisition",
        label: "Canal d'acquisition",
        type: "enum",
        options: ["site", "instagram", "facebook", "google", "marketplace", "bouche_a_oreille"],
      },
      {
        name: "avis_client",
        label: "Avis client (feedback J+3)",
        type: "enum",
        options: ["non_demande", "demande", "positif", "negatif"],
      },
    ],
    stages: [
      "visiteur",
      "panier_abandonne",
      "premiere_commande",
      "client_recurrent",
      "client_vip",
      "inactif",
    ],
    tags: ["panier_abandonne", "feedback_j3", "cross_sell_j15", "vip", "newsletter"],
    views: [
      { name: "Paniers abandonnés", filters: { customFields: { panier_abandonne: true } } },
      { name: "Cross-sell J+15", filters: { tag: ["cross_sell_j15"] } },
      { name: "Avis négatifs", filters: { customFields: { avis_client: "negatif" } } },
      { name: "Clients inactifs depuis 90 jours", filters: { inactiveDays: 90 } },
    ],
  },
  // Institut, esthétique: the "Routine beauté" template of the seeds, rendez-vous and fidélité.
  beaute: {
    label: "Beauté",
    fields: [
      {
        name: "type_peau",
        label: "Type de peau",
        type: "enum",
        options: ["normale", "seche", "grasse", "mixte", "sensible"],
      },
      {
        name: "prestation_preferee",
        label: "Prestation préférée",
        type: "enum",
        options: ["soin_visage", "epilation", "manucure", "massage", "maquillage", "extension_cils"],
      },
      { name: "prestations_realisees", label: "Prestations réalisées", type: "text" },
      { name: "allergies", label: "Allergies et contre-indications", type: "text" },
      { name: "date_dernier_rdv", label: "Dernier rendez-vous", type: "date" },
      {
        name: "frequence_visite",
        label: "Fréquence de visite",
        type: "enum",
        options: ["hebdomadaire", "mensuelle", "trimestrielle", "occasionnelle"],
      },
      { name: "routine_beaute", label: "Reçoit la routine beauté", type: "boolean" },
      { name: "points_fidelite", label: "Points de fidélité", type: "integer" },
    ],
    stages: [
      "nouveau_contact",
      "rdv_planifie",
      "premiere_visite",
      "cliente_reguliere",
      "a_relancer",
      "perdue",
    ],
    tags: ["peau_sensible", "fidele", "anniversaire", "no_show", "routine_beaute"],
    views: [
      { name: "Peaux sensibles", filters: { customFields: { type_peau: "sensible" } } },
      { name: "Abonnées à la routine beauté", filters: { customFields: { routine_beaute: true } } },
      { name: "Clientes fidèles", filters: { tag: ["fidele"] } },
      { name: "Sans visite depuis 60 jours", filters: { inactiveDays: 60 } },
    ],
  },
  // coaching-strategies.md: the pre-qualification answers and the discovery call, beside the built-in
  // type_coaching, niveau_motivation, budget_estime… columns.
  coaching: {
    label: "Coaching",
    fields: [
      { name: "douleur_principale", label: "Douleur principale", type: "text" },
      { name: "objectif_3_6_mois", label: "Objectif à 3–6 mois", type: "text" },
      {
        name: "temporalite",
        label: "Temporalité",
        type: "enum",
        options: ["rapidement", "dans_l_annee", "quand_possible"],
      },
      { name: "date_appel_decouverte", label: "Appel découverte", type: "date" },
      { name: "appel_realise", label: "Appel réalisé", type: "boolean" },
      {
        name: "offre_proposee",
        label: "Offre proposée",
        type: "enum",
        options: ["seance_unique", "pack_3_mois", "pack_6_mois", "programme_groupe"],
      },
      {
        name: "canal_prefere",
        label: "Canal préféré",
        type: "enum",
        options: ["whatsapp", "email", "telephone"],
      },
    ],
    stages: [...PIPELINES.coaching],
    tags: ["pre_qualif_envoyee", "motivation_forte", "no_show", "relance_j3"],
    views: [
      {
        name: "Chauds sans appel réalisé",
        filters: { heat: "chaud", customFields: { appel_realise: false } },
      },
      { name: "En réflexion depuis 3 jours", filters: { status: ["en_reflexion"], inactiveDays: 3 } },
      { name: "Veulent avancer rapidement", filters: { customFields: { temporalite: "rapidement" } } },
      { name: "À relancer après un no-show", filters: { tag: ["no_show"] } },
    ],
  },
  // b2b-strategies.md: documents, deadlines, decision criteria and the quote follow-ups (B2B-03).
  b2b: {
    label: "B2B, agences et services",
    fields: [
      { name: "document_joint", label: "Document joint (PDF, cahier des charges)", type: "boolean" },
      { name: "date_echeance", label: "Échéance du projet", type: "date" },
      { name: "montant_devis", label: "Montant du devis (€)", type: "number" },
      { name: "date_devis", label: "Date d'envoi du devis", type: "date" },
      { name: "decideur", label: "Décideur", type: "text" },
      { name: "nb_interlocuteurs", label: "Nombre d'interlocuteurs", type: "integer" },
      {
        name: "critere_decision",
        label: "Critère de décision principal",
        type: "enum",
        options: ["prix", "qualite", "delai", "accompagnement"],
      },
      { name: "urgence_demande", label: "Urgence de la demande", type: "enum", options: LEVELS },
    ],
    stages: [...PIPELINES.b2b],
    tags: ["cahier_des_charges", "relance_j3", "relance_j7", "appel_clarification", "nurturing"],
    views: [
      { name: "Devis sans réponse depuis 7 jours", filters: { status: ["devis_envoye"], inactiveDays: 7 } },
      { name: "Dossiers avec cahier des charges", filters: { customFields: { document_joint: true } } },
      { name: "Demandes urgentes", filters: { customFields: { urgence_demande: "forte" } } },
      { name: "En nurturing", filters: { tag: ["nurturing"] } },
    ],
  },
};

export type FieldSelection<T> = { ok: true; fields: T[] } | { ok: false; unknown: string[] };

/** The fields named in `only` (all of them without it), in their original order. */
export function selectFields<T extends { name: string }>(
  fields: readonly T[],
  only?: readonly string[],
): FieldSelection<T> {
  if (!only) return { ok: true, fields: [...fields] };
  const unknown = only.filter((name) => !fields.some((f) => f.name === name));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, fields: fields.filter((f) => only.includes(f.name)) };
}

/** A trade's proposal; a view is kept only if every custom field it filters on is proposed too. */
export function planFor(
  trade: FieldTrade,
  only?: readonly string[],
): { ok: true; plan: FieldPlan } | { ok: false; unknown: string[] } {
  const entry = FIELD_CATALOG[trade];
  const selection = selectFields(entry.fields, only);
  if (!selection.ok) return selection;
  const names = new Set(selection.fields.map((f) => f.name));
  const views = entry.views.filter((v) =>
    Object.keys(v.filters.customFields ?? {}).every((n) => names.has(n)),
  );
  return {
    ok: true,
    plan: {
      trade,
      fields: selection.fields,
      stages: [...entry.stages],
      tags: [...entry.tags],
      views: [...views],
    },
  };
}

const TYPE_LABELS: Readonly<Record<FieldType, string>> = {
  text: "texte",
  enum: "liste",
  integer: "entier",
  number: "nombre",
  boolean: "oui/non",
  date: "date",
};

/** One field for chat and confirmation cards: "incoterm — Incoterm (liste : EXW, FCA…)". */
export function describeField(field: ProposedField): string {
  const type = field.options
    ? `${TYPE_LABELS[field.type]} : ${field.options.join(", ")}`
    : TYPE_LABELS[field.type];
  return `${field.name} — ${field.label} (${type})`;
}
