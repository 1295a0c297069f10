// Synthetic French B2B leads for the search benchmark. Term frequencies are meant to look like a real
// CRM: a Zipf head of real surnames (Martin ≈ 1 % of rows), a long tail of rare generated surnames,
// a handful of very common company words (Conseil, Services…) and common tags.
import { fold } from "../../src/domain/index.js";
import { PERSONAL_DOMAINS } from "../../src/seed/demo-leads.js";
import { Rng, WeightedPool, zipfWeights } from "./prng.js";

const FEMALE = [
  "Marie",
  "Nathalie",
  "Isabelle",
  "Sylvie",
  "Catherine",
  "Sandrine",
  "Valérie",
  "Christine",
  "Céline",
  "Stéphanie",
  "Julie",
  "Sophie",
  "Aurélie",
  "Camille",
  "Émilie",
  "Laura",
  "Caroline",
  "Claire",
  "Hélène",
  "Anne",
  "Léa",
  "Manon",
  "Chloé",
  "Virginie",
  "Agnès",
  "Mélanie",
  "Lucie",
  "Inès",
  "Sarah",
  "Françoise",
] as const;

const MALE = [
  "Jean",
  "Philippe",
  "Nicolas",
  "Christophe",
  "Pierre",
  "Laurent",
  "Sébastien",
  "Julien",
  "Thomas",
  "Frédéric",
  "Éric",
  "Stéphane",
  "David",
  "Olivier",
  "Patrick",
  "François",
  "Antoine",
  "Maxime",
  "Romain",
  "Guillaume",
  "Mathieu",
  "Hugo",
  "Lucas",
  "Karim",
  "Mehdi",
  "Yann",
  "Benoît",
  "Cédric",
  "Jérôme",
  "Loïc",
] as const;

// The most common French surnames, most frequent first.
const SURNAME_HEAD = [
  "Martin",
  "Bernard",
  "Thomas",
  "Petit",
  "Robert",
  "Richard",
  "Durand",
  "Dubois",
  "Moreau",
  "Laurent",
  "Simon",
  "Michel",
  "Lefebvre",
  "Leroy",
  "Roux",
  "David",
  "Bertrand",
  "Morel",
  "Fournier",
  "Girard",
  "Bonnet",
  "Dupont",
  "Lambert",
  "Fontaine",
  "Rousseau",
  "Vincent",
  "Muller",
  "Lefèvre",
  "Faure",
  "André",
  "Mercier",
  "Blanc",
  "Guérin",
  "Boyer",
  "Garnier",
  "Chevalier",
  "François",
  "Legrand",
  "Gauthier",
  "Garcia",
  "Perrin",
  "Robin",
  "Clément",
  "Morin",
  "Nicolas",
  "Henry",
  "Roussel",
  "Mathieu",
  "Gautier",
  "Masson",
  "Marchand",
  "Duval",
  "Denis",
  "Dumont",
  "Lemaire",
  "Noël",
  "Meyer",
  "Dufour",
  "Meunier",
  "Brun",
  "Blanchard",
  "Giraud",
  "Joly",
  "Rivière",
  "Lucas",
  "Brunet",
  "Gaillard",
  "Barbier",
  "Arnaud",
  "Martinez",
  "Gérard",
  "Roche",
  "Renard",
  "Schmitt",
  "Roy",
  "Leroux",
  "Colin",
  "Vidal",
  "Caron",
  "Picard",
  "Roger",
  "Fabre",
  "Aubert",
  "Lemoine",
  "Renaud",
  "Dumas",
  "Lacroix",
  "Olivier",
  "Bourgeois",
  "Benoît",
  "Rey",
  "Leclerc",
  "Payet",
  "Rolland",
  "Lecomte",
  "Lopez",
  "Dupuy",
  "Guillot",
  "Hubert",
  "Berger",
  "Carpentier",
  "Sanchez",
  "Dupuis",
  "Moulin",
  "Deschamps",
  "Huet",
  "Vasseur",
  "Perez",
  "Boucher",
  "Fleury",
  "Royer",
  "Klein",
  "Jacquet",
  "Adam",
  "Poirier",
  "Marty",
  "Aubry",
  "Guyot",
  "Carré",
  "Renault",
  "Charpentier",
  "Ménard",
  "Maillard",
  "Baron",
  "Bertin",
  "Bailly",
  "Hervé",
  "Schneider",
  "Fernandez",
  "Le Gall",
  "Collet",
  "Léger",
  "Bouvier",
  "Prévost",
  "Millet",
  "Perrot",
  "Le Roux",
  "Cousin",
  "Germain",
  "Breton",
  "Besson",
  "Langlois",
  "Rémy",
  "Le Goff",
  "Pelletier",
  "Lévêque",
  "Perrier",
  "Leblanc",
  "Barré",
  "Lebrun",
  "Marchal",
  "Weber",
  "Mallet",
  "Hamon",
  "Boulanger",
  "Jacob",
  "Monnier",
  "Michaud",
  "Rodriguez",
  "Guichard",
  "Gillet",
  "Étienne",
  "Grondin",
  "Poulain",
  "Tessier",
  "Chevallier",
  "Collin",
  "Chauvin",
  "Da Silva",
  "Bouchet",
  "Lemaître",
  "Bénard",
  "Maréchal",
  "Humbert",
  "Reynaud",
  "Hoarau",
  "Perret",
  "Barthélemy",
  "Cordier",
  "Pichon",
  "Lejeune",
  "Gilbert",
  "Lamy",
  "Delaunay",
  "Pasquier",
  "Carlier",
  "Laporte",
  "Nguyen",
  "Tran",
  "Benali",
  "Haddad",
  "Besnard",
  "Thévenin",
  "Lacombe",
  "Marechal",
  "Texier",
  "Charrier",
] as const;

// Syllables for the rare-surname tail (Bouchard, Morvan, Tellier…): each generated name is carried by
// only a few leads, as most surnames are in a real customer base.
const ONSETS = [
  "B",
  "Br",
  "Ch",
  "Cl",
  "D",
  "F",
  "G",
  "Gr",
  "J",
  "L",
  "M",
  "N",
  "P",
  "Pr",
  "R",
  "S",
  "T",
  "Tr",
  "V",
  "Qu",
  "Bl",
  "Fr",
  "Gu",
  "H",
];
const NUCLEI = ["a", "e", "i", "o", "ou", "au", "ai", "é", "eu", "u"];
const CODAS = [
  "chard",
  "rvan",
  "llier",
  "net",
  "rin",
  "chon",
  "vel",
  "ssier",
  "nier",
  "rand",
  "lard",
  "ron",
  "teau",
  "zard",
  "ret",
  "llon",
  "guet",
  "dreau",
  "ssard",
  "quier",
  "rtel",
  "mond",
  "vert",
  "ger",
  "chet",
  "noux",
  "bert",
  "llard",
  "rgeon",
  "ttier",
  "vier",
  "mbert",
  "rcier",
  "sselin",
  "tard",
  "lin",
  "quet",
  "rdy",
  "stel",
  "don",
  "gnon",
  "rlet",
  "ffray",
  "bin",
  "ville",
  "court",
  "mont",
  "vaux",
  "ssac",
  "rval",
];

const HEAD_SHARE_OF_MARTIN = 0.01; // Martin's share of rows; the rest of the head follows Zipf.
const HEAD_EXPONENT = 0.8;

const SECTORS = [
  "Conseil",
  "Services",
  "Transports",
  "Bâtiment",
  "Immobilier",
  "Informatique",
  "Logistique",
  "Distribution",
  "Industrie",
  "Ingénierie",
  "Communication",
  "Formation",
  "Énergie",
  "Solutions",
  "Menuiserie",
  "Plomberie",
  "Électricité",
  "Architecture",
  "Digital",
  "Santé",
  "Courtage",
  "Paysage",
  "Nettoyage",
  "Sécurité",
  "Imprimerie",
  "Restauration",
  "Automobile",
  "Agencement",
  "Expertise",
  "Audit",
] as const;

const BRAND_WORDS = [
  "Horizon",
  "Lumière",
  "Atlas",
  "Boréal",
  "Cèdre",
  "Azur",
  "Alpha",
  "Nova",
  "Vision",
  "Avenir",
  "Synergie",
  "Optima",
  "Étoile",
  "Mistral",
  "Lavande",
  "Comète",
  "Colibri",
  "Sésame",
  "Tilleul",
  "Aurore",
  "Océane",
  "Granit",
  "Cap Ouest",
  "Triangle",
  "Pivot",
  "Rivage",
  "Alizé",
  "Quartz",
  "Hélios",
  "Orion",
] as const;

// [city, weight]: big cities carry more leads.
const CITIES: ReadonlyArray<readonly [string, number]> = [
  ["Paris", 20],
  ["Lyon", 8],
  ["Marseille", 7],
  ["Toulouse", 6],
  ["Nantes", 5],
  ["Bordeaux", 5],
  ["Lille", 5],
  ["Rennes", 4],
  ["Strasbourg", 4],
  ["Montpellier", 4],
  ["Nice", 3],
  ["Grenoble", 3],
  ["Angers", 2],
  ["Dijon", 2],
  ["Tours", 2],
  ["Clermont-Ferrand", 2],
  ["Reims", 2],
  ["Annecy", 1],
  ["La Rochelle", 1],
  ["Aix-en-Provence", 2],
  ["Besançon", 1],
  ["Orléans", 1],
  ["Nîmes", 1],
  ["Saint-Étienne", 2],
  ["Brest", 1],
  ["Caen", 1],
  ["Rouen", 2],
  ["Limoges", 1],
  ["Boulogne-Billancourt", 2],
  ["Versailles", 1],
  ["Pau", 1],
  ["Metz", 1],
];

// b2b pipeline, with the share of leads sitting at each step.
export const STATUSES: ReadonlyArray<readonly [string, number]> = [
  ["nouveau", 20],
  ["en_qualif", 18],
  ["proposition_en_preparation", 10],
  ["devis_envoye", 15],
  ["en_negociation", 8],
  ["gagne", 14],
  ["perdu", 15],
];

export const HEATS = ["chaud", "tiede", "froid"] as const;

// [tag, probability that a lead carries it]
export const TAGS: ReadonlyArray<readonly [string, number]> = [
  ["newsletter", 0.25],
  ["linkedin", 0.18],
  ["relance", 0.15],
  ["client", 0.12],
  ["devis", 0.1],
  ["formulaire-site", 0.1],
  ["salon-paris", 0.05],
  ["salon-lyon", 0.03],
  ["urgent", 0.06],
  ["partenaire", 0.05],
  ["grand-compte", 0.04],
  ["multi-sites", 0.04],
  ["appel-offres", 0.03],
  ["export", 0.03],
  ["recommandation", 0.05],
];

const SOURCES = ["le site", "LinkedIn", "un salon", "une recommandation", "un appel entrant", "le webinaire"];
const ROLES = [
  "gérance",
  "direction commerciale",
  "responsable achats",
  "DAF",
  "direction générale",
  "office manager",
];
const NEXT_STEPS = [
  "Premier appel à planifier.",
  "Attend le cahier des charges.",
  "Devis envoyé, en attente de retour.",
  "Relancer après les congés.",
  "Décision attendue sous 15 jours.",
  "Budget à valider avec la direction.",
  "Souhaite une démo en visio.",
  "Intéressé par un pilote sur un site.",
];

export interface BenchLead {
  firstName: string;
  lastName: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  city: string;
  status: string;
  heat: (typeof HEATS)[number] | null;
  score: number | null;
  notes: string;
  lastActivityAt: number | null;
  createdAt: number;
  tags: string[];
}

/** Lower-case ASCII slug, as people write names in e-mail addresses. */
export function slug(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function surnamePool(): WeightedPool<string> {
  const head = new Set(SURNAME_HEAD.map((n) => n.toLowerCase()));
  const tail: string[] = [];
  for (const onset of ONSETS)
    for (const nucleus of NUCLEI)
      for (const coda of CODAS) {
        const name = onset + nucleus + coda;
        if (!head.has(name.toLowerCase())) tail.push(name);
      }
  const headWeights = zipfWeights(SURNAME_HEAD.length, HEAD_EXPONENT).map((w) => w * HEAD_SHARE_OF_MARTIN);
  const headShare = headWeights.reduce((a, b) => a + b, 0);
  const tailWeight = (1 - headShare) / tail.length;
  return new WeightedPool([...SURNAME_HEAD, ...tail], [...headWeights, ...tail.map(() => tailWeight)]);
}

const pairs = <T>(items: ReadonlyArray<readonly [T, number]>) =>
  new WeightedPool(
    items.map(([v]) => v),
    items.map(([, w]) => w),
  );

/** Everything a lead is drawn from; built once, shared by the data and the query generators. */
export function pools() {
  return {
    female: new WeightedPool(FEMALE, zipfWeights(FEMALE.length, 0.9, 2)),
    male: new WeightedPool(MALE, zipfWeights(MALE.length, 0.9, 2)),
    surname: surnamePool(),
    sector: new WeightedPool(SECTORS, zipfWeights(SECTORS.length, 0.9, 1)),
    brand: new WeightedPool(BRAND_WORDS, zipfWeights(BRAND_WORDS.length, 0.5)),
    city: pairs(CITIES),
    personalDomain: pairs(PERSONAL_DOMAINS),
    status: pairs(STATUSES),
  };
}
export type Pools = ReturnType<typeof pools>;

function company(rng: Rng, p: Pools, lastName: string, city: string): string | null {
  const r = rng.float();
  if (r < 0.12) return null; // freelancers and individuals
  if (r < 0.47) return `${lastName} ${p.sector.pick(rng)}`;
  if (r < 0.74) return `${p.brand.pick(rng)} ${p.sector.pick(rng)}`;
  if (r < 0.86) return `${p.sector.pick(rng)} ${city}`;
  if (r < 0.95) return `${lastName} ${rng.pick(["& Fils", "et Associés", "Frères", "SARL"])}`;
  const letters = "ABCDEFGHIJKLMNOPRSTV";
  return `${rng.pick([...letters])}${rng.pick([...letters])}${rng.pick([...letters])} ${rng.pick(["SAS", "SA", "Groupe"])}`;
}

function email(rng: Rng, p: Pools, first: string, last: string, org: string | null): string | null {
  if (rng.chance(0.06)) return null;
  const f = slug(first).replaceAll("-", "");
  const l = slug(last).replaceAll("-", "");
  const r = rng.float();
  const local =
    r < 0.5
      ? `${f}.${l}`
      : r < 0.7
        ? `${f[0]}.${l}`
        : r < 0.8
          ? `${l}.${f}`
          : r < 0.9
            ? `${f}${l}`
            : `${f}.${l}${rng.int(1, 99)}`;
  const domain =
    org && rng.chance(0.65) ? `${slug(org)}.${rng.chance(0.8) ? "fr" : "com"}` : p.personalDomain.pick(rng);
  return `${local}@${domain}`;
}

function phone(rng: Rng): string | null {
  if (rng.chance(0.15)) return null;
  const digits = Array.from({ length: 4 }, () => String(rng.int(0, 99)).padStart(2, "0"));
  const mobile = rng.chance(0.6);
  const lead = mobile ? String(rng.pick([6, 7])) : String(rng.int(1, 5));
  return rng.chance(0.5) ? `+33 ${lead} ${digits.join(" ")}` : `0${lead} ${digits.join(" ")}`;
}

function tags(rng: Rng): string[] {
  return TAGS.filter(([, p]) => rng.chance(p)).map(([t]) => t);
}

function heat(rng: Rng): BenchLead["heat"] {
  if (rng.chance(0.1)) return null;
  return rng.pick([...HEATS, "tiede", "froid"] as const);
}

/** One deterministic lead; `now` anchors the timestamps (created up to 3 years ago). */
export function makeLead(rng: Rng, p: Pools, now: number): BenchLead {
  const female = rng.chance(0.5);
  const firstName = (female ? p.female : p.male).pick(rng);
  const lastName = p.surname.pick(rng);
  const city = p.city.pick(rng);
  const org = company(rng, p, lastName, city);
  const createdAt = now - rng.int(0, 3 * 365) * 86_400_000 - rng.int(0, 86_399_999);
  const lastActivityAt = rng.chance(0.1) ? null : createdAt + Math.floor(rng.float() * (now - createdAt));
  const where = org ? `${rng.pick(ROLES)} chez ${org} à ${city}` : `basé à ${city}`;
  return {
    firstName,
    lastName,
    company: org,
    email: email(rng, p, firstName, lastName, org),
    phone: phone(rng),
    city,
    status: p.status.pick(rng),
    heat: heat(rng),
    score: rng.chance(0.1) ? null : rng.int(0, 100),
    notes: `${firstName}, ${where}, contact via ${rng.pick(SOURCES)}. ${rng.pick(NEXT_STEPS)}`,
    lastActivityAt,
    createdAt,
    tags: tags(rng),
  };
}

export { Rng };
