// Deterministic French demo data for the two seeded verticals (coaching, b2b).
// Pure module: no I/O, no clock, no Math.random. A seeded PRNG (mulberry32) composes leads
// from the pools below, so every call returns identical data. Both verticals are built
// together so emails and phone numbers stay unique across them.

import { fold, PIPELINES, REPLY_ACTIVITIES, scoreLead } from "../domain/index.js";
import { Rng } from "./prng.js";

export type DemoVertical = "coaching" | "b2b";
export type DemoActivityKind =
  | "note"
  | "call"
  | "email_out"
  | "email_in"
  | "whatsapp_out"
  | "whatsapp_in"
  | "meeting";
export interface DemoActivity {
  kind: DemoActivityKind;
  daysAgo: number;
  summary: string;
}
type Channel = "email" | "whatsapp" | "sms";
export interface DemoLead {
  firstName: string;
  lastName: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  source: string;
  status: string;
  tags: string[];
  /** How warm the demo's story makes the lead, as a person would label it by hand. */
  heat: "chaud" | "tiede" | "froid";
  /** scoreLead's score for this lead (see scoreOf), the number the store keeps for it too. */
  score: number;
  notes: string;
  daysSinceCreated: number;
  daysSinceLastActivity: number | null;
  consent: { email: boolean; whatsapp: boolean; sms: boolean };
  optedOut?: Array<Channel>;
  fields: Record<string, string | number | null>;
  activities: DemoActivity[];
}

// ---------- Shared pools ----------

const FEMALE = [
  "Camille",
  "Sophie",
  "Léa",
  "Chloé",
  "Hélène",
  "Émilie",
  "Anaïs",
  "Maëlle",
  "Françoise",
  "Nathalie",
  "Julie",
  "Sarah",
  "Inès",
  "Céline",
  "Aurélie",
  "Manon",
  "Zoé",
  "Héloïse",
  "Séverine",
  "Claire",
  "Agnès",
  "Laura",
  "Mélanie",
  "Gaëlle",
  "Sandrine",
  "Amandine",
  "Yasmine",
  "Lucie",
  "Valérie",
  "Bérénice",
] as const;
const MALE = [
  "Thomas",
  "Nicolas",
  "Julien",
  "François",
  "Jérôme",
  "Loïc",
  "Benoît",
  "Mathieu",
  "Sébastien",
  "Karim",
  "Antoine",
  "Maxime",
  "Hugo",
  "Cédric",
  "Pierre",
  "Olivier",
  "Romain",
  "Stéphane",
  "Yann",
  "Rémi",
  "Guillaume",
  "Mehdi",
  "Frédéric",
  "Arnaud",
  "Bruno",
  "Laurent",
  "Théo",
  "Noël",
  "Grégoire",
  "David",
] as const;
// "Dupont" is deliberately absent: only the two fixed leads carry it (search tests).
const LAST = [
  "Martin",
  "Lefèvre",
  "Nguyen",
  "Benali",
  "Moreau",
  "Rousseau",
  "Garnier",
  "Bernard",
  "Petit",
  "Durand",
  "Leroy",
  "Girard",
  "Bonnet",
  "Mercier",
  "Faure",
  "Chevalier",
  "Lemaître",
  "Blanchard",
  "Perrin",
  "Morel",
  "Fournier",
  "Gauthier",
  "Roux",
  "Vincent",
  "Muller",
  "Lambert",
  "Fontaine",
  "Ménard",
  "Hébert",
  "Prévost",
  "Barthélemy",
  "Clément",
  "Le Gall",
  "Tran",
  "Haddad",
  "Da Silva",
  "Caron",
  "Brunet",
  "Giraud",
  "Besnard",
  "Thévenin",
  "Aubry",
  "Colin",
  "Robin",
  "Marchand",
  "Renaud",
  "Picard",
  "Boucher",
  "Lacroix",
  "Guérin",
] as const;
// [city, landline zone digit]
const CITIES: ReadonlyArray<readonly [string, number]> = [
  ["Paris", 1],
  ["Lyon", 4],
  ["Marseille", 4],
  ["Toulouse", 5],
  ["Nantes", 2],
  ["Bordeaux", 5],
  ["Lille", 3],
  ["Rennes", 2],
  ["Strasbourg", 3],
  ["Montpellier", 4],
  ["Nice", 4],
  ["Grenoble", 4],
  ["Angers", 2],
  ["Dijon", 3],
  ["Tours", 2],
  ["Clermont-Ferrand", 4],
  ["Reims", 3],
  ["Annecy", 4],
  ["La Rochelle", 5],
  ["Aix-en-Provence", 4],
  ["Besançon", 3],
  ["Orléans", 2],
  ["Nîmes", 4],
  ["Saint-Étienne", 4],
  ["Brest", 2],
  ["Caen", 2],
  ["Rouen", 2],
  ["Limoges", 5],
  ["Boulogne-Billancourt", 1],
  ["Versailles", 1],
  ["Pau", 5],
  ["Metz", 3],
];
export const PERSONAL_DOMAINS: ReadonlyArray<readonly [string, number]> = [
  ["gmail.com", 10],
  ["orange.fr", 3],
  ["free.fr", 2],
  ["hotmail.fr", 2],
  ["yahoo.fr", 1],
  ["laposte.net", 1],
  ["outlook.fr", 1],
  ["sfr.fr", 1],
];
const WORDS = [
  "Lumière",
  "Horizon",
  "Écume",
  "Colibri",
  "Boréal",
  "Olivier",
  "Cèdre",
  "Aurore",
  "Sésame",
  "Galets",
  "Tilleul",
  "Presqu'île",
  "Mistral",
  "Bruyère",
  "Lavande",
  "Comète",
] as const;
const SOURCE_LABEL: Record<string, string> = {
  site_web: "le formulaire du site",
  linkedin: "LinkedIn",
  salon: "un salon",
  recommandation: "une recommandation",
  instagram: "Instagram",
  webinaire: "le webinaire",
  appel_entrant: "un appel entrant",
};
const SOURCE_TAGS: Record<string, readonly string[]> = {
  site_web: ["formulaire-site"],
  linkedin: ["linkedin"],
  salon: ["salon-lyon", "salon-paris"],
  recommandation: ["recommandation", "partenaire"],
  instagram: ["insta", "dm-insta"],
  webinaire: ["webinaire-octobre", "webinaire-mars"],
  appel_entrant: ["appel-entrant"],
};

// ---------- Per-status profiles ----------

type Range = readonly [number, number];
interface Profile {
  /** Drawn for the lead's heat (and the « vip » tag); its score is computed, not drawn. */
  warmth: Range;
  created: Range;
  last: Range;
  acts: Range;
}

// Counts include the fixed leads; each plan sums to 60.
const COACHING_PLAN: Record<string, number> = {
  nouveau: 12,
  pre_qualif: 10,
  appel_planifie: 8,
  appel_realise: 7,
  offre_envoyee: 7,
  en_reflexion: 6,
  gagne: 5,
  perdu: 5,
};
const B2B_PLAN: Record<string, number> = {
  nouveau: 11,
  en_qualif: 11,
  proposition_en_preparation: 8,
  devis_envoye: 11,
  en_negociation: 6,
  gagne: 6,
  perdu: 7,
};
const COACHING_PROFILE: Record<string, Profile> = {
  nouveau: { warmth: [8, 40], created: [1, 6], last: [0, 2], acts: [1, 1] },
  pre_qualif: { warmth: [25, 55], created: [2, 14], last: [0, 5], acts: [1, 2] },
  appel_planifie: { warmth: [45, 72], created: [4, 21], last: [0, 6], acts: [2, 3] },
  appel_realise: { warmth: [50, 80], created: [6, 30], last: [0, 6], acts: [2, 4] },
  offre_envoyee: { warmth: [60, 85], created: [10, 45], last: [1, 12], acts: [2, 4] },
  en_reflexion: { warmth: [40, 72], created: [15, 75], last: [4, 25], acts: [2, 4] },
  gagne: { warmth: [85, 100], created: [20, 150], last: [0, 21], acts: [3, 4] },
  perdu: { warmth: [0, 20], created: [20, 180], last: [10, 90], acts: [2, 4] },
};
const B2B_PROFILE: Record<string, Profile> = {
  nouveau: { warmth: [10, 40], created: [1, 7], last: [0, 3], acts: [1, 1] },
  en_qualif: { warmth: [30, 60], created: [5, 25], last: [0, 10], acts: [1, 3] },
  proposition_en_preparation: { warmth: [50, 75], created: [10, 40], last: [0, 8], acts: [2, 4] },
  devis_envoye: { warmth: [55, 80], created: [28, 70], last: [3, 25], acts: [2, 4] },
  en_negociation: { warmth: [65, 90], created: [20, 75], last: [0, 10], acts: [3, 4] },
  gagne: { warmth: [85, 100], created: [30, 180], last: [0, 30], acts: [3, 4] },
  perdu: { warmth: [0, 20], created: [30, 180], last: [15, 100], acts: [2, 4] },
};
// Spread of "days since last activity" for generated devis_envoye leads (relance J+3/J+7/J+14/J+21).
const DEVIS_LAST = [3, 5, 7, 8, 10, 13, 15, 18, 21, 25];

// ---------- Activity pools (one entry picked per pipeline stage reached) ----------

type ActPool = Record<string, ReadonlyArray<readonly [DemoActivityKind, string]>>;
const COACHING_ACTS: ActPool = {
  nouveau: [
    ["note", "Lead entré via {src}"],
    ["email_out", "Email de bienvenue envoyé avec le lien du questionnaire"],
    ["whatsapp_out", "Message de bienvenue envoyé sur WhatsApp"],
  ],
  pre_qualif: [
    ["whatsapp_out", "Questionnaire de pré-qualification envoyé sur WhatsApp (3 questions)"],
    ["whatsapp_in", "A répondu au questionnaire : douleur claire, prêt{e} à s'engager"],
    ["email_in", "Réponses au questionnaire reçues, assez vagues"],
    ["email_out", "Relance J+2 du questionnaire"],
  ],
  appel_planifie: [
    ["email_out", "Confirmation de l'appel découverte envoyée avec le lien visio"],
    ["whatsapp_out", "Rappel J-1 de l'appel découverte"],
    ["whatsapp_in", "Confirme sa présence à l'appel de jeudi"],
    ["note", "Appel découverte reprogrammé à sa demande"],
  ],
  appel_realise: [
    ["call", "Appel découverte de 30 min, très motivé{e}"],
    ["call", "Appel découverte de 45 min : des doutes mais une vraie envie d'avancer"],
    ["meeting", "Séance découverte en visio, bon feeling"],
    ["note", "Synthèse de l'appel découverte rédigée"],
  ],
  offre_envoyee: [
    ["email_out", "Proposition d'accompagnement 3 mois envoyée ({prix})"],
    ["email_out", "Offre envoyée avec le paiement en 3 fois"],
    ["whatsapp_out", "Récap de l'offre envoyé sur WhatsApp à J+1"],
  ],
  en_reflexion: [
    ["whatsapp_in", "A répondu sur WhatsApp : intéressé{e} mais pas avant janvier"],
    ["email_in", "Souhaite en parler à son conjoint avant de s'engager"],
    ["whatsapp_out", "Relance J+3 orientée résultats"],
    ["call", "Point téléphonique : hésite sur le budget"],
  ],
  gagne: [
    ["email_in", "Contrat signé et premier paiement reçu"],
    ["meeting", "Première séance de coaching réalisée"],
    ["whatsapp_in", "« Super séance, merci ! Hâte de la suite »"],
  ],
  perdu: [
    ["email_in", "Décline l'offre : budget trop serré pour le moment"],
    ["email_in", "A choisi un autre accompagnement"],
    ["whatsapp_out", "Message de clôture bienveillante envoyé"],
  ],
};
const B2B_ACTS: ActPool = {
  nouveau: [
    ["note", "Demande reçue via {src}"],
    ["email_out", "Accusé de réception envoyé avec des créneaux de cadrage"],
    ["call", "Premier échange téléphonique de 10 min"],
  ],
  en_qualif: [
    ["call", "Appel de qualification : besoin confirmé, budget à préciser"],
    ["meeting", "Réunion de cadrage en visio avec la direction"],
    ["email_out", "Questionnaire de cadrage envoyé"],
    ["email_in", "Cahier des charges reçu en PDF"],
  ],
  proposition_en_preparation: [
    ["note", "Résumé du cahier des charges rédigé dans la fiche"],
    ["email_out", "Envoi de deux cas clients du même secteur"],
    ["call", "Appel de clarification sur le périmètre et les délais"],
  ],
  devis_envoye: [
    ["email_out", "Devis n°{devis} envoyé par email"],
    ["email_out", "Devis n°{devis} envoyé avec la proposition détaillée"],
    ["email_out", "Devis n°{devis} présenté en visio puis envoyé par email"],
  ],
  en_negociation: [
    ["email_in", "Demande une remise de 10 % sur le lot 2"],
    ["call", "Négociation : accord sur le périmètre, reste le calendrier"],
    ["meeting", "Rendez-vous avec la direction pour finaliser les conditions"],
    ["whatsapp_in", "A répondu sur WhatsApp : ok sur le principe, attend le feu vert du DAF"],
  ],
  gagne: [
    ["email_in", "Bon de commande signé reçu"],
    ["meeting", "Réunion de lancement du projet"],
    ["email_out", "Facture d'acompte envoyée"],
  ],
  perdu: [
    ["email_in", "Projet reporté à l'an prochain, faute de budget"],
    ["email_in", "A retenu un prestataire moins cher"],
    ["note", "Pas de retour après 4 relances, dossier clôturé"],
    ["call", "Projet abandonné suite à une réorganisation interne"],
  ],
};

// ---------- Notes pools ----------

const COACHING_SOURCE_NOTE: Record<string, readonly string[]> = {
  site_web: [
    "A rempli le formulaire du site après l'article sur la confiance en soi.",
    "Contact via le formulaire du site.",
  ],
  instagram: [
    "A découvert le compte via un reel Instagram et a écrit en DM.",
    "Suit le compte Instagram depuis des mois.",
  ],
  webinaire: [
    "Présent{e} au webinaire d'octobre, plusieurs questions dans le chat.",
    "Inscrit{e} au webinaire « Oser se lancer ».",
  ],
  recommandation: [
    "Recommandé{e} par une ancienne cliente.",
    "Vient de la part d'un partenaire naturopathe.",
  ],
  linkedin: [
    "Contact LinkedIn après un post sur la reconversion.",
    "A commenté plusieurs posts LinkedIn avant d'écrire.",
  ],
  salon: ["Rencontré{e} au salon Zen, a laissé sa carte.", "Passé{e} au stand lors du salon bien-être."],
  appel_entrant: [
    "A appelé directement après avoir vu une affiche au cabinet.",
    "Appel entrant, cherchait un accompagnement rapide.",
  ],
};
const COACHING_STATUS_NOTE: Record<string, readonly string[]> = {
  nouveau: ["Premier échange de pré-qualification à prévoir.", "Profil à pré-qualifier cette semaine."],
  pre_qualif: [
    "Questionnaire envoyé, réponses en attente.",
    "Premières réponses encourageantes, à relancer.",
  ],
  appel_planifie: [
    "Appel découverte calé, rappel J-1 prévu.",
    "{il} a réservé un créneau via le lien d'agenda.",
  ],
  appel_realise: [
    "Bon échange, besoin d'un cadre pour passer à l'action.",
    "Appel fait, attend une proposition claire.",
  ],
  offre_envoyee: [
    "Offre envoyée, à relancer sans retour sous 3 jours.",
    "Intéressé{e} par la formule 3 mois.",
  ],
  en_reflexion: [
    "Hésite encore, surtout sur le timing.",
    "Veut en parler à son conjoint avant de s'engager.",
  ],
  gagne: ["Accompagnement démarré, très impliqué{e}.", "Client{e} ravi{e} des premières séances."],
  perdu: ["Dossier clôturé, à recontacter dans quelques mois.", "À garder en nurturing via la newsletter."],
};
const B2B_STATUS_NOTE: Record<string, readonly string[]> = {
  nouveau: ["Demande à qualifier, premier appel à planifier.", "Besoin encore flou, à creuser."],
  en_qualif: ["Réunion de cadrage à organiser avec la direction.", "Attend le cahier des charges définitif."],
  proposition_en_preparation: [
    "Proposition en rédaction, deadline interne vendredi.",
    "Chiffrage en cours avec l'équipe technique.",
  ],
  devis_envoye: [
    "Devis envoyé, en attente de retour.",
    "Devis entre les mains du DAF, décision attendue sous 15 jours.",
  ],
  en_negociation: [
    "Discussion sur le prix et le planning.",
    "Demande un geste commercial pour signer ce mois-ci.",
  ],
  gagne: [
    "Contrat signé, projet lancé.",
    "Client satisfait, potentiel de vente additionnelle sur la formation.",
  ],
  perdu: ["Dossier clôturé, à recontacter dans six mois.", "À garder en nurturing long terme."],
};
const B2B_ROLES: ReadonlyArray<readonly [string, string]> = [
  ["gérant", "gérante"],
  ["directeur commercial", "directrice commerciale"],
  ["responsable marketing", "responsable marketing"],
  ["DAF", "DAF"],
  ["directeur des opérations", "directrice des opérations"],
  ["fondateur", "fondatrice"],
];

// ---------- Coaching field pools ----------

const COACHING_STORY: Record<
  string,
  { sit: readonly string[]; bloc: readonly string[]; desir: readonly string[] }
> = {
  business: {
    sit: [
      "freelance depuis 2 ans, CA irrégulier",
      "a lancé sa boutique en ligne il y a 6 mois",
      "consultante solo, agenda plein mais peu rentable",
    ],
    bloc: [
      "n'ose pas augmenter ses tarifs",
      "aucune stratégie de prospection",
      "se disperse sur trop de projets",
    ],
    desir: [
      "atteindre 5 000 € de CA mensuel stable",
      "recruter un premier salarié d'ici un an",
      "se verser un vrai salaire",
    ],
  },
  mindset: {
    sit: [
      "cadre en poste, sentiment de tourner en rond",
      "sort d'un burn-out, reprise à mi-temps",
      "manque de confiance depuis une réorganisation",
    ],
    bloc: ["syndrome de l'imposteur", "peur du regard des autres", "procrastination chronique"],
    desir: [
      "se sentir légitime en réunion",
      "retrouver de l'énergie et des objectifs clairs",
      "oser prendre la parole en public",
    ],
  },
  relationnel: {
    sit: [
      "tensions répétées avec son associé",
      "conflits avec une équipe de 8 personnes",
      "séparation récente, garde alternée",
    ],
    bloc: [
      "n'arrive pas à poser ses limites",
      "évite les conversations difficiles",
      "communication très réactive",
    ],
    desir: [
      "apaiser les échanges au quotidien",
      "manager sans s'épuiser",
      "retrouver une relation sereine avec ses proches",
    ],
  },
  autre: {
    sit: ["en reconversion après 15 ans dans la banque", "projet d'expatriation au Québec"],
    bloc: ["ne sait pas par où commencer", "peur de perdre sa sécurité financière"],
    desir: ["choisir une nouvelle voie d'ici l'été", "partir avec un plan clair"],
  },
};
const OFFER_PRICE: Record<string, string> = {
  "<100€": "450 €",
  "100–500€": "490 €",
  "500–2000€": "1 200 €",
  ">2000€": "2 900 €",
};
const MICRO_BUSINESS = [
  "Atelier {mot}",
  "Studio {mot}",
  "{nom} Conseil",
  "Boulangerie {nom}",
  "Cabinet {nom} Ostéopathie",
  "{mot} Yoga",
  "La Boutique de {prenom}",
] as const;

// ---------- B2B field pools ----------

const SECTORS: Record<string, readonly string[]> = {
  logistique: ["Transports {nom} SARL", "{nom} Logistique", "Messageries {nom}", "Fret Express {ville}"],
  "e-commerce": ["Maison {nom}", "La Boutique {mot}", "{mot} & Co", "Atelier {mot}"],
  industrie: ["Usinage {nom}", "Métallerie {nom} SAS", "Plasturgie de {ville}", "Mécanique {nom} & Fils"],
  BTP: ["{nom} Bâtiment", "Couverture {nom}", "Menuiserie {mot}", "Rénovation {nom} SARL"],
  santé: ["Cabinet médical {mot}", "Pharmacie {mot}", "Clinique vétérinaire {mot}", "Centre dentaire {mot}"],
  restauration: ["Brasserie {mot}", "Traiteur {nom}", "Restaurant Le {mot}", "Boulangeries {nom}"],
  immobilier: ["{nom} Immobilier", "Agence {mot} Immo", "Cabinet {nom} Gestion"],
  conseil: ["{nom} & Associés", "Cabinet {nom} Expertise", "{mot} Stratégie"],
};
const NEEDS: Record<string, string> = {
  marketing: "campagnes d'acquisition et refonte des réseaux sociaux",
  IT: "migration vers un ERP et automatisation de la facturation",
  logistique: "optimisation des tournées et du stockage",
  consulting: "diagnostic organisationnel et plan d'action sur 6 mois",
  formation: "formation des équipes commerciales (12 personnes)",
  "site web": "refonte du site et tunnel de devis en ligne",
};
const BUDGETS: Record<string, readonly string[]> = {
  solo: ["1 500 €", "2 000–3 000 €"],
  TPE: ["5 000 €", "5–10 k€", "8 000 €"],
  PME: ["10–20 k€", "15 000 €", "20–30 k€"],
  grande: ["40–60 k€", "80–100 k€"],
};
const STAKES = [
  "croissance de 30 % prévue sur l'année",
  "perte de deux gros clients l'an dernier",
  "ouverture d'un second site",
  "processus encore très manuels",
  "concurrence accrue des plateformes en ligne",
];
const DEADLINES = [
  "avant la fin du trimestre",
  "lancement visé en mars",
  "pas de date ferme",
  "avant la haute saison",
];
const CRITERIA = ["prix", "qualité", "délai", "accompagnement"];
const STRATEGIES = [
  "Mettre en avant un cas client du même secteur et proposer un pilote de 3 mois.",
  "Offre en deux lots pour lisser le budget, avec option accompagnement.",
  "Insister sur le délai de mise en œuvre et la disponibilité d'un interlocuteur unique.",
  "Proposer un atelier de cadrage offert puis un forfait mensuel.",
  "Chiffrer une version essentielle et une version complète pour laisser le choix.",
];

// ---------- Helpers ----------

interface Ctx {
  female: boolean;
  prenom: string;
  src: string;
  prix?: string;
  devis?: string;
}
function fill(text: string, c: Ctx): string {
  return text
    .replaceAll("{e}", c.female ? "e" : "")
    .replaceAll("{il}", c.female ? "Elle" : "Il")
    .replaceAll("{prenom}", c.prenom)
    .replaceAll("{src}", c.src)
    .replaceAll("{prix}", c.prix ?? "")
    .replaceAll("{devis}", c.devis ?? "");
}
function slug(s: string): string {
  return fold(s.replace(/\b(SARL|SAS|EURL)\b|&/g, " "))
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
function heatOf(warmth: number): DemoLead["heat"] {
  return warmth >= 65 ? "chaud" : warmth >= 35 ? "tiede" : "froid";
}

// The demo's leads are told in days before now; their score is the one the store computes once they
// are seeded (created, then their timeline written): the same days, counted from any fixed day.
const DAY_MS = 86_400_000;
const SCORED_AT = new Date(Date.UTC(2026, 0, 1));
type Scored = Pick<
  DemoLead,
  "status" | "fields" | "daysSinceCreated" | "daysSinceLastActivity" | "activities"
>;
export function demoScore(vertical: DemoVertical, lead: Scored): number {
  const at = (days: number) => new Date(SCORED_AT.getTime() - days * DAY_MS);
  const replies = lead.activities.filter((a) => REPLY_ACTIVITIES.includes(a.kind));
  const moves = [
    ...(lead.daysSinceLastActivity === null ? [] : [lead.daysSinceLastActivity]),
    ...lead.activities.map((a) => a.daysAgo),
  ];
  return scoreLead(
    {
      vertical,
      status: lead.status,
      fields: lead.fields,
      createdAt: at(lead.daysSinceCreated),
      lastActivityAt: moves.length ? at(Math.min(...moves)) : null,
      replies: replies.length,
      lastReplyAt: replies.length ? at(Math.min(...replies.map((a) => a.daysAgo))) : null,
    },
    SCORED_AT,
  ).score;
}
/** The lead with its computed score. */
function scored(vertical: DemoVertical, lead: Omit<DemoLead, "score">): DemoLead {
  return { ...lead, score: demoScore(vertical, lead) };
}
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

class Builder {
  readonly rng: Rng;
  readonly taken: Set<string>;
  constructor(seed: number, taken: Set<string>) {
    this.rng = new Rng(seed);
    this.taken = taken;
  }
  claim(key: string): boolean {
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  }
  person(): { firstName: string; lastName: string; female: boolean } {
    for (;;) {
      const female = this.rng.chance(0.55);
      const firstName = this.rng.pick(female ? FEMALE : MALE);
      const lastName = this.rng.pick(LAST);
      if (this.claim(`name:${firstName} ${lastName}`)) return { firstName, lastName, female };
    }
  }
  email(first: string, last: string, domain: string | null): string {
    const f = fold(first).replace(/[^a-z-]/g, "");
    const l = fold(last).replace(/[^a-z-]/g, "");
    const d = domain ?? this.rng.weighted(PERSONAL_DOMAINS);
    const variants = [`${f}.${l}`, `${f[0]}.${l}`, `${f}${l}`, `${f}.${l}${this.rng.int(10, 99)}`];
    const start = domain ? this.rng.int(0, 1) : this.rng.int(0, 2);
    for (let i = 0; ; i++) {
      const local = variants[(start + i) % variants.length] ?? `${f}.${l}${i}`;
      const e = `${i >= variants.length ? `${local}${i}` : local}@${d}`;
      if (this.claim(`email:${e}`)) return e;
    }
  }
  phone(zone: number | null): string {
    for (;;) {
      const prefix = zone === null ? this.rng.pick(["6", "6", "6", "7"]) : String(zone);
      const p = `+33${prefix}${String(this.rng.int(0, 99_999_999)).padStart(8, "0")}`;
      if (this.claim(`phone:${p}`)) return p;
    }
  }
  company(templates: readonly string[], nom: string, prenom: string, ville: string): string {
    for (;;) {
      const c = this.rng
        .pick(templates)
        .replace("{nom}", nom)
        .replace("{prenom}", prenom)
        .replace("{mot}", this.rng.pick(WORDS))
        .replace("{ville}", ville);
      if (this.claim(`company:${c}`)) return c;
    }
  }
  // Statuses of the generated leads: plan minus the fixed leads, shuffled.
  statuses(plan: Record<string, number>, fixed: readonly string[]): string[] {
    const out: string[] = [];
    for (const [status, n] of Object.entries(plan)) {
      for (let i = 0; i < n - fixed.filter((s) => s === status).length; i++) out.push(status);
    }
    return this.rng.shuffle(out);
  }
  // Timeline: created, last activity, and one activity per stage reached (most recent first).
  timeline(profile: Profile, stages: readonly string[], pool: ActPool, ctx: Ctx, lastOverride?: number) {
    const created = this.rng.int(...profile.created);
    const isNew = stages.length === 1 && stages[0] === "nouveau";
    if (isNew && this.rng.chance(0.45))
      return { created, last: null, activities: [] as DemoActivity[], stages: [] as string[] };
    const last = lastOverride ?? this.rng.int(profile.last[0], Math.min(profile.last[1], created));
    const n = Math.min(this.rng.int(...profile.acts), stages.length, 4);
    const days = [last];
    for (let i = 1; i < n; i++) days.push(this.rng.int(last, created));
    days.sort((a, b) => a - b);
    const recent = stages.slice(-n).reverse();
    const activities = recent.map((stage, i) => {
      const [kind, text] = this.rng.pick(pool[stage] ?? []);
      return { kind, daysAgo: days[i] ?? last, summary: fill(text, ctx) };
    });
    return { created, last, activities, stages: recent };
  }
  tags(first: readonly string[], source: string, extra: readonly string[]): string[] {
    const cands = [...first, this.rng.pick(SOURCE_TAGS[source] ?? ["autre"]), this.rng.pick(extra)];
    return [...new Set(cands)].slice(0, this.rng.int(1, 3));
  }
  consent(acts: DemoActivity[], hasPhone: boolean, pWa: number, pSms: number) {
    const wrote = (k: DemoActivityKind) => acts.some((a) => a.kind === k);
    return {
      email: wrote("email_out") || !this.rng.chance(0.08),
      whatsapp: hasPhone && (wrote("whatsapp_out") || this.rng.chance(pWa)),
      sms: hasPhone && this.rng.chance(pSms),
    };
  }
}

// Opt a lead of the given status out of some channels (the channel's consent becomes false).
function optOut(leads: DemoLead[], status: string, nth: number, channels: Channel[]): void {
  const lead = leads.filter((l) => l.status === status)[nth];
  if (!lead) return;
  lead.optedOut = channels;
  for (const c of channels) lead.consent[c] = false;
}

function pathTo(pipeline: readonly string[], status: string, lostAfter: string): string[] {
  const target = status === "perdu" ? lostAfter : status;
  const path = pipeline.slice(0, pipeline.indexOf(target) + 1);
  return status === "perdu" ? [...path, "perdu"] : path;
}

// ---------- Coaching ----------

function buildCoaching(taken: Set<string>): DemoLead[] {
  const b = new Builder(20241, taken);
  const { rng } = b;
  const camille = scored("coaching", {
    firstName: "Camille",
    lastName: "Dupont",
    company: null,
    email: "camille.dupont@gmail.com",
    phone: "+33678412093",
    city: "Lyon",
    source: "instagram",
    status: "appel_realise",
    tags: ["insta", "relance"],
    heat: "chaud",
    notes:
      "A découvert le compte via un reel Instagram et a écrit en DM. Très motivée, attend une proposition claire.",
    daysSinceCreated: 12,
    daysSinceLastActivity: 2,
    consent: { email: true, whatsapp: true, sms: false },
    fields: {
      type_coaching: "business",
      niveau_motivation: "forte",
      budget_estime: "500–2000€",
      urgence_ressentie: "forte",
      qualification: "qualifie",
      no_show: 0,
      notes_coaching:
        "Situation actuelle : graphiste freelance depuis 3 ans, CA irrégulier. Blocages : n'ose pas augmenter ses tarifs. Désir futur : vivre de son activité sans travailler le week-end. Budget évoqué : 500–2000€.",
    },
    activities: [
      { kind: "call", daysAgo: 2, summary: "Appel découverte de 30 min, très motivée" },
      { kind: "whatsapp_out", daysAgo: 3, summary: "Rappel J-1 de l'appel découverte" },
      {
        kind: "whatsapp_in",
        daysAgo: 10,
        summary: "A répondu au questionnaire : douleur claire, prête à s'engager",
      },
    ],
  });
  for (const k of ["name:Camille Dupont", "email:camille.dupont@gmail.com", "phone:+33678412093"]) b.claim(k);

  const leads = b.statuses(COACHING_PLAN, [camille.status]).map((status): DemoLead => {
    const p = b.person();
    const [city] = rng.chance(0.9) ? rng.pick(CITIES) : [null];
    const source = rng.weighted([
      ["instagram", 5],
      ["site_web", 4],
      ["webinaire", 3],
      ["recommandation", 3],
      ["linkedin", 2],
      ["appel_entrant", 1],
      ["salon", 1],
    ] as const);
    const type = rng.weighted([
      ["business", 35],
      ["mindset", 30],
      ["relationnel", 25],
      ["autre", 10],
    ] as const);
    const company =
      (type === "business" && rng.chance(0.5)) || rng.chance(0.08)
        ? b.company(MICRO_BUSINESS, p.lastName, p.firstName, city ?? "Lyon")
        : null;
    const lostAfter = rng.pick([
      "pre_qualif",
      "appel_planifie",
      "appel_realise",
      "offre_envoyee",
      "en_reflexion",
    ]);
    const stages = pathTo(PIPELINES.coaching, status, lostAfter);
    const called = stages.includes("appel_realise");
    const early = status === "nouveau" || status === "pre_qualif";
    const level3 = (w: readonly [number, number, number]) =>
      rng.weighted([
        ["faible", w[0]],
        ["moyenne", w[1]],
        ["forte", w[2]],
      ] as const);
    const motivation =
      status === "nouveau"
        ? rng.chance(0.8)
          ? null
          : level3([0, 1, 1])
        : status === "gagne"
          ? "forte"
          : status === "perdu"
            ? level3([3, 2, 0])
            : status === "pre_qualif"
              ? level3([1, 2, 1])
              : level3([0, 2, 3]);
    const budget =
      status === "nouveau" || (early && rng.chance(0.7))
        ? null
        : status === "perdu" && rng.chance(0.4)
          ? "<100€"
          : rng.pick(
              type === "business" || status === "gagne"
                ? (["500–2000€", ">2000€"] as const)
                : (["100–500€", "500–2000€"] as const),
            );
    const urgence =
      status === "nouveau" || (status === "pre_qualif" && rng.chance(0.5))
        ? null
        : status === "gagne"
          ? rng.pick(["moyenne", "forte"])
          : level3([1, 2, 1]);
    const noShow =
      status === "perdu" && lostAfter === "appel_planifie"
        ? 2
        : (status === "appel_planifie" || status === "appel_realise") && rng.chance(0.2)
          ? 1
          : 0;
    const qualification = called
      ? "qualifie"
      : status === "perdu" || noShow === 2 || motivation === "faible"
        ? "non_qualifie"
        : "a_qualifier";
    const ctx: Ctx = {
      female: p.female,
      prenom: p.firstName,
      src: SOURCE_LABEL[source] ?? source,
      prix: OFFER_PRICE[budget ?? "100–500€"],
    };
    const t = b.timeline(COACHING_PROFILE[status] as Profile, stages, COACHING_ACTS, ctx);
    // Make the history tell the no-show story when there is one.
    const actAt = (stage: string) => t.activities[t.stages.indexOf(stage)];
    const firstNoShow = noShow > 0 ? actAt("appel_planifie") : undefined;
    if (firstNoShow)
      Object.assign(firstNoShow, {
        kind: "note",
        summary: "No-show au premier appel découverte, nouveau créneau proposé",
      });
    const closing = noShow === 2 ? actAt("perdu") : undefined;
    if (closing)
      Object.assign(closing, {
        kind: "note",
        summary: "Deuxième no-show à l'appel découverte, lead clôturé",
      });
    const prof = COACHING_PROFILE[status] as Profile;
    const bonus = motivation === "forte" ? 8 : motivation === "faible" ? -10 : 0;
    const warmth = clamp(rng.int(...prof.warmth) + bonus, prof.warmth[0], prof.warmth[1]);
    const story = COACHING_STORY[type] ?? COACHING_STORY.business;
    const notesCoaching =
      called && story
        ? `Situation actuelle : ${rng.pick(story.sit)}. Blocages : ${rng.pick(story.bloc)}. Désir futur : ${rng.pick(story.desir)}.${budget ? ` Budget évoqué : ${budget}.` : ""}`
        : null;
    const fields = {
      type_coaching: type,
      niveau_motivation: motivation,
      budget_estime: budget,
      urgence_ressentie: urgence,
      qualification,
      no_show: noShow,
      notes_coaching: notesCoaching,
    };
    const timeline = {
      daysSinceCreated: t.created,
      daysSinceLastActivity: t.last,
      activities: t.activities,
    };
    const score = demoScore("coaching", { status, fields, ...timeline });
    const hasPhone =
      t.activities.some((a) => a.kind.startsWith("whatsapp") || a.kind === "call") || rng.chance(0.9);
    const statusTags =
      status === "en_reflexion" || status === "offre_envoyee"
        ? ["relance"]
        : status === "gagne"
          ? ["client"]
          : noShow > 0
            ? ["no-show"]
            : warmth >= 80
              ? ["vip"]
              : [];
    const domain = company && rng.chance(0.5) ? `${slug(company)}.fr` : null;
    return {
      firstName: p.firstName,
      lastName: p.lastName,
      company,
      email: b.email(p.firstName, p.lastName, domain),
      phone: hasPhone ? b.phone(null) : null,
      city,
      source,
      status,
      tags: b.tags(statusTags, source, [
        "newsletter",
        "reconversion",
        "freelance",
        "premium",
        "maman-entrepreneure",
      ]),
      heat: heatOf(warmth),
      score,
      notes: `${fill(rng.pick(COACHING_SOURCE_NOTE[source] ?? [""]), ctx)} ${fill(rng.pick(COACHING_STATUS_NOTE[status] ?? [""]), ctx)}`,
      ...timeline,
      consent: b.consent(t.activities, hasPhone, 0.5, 0.3),
      fields,
    };
  });
  optOut(leads, "offre_envoyee", 0, ["email"]);
  optOut(leads, "en_reflexion", 0, ["whatsapp"]);
  optOut(leads, "perdu", 0, ["sms", "whatsapp"]);
  leads.splice(4, 0, camille);
  return leads;
}

// ---------- B2B ----------

function buildB2b(taken: Set<string>): DemoLead[] {
  const b = new Builder(20242, taken);
  const { rng } = b;
  const jean = scored("b2b", {
    firstName: "Jean",
    lastName: "Dupont",
    company: "Dupont Logistique",
    email: "jean.dupont@dupont-logistique.fr",
    phone: "+33145872210",
    city: "Paris",
    source: "salon",
    status: "devis_envoye",
    tags: ["devis", "relance", "salon-paris"],
    heat: "tiede",
    notes:
      "Jean, gérant de Dupont Logistique, rencontré au salon SITL. Devis envoyé, décision attendue avant la fin du mois.",
    daysSinceCreated: 34,
    daysSinceLastActivity: 9,
    consent: { email: true, whatsapp: false, sms: false },
    fields: {
      secteur_b2b: "logistique",
      taille_entreprise: "PME",
      type_besoin: "IT",
      budget_indicatif: "10–20 k€",
      resume_dossier:
        "Contexte : PME de transport frigorifique, 45 salariés, Rungis. Enjeux : tournées planifiées sur Excel. Besoins clés : outil de planification et suivi des livraisons. Deadline : avant la haute saison. Critère principal : délai.",
      strategie_proposee: "Proposer un pilote sur deux tournées puis un déploiement progressif.",
    },
    activities: [
      { kind: "email_out", daysAgo: 9, summary: "Devis n°2024-118 envoyé par email" },
      { kind: "meeting", daysAgo: 16, summary: "Réunion de cadrage sur site à Rungis" },
      { kind: "call", daysAgo: 30, summary: "Premier appel : besoin d'optimiser les tournées" },
    ],
  });
  for (const k of [
    "name:Jean Dupont",
    "email:jean.dupont@dupont-logistique.fr",
    "phone:+33145872210",
    "company:Dupont Logistique",
  ])
    b.claim(k);

  let devisIdx = 0;
  const leads = b.statuses(B2B_PLAN, [jean.status]).map((status, i): DemoLead => {
    const p = b.person();
    const [city, zone] = rng.pick(CITIES);
    const source = rng.weighted([
      ["linkedin", 5],
      ["site_web", 4],
      ["salon", 3],
      ["recommandation", 3],
      ["appel_entrant", 2],
      ["webinaire", 2],
      ["instagram", 1],
    ] as const);
    const secteur = rng.pick(Object.keys(SECTORS));
    const company = b.company(SECTORS[secteur] ?? [], p.lastName, p.firstName, city);
    const taille = rng.weighted([
      ["solo", 10],
      ["TPE", 35],
      ["PME", 45],
      ["grande", 10],
    ] as const);
    const besoin = rng.pick(Object.keys(NEEDS));
    const lostAfter = rng.pick(["en_qualif", "proposition_en_preparation", "devis_envoye", "en_negociation"]);
    const stages = pathTo(PIPELINES.b2b, status, lostAfter);
    const dossier = stages.includes("proposition_en_preparation");
    const budget =
      (status === "nouveau" && rng.chance(0.7)) || (status === "en_qualif" && rng.chance(0.4))
        ? null
        : rng.pick(BUDGETS[taille] ?? []);
    const ctx: Ctx = {
      female: p.female,
      prenom: p.firstName,
      src: SOURCE_LABEL[source] ?? source,
      devis: `2024-${119 + i}`,
    };
    const prof = B2B_PROFILE[status] as Profile;
    const t = b.timeline(
      prof,
      stages,
      B2B_ACTS,
      ctx,
      status === "devis_envoye" ? DEVIS_LAST[devisIdx++] : undefined,
    );
    const warmth = rng.int(...prof.warmth);
    const tailleLabel =
      taille === "solo" ? "Indépendant" : taille === "grande" ? "Grande entreprise" : taille;
    const role = rng.pick(B2B_ROLES)[p.female ? 1 : 0];
    const hasPhone =
      t.activities.some((a) => a.kind.startsWith("whatsapp") || a.kind === "call") || rng.chance(0.9);
    const statusTags =
      status === "devis_envoye"
        ? ["devis", "relance"]
        : status === "gagne"
          ? ["client"]
          : taille === "grande"
            ? ["grand-compte"]
            : [];
    return scored("b2b", {
      firstName: p.firstName,
      lastName: p.lastName,
      company,
      email: b.email(p.firstName, p.lastName, `${slug(company)}.fr`),
      phone: hasPhone ? b.phone(rng.chance(0.5) ? zone : null) : null,
      city,
      source,
      status,
      tags: b.tags(statusTags, source, ["multi-sites", "urgent", "appel-offres", "partenaire", "export"]),
      heat: heatOf(warmth),
      notes: `${p.firstName}, ${role} chez ${company}, nous a contactés via ${ctx.src}. ${rng.pick(B2B_STATUS_NOTE[status] ?? [""])}`,
      daysSinceCreated: t.created,
      daysSinceLastActivity: t.last,
      consent: b.consent(t.activities, hasPhone, 0.25, 0.15),
      fields: {
        secteur_b2b: secteur,
        taille_entreprise: taille,
        type_besoin: besoin,
        budget_indicatif: budget,
        resume_dossier: dossier
          ? `Contexte : ${tailleLabel} du secteur ${secteur} basée à ${city}. Enjeux : ${rng.pick(STAKES)}. Besoins clés : ${NEEDS[besoin]}. Deadline : ${rng.pick(DEADLINES)}. Critère principal : ${rng.pick(CRITERIA)}.`
          : null,
        strategie_proposee:
          dossier || (status === "en_qualif" && rng.chance(0.3)) ? rng.pick(STRATEGIES) : null,
      },
      activities: t.activities,
    });
  });
  optOut(leads, "devis_envoye", 1, ["email"]);
  optOut(leads, "en_qualif", 0, ["whatsapp"]);
  leads.splice(7, 0, jean);
  return leads;
}

/** 60 deterministic French demo leads for a vertical; identical on every call. */
export function demoLeads(vertical: DemoVertical): DemoLead[] {
  const taken = new Set<string>();
  const coaching = buildCoaching(taken);
  return vertical === "coaching" ? coaching : buildB2b(taken);
}
