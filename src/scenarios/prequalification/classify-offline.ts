// The offline classifier of COACH-01 answers: deterministic keyword rules in French and English, on the
// answer folded to lower case without accents. Documented in README.md ("Pré-qualification").
//   type_coaching     business (clients, CA, entreprise, vendre…) > relationnel (couple, famille,
//                     conflit…) > mindset (confiance, peur, procrastination, stress…) > autre.
//   niveau_motivation forte when the answer states a clear pain ("je n'arrive pas", "je suis
//                     bloqué", "je tourne en rond", "I'm stuck"…) AND a commitment ("je suis prêt",
//                     "je veux vraiment", "motivé", "ready to", "committed"…); otherwise moyenne (a
//                     vague or partial answer). faible is for no answer at all (the timeout).
//   urgence_ressentie forte (rapidement, urgent, au plus vite, asap…), moyenne (dans l'année, dans
//                     quelques mois, this year…), faible (quand je pourrai, pas pressé, no rush…).
//   budget_estime     the largest amount in euros written (800 €, 1 500 euros, 2k€) in the seed's
//                     brackets; "pas de budget" / "no budget" is <100€; nothing said: unchanged.
// The summary (notes_coaching) is built from these results only, never from the prospect's words.
import { fold } from "../../domain/index.js";
import type { Classification } from "./classification.js";

/** Folded, with typographic apostrophes made straight so « n’arrive » reads as « n'arrive ». */
const plain = (s: string) => fold(s).replace(/[’`]/g, "'");

const TYPES: Array<[Classification["type_coaching"], RegExp]> = [
  [
    "business",
    /\b(business|entreprise|clients?|chiffre d'affaires|\bca\b|vendre|ventes?|prospect\w*|freelance|independant\w*|activite|startup|revenue|sales|customers?|company)\b/,
  ],
  [
    "relationnel",
    /\b(couple|relations?|relationnel\w*|famille|conflits?|communication|conjoint|enfants?|partner|relationship|family)\b/,
  ],
  [
    "mindset",
    /\b(confiance|peur|procrastin\w*|stress\w*|anxi\w*|motivation|legitim\w*|imposteur|mindset|confidence|fear|self[- ]?doubt|estime de soi)\b/,
  ],
];

const PAIN =
  /(je n'arrive pas|j'arrive pas|je n'y arrive pas|je suis bloque|je bloque|bloquee?|je tourne en rond|je stagne|je galere|epuise|frustr\w*|je souffre|i can'?t|i'm stuck|i am stuck|stuck|struggl\w*|going in circles|burn ?out|exhausted)/;
const COMMITMENT =
  /(je suis pret|je suis prete|pret a investir|prete a investir|je veux vraiment|j'ai vraiment envie|je suis (tres )?motive|determine|je m'engage|engagee?|c'est le moment|maintenant ou jamais|ready to|i'm ready|i am ready|committed|willing to invest|whatever it takes|i really want|determined)/;

const URGENCY: Array<[NonNullable<Classification["urgence_ressentie"]>, RegExp]> = [
  [
    "forte",
    /(rapidement|urgent\w*|au plus vite|tout de suite|des que possible|ce mois|cette semaine|vite|asap|right now|urgently|as soon as possible|quickly|this month)/,
  ],
  [
    "faible",
    /(quand je pourrai|pas presse|un jour|pas urgent|rien ne presse|no rush|someday|one day|not urgent|when i can)/,
  ],
  [
    "moyenne",
    /(dans l'annee|cette annee|dans (les )?(quelques|prochains) mois|d'ici (la fin de l'annee|quelques mois)|this year|in the coming months|within (a|the) year|next few months)/,
  ],
];

const NO_BUDGET = /(pas de budget|aucun budget|pas les moyens|no budget|can'?t afford)/;
const AMOUNT = /(\d{1,3}(?:[ .\u202f\u00a0]\d{3})+|\d+(?:[.,]\d+)?)\s*(k)?\s*(?:€|euros?|eur\b)/g;

function budgetOf(text: string): Classification["budget_estime"] {
  if (NO_BUDGET.test(text)) return "<100€";
  const amounts = [...text.matchAll(AMOUNT)].map((m) => {
    const n = Number((m[1] ?? "").replace(/[ .\u202f\u00a0]/g, "").replace(",", "."));
    return m[2] ? n * 1000 : n;
  });
  const max = Math.max(...amounts.filter(Number.isFinite), -1);
  if (max < 0) return null;
  if (max < 100) return "<100€";
  if (max <= 500) return "100–500€";
  if (max <= 2000) return "500–2000€";
  return ">2000€";
}

const LABELS = { forte: "forte", moyenne: "moyenne", faible: "faible" } as const;

export function summaryOf(c: Omit<Classification, "resume" | "source">, signals: string[]): string {
  const parts = [
    `coaching ${c.type_coaching}`,
    `motivation ${LABELS[c.niveau_motivation as keyof typeof LABELS] ?? c.niveau_motivation}${signals.length ? ` (${signals.join(", ")})` : ""}`,
    c.urgence_ressentie ? `urgence ${c.urgence_ressentie}` : "urgence non exprimée",
    c.budget_estime ? `budget ${c.budget_estime}` : "budget non évoqué",
  ];
  return `Pré-qualification : ${parts.join(" · ")}.`;
}

export function classifyOffline(answer: string): Classification {
  const text = plain(answer.slice(0, 20_000));
  const pain = PAIN.test(text);
  const commitment = COMMITMENT.test(text);
  const result = {
    type_coaching: TYPES.find(([, re]) => re.test(text))?.[0] ?? "autre",
    niveau_motivation: pain && commitment ? "forte" : "moyenne",
    urgence_ressentie: URGENCY.find(([, re]) => re.test(text))?.[0] ?? null,
    budget_estime: budgetOf(text),
  } satisfies Omit<Classification, "resume" | "source">;
  const signals = [pain ? "douleur exprimée" : "", commitment ? "engagement exprimé" : ""].filter(Boolean);
  if (!pain && !commitment) signals.push("réponse vague");
  return { ...result, resume: summaryOf(result, signals), source: "offline" };
}

export const offlineClassifier = async (text: string): Promise<Classification> => classifyOffline(text);
