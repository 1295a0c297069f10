// How people name a pipeline status besides its label, per pipeline: « signé » is `gagne`, « appel
// découverte fait » is `appel_realise`. Read by statusCode (a typed status) and by the offline brain
// (a status inside a sentence). Words are folded; the label and the code are always accepted too.

type Synonyms = Readonly<Record<string, readonly string[]>>;

const WON = [
  "gagne",
  "gagnes",
  "signe",
  "signes",
  "signee",
  "signees",
  "won",
  "closed won",
  "conclu",
  "vendu",
];
const NEW = ["nouveau", "nouveaux", "nouvelle", "nouvelles", "new"];
const LOST = ["perdu", "perdus", "perdue", "lost", "closed lost", "refuse", "refusee"];

export const STATUS_SYNONYMS: Readonly<Record<"b2b" | "coaching" | "prospection", Synonyms>> = {
  b2b: {
    nouveau: NEW,
    en_qualif: ["en qualif", "en qualification", "qualification", "a qualifier", "qualifying"],
    proposition_en_preparation: [
      "proposition en cours",
      "proposition en preparation",
      "proposition a faire",
      "devis en preparation",
      "devis a faire",
      "proposal in progress",
    ],
    devis_envoye: [
      "devis envoye",
      "devis envoyes",
      "devis parti",
      "devis transmis",
      "proposition envoyee",
      "offre envoyee",
      "quote sent",
      "proposal sent",
    ],
    en_negociation: [
      "en negociation",
      "en nego",
      "negociation",
      "negociations",
      "negotiation",
      "negotiating",
    ],
    gagne: WON,
    perdu: LOST,
  },
  coaching: {
    nouveau: NEW,
    pre_qualif: ["pre qualif", "prequalif", "pre qualification", "prequalification", "en qualification"],
    appel_planifie: [
      "appel planifie",
      "appel prevu",
      "appel programme",
      "rdv planifie",
      "rdv pris",
      "rendez vous planifie",
      "seance decouverte planifiee",
      "call scheduled",
    ],
    appel_realise: [
      "appel realise",
      "appel fait",
      "appel effectue",
      "appel decouverte fait",
      "appel decouverte realise",
      "seance decouverte faite",
      "seance decouverte realisee",
      "call done",
    ],
    offre_envoyee: ["offre envoyee", "offre envoyees", "proposition envoyee", "offer sent", "proposal sent"],
    en_reflexion: ["en reflexion", "reflechit", "reflexion", "hesite", "thinking"],
    gagne: WON,
    perdu: LOST,
  },
  prospection: {
    non_qualifie: [
      "non qualifie",
      "non qualifies",
      "pas qualifie",
      "unqualified",
      "nouveau",
      "nouveaux",
      "new",
    ],
    contacte: ["contacte", "contactes", "contactee", "deja contacte", "contacted"],
    a_recontacter: ["a recontacter", "recontacter", "a rappeler", "rappeler", "to call back", "call back"],
    negociation: ["negociation", "en negociation", "en nego", "negotiation", "negotiating"],
    abandon: ["abandon", "abandonne", "abandonnes", "perdu", "perdus", "lost", "dropped"],
    deja_client: ["deja client", "deja clients", "signe", "signes", "gagne", "gagnes", "won", "customer"],
  },
};

/** Statuses that end the pipeline: « chauds », « à relancer » and « inactifs » leave them out. */
export const CLOSED_STATUSES: ReadonlySet<string> = new Set(["gagne", "perdu", "abandon", "deja_client"]);
