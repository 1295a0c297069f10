// The « classement intelligent des leads »: a score from 0 to 100 per lead, explained line by line in
// French (« +20 budget > 2 000 € », « −15 aucune réponse depuis 21 jours »). Pure: the clock is given.
//
// Weights, in points; the lines are summed, then clamped to 0–100 (a last line says so, so the lines
// always add up to the score):
//   base                         +10
//   étape, still open            0 → +20 along the vertical's pipeline (b2b: Devis envoyé +15,
//                                En négociation +20; coaching: Offre envoyée +16, En réflexion +20)
//   étape gagnée / déjà client   +50         étape perdue / abandon   −60 (a lost lead ends near 0)
//   budget (a range counts for its middle, « > X » for just above X)
//     companies (b2b, logistique)  > 20 000 € +20 · > 5 000 € +12 · > 1 000 € +5
//     individuals (other verticals) > 2 000 € +20 · > 500 € +12 · > 100 € +5 · < 100 € −5
//   urgence                      forte +10 · moyenne +5 · faible −5
//   motivation                   forte +10 · moyenne +5 · faible −5
//   qualification                qualifié +5 · non qualifié −10
//   rendez-vous manqués          −10 each, −20 at most
//   taille de l'entreprise       grande +10 · PME +8 · TPE +4 · solo +2
//   besoin identifié             +5
//   réponses du lead             1: +5 · 2: +8 · 3 or more: +10 (a message from the lead, a call or
//                                a meeting held: REPLY_ACTIVITIES)
//   fraîcheur (open leads only)  a reply in the last 7 days +10; no reply for 14 days −5, for 21 days
//                                −15 (counted from the last reply, or from the lead's creation)
//   inactivité (open leads only) no activity at all for 30 days −10
// Fields are read by name: the vertical's own (budget_indicatif, budget_estime, urgence_ressentie,
// niveau_motivation, qualification, no_show, taille_entreprise, type_besoin) or a custom field of the
// same meaning (budget, urgence, motivation, taille, besoin) for verticals without them.
import { frenchCount } from "./dates.js";
import { pipelineFor, type Vertical } from "./pipelines.js";
import { statusLabel } from "./status-words.js";
import { fold } from "./text.js";

export interface LeadScoreInput {
  vertical: Vertical;
  status: string;
  /** Vertical fields and custom fields by name (`budget_indicatif`, `urgence_ressentie`…). */
  fields: Readonly<Record<string, unknown>>;
  createdAt: Date;
  lastActivityAt: Date | null;
  /** Times the lead answered (REPLY_ACTIVITIES on its timeline) and the last one. */
  replies: number;
  lastReplyAt: Date | null;
}

/**
 * Timeline activities in which the lead answered: a message from them (not a bounce or an automatic
 * reply) or a call or meeting that took place.
 */
export const REPLY_ACTIVITIES: readonly string[] = ["email_in", "whatsapp_in", "call", "meeting"];

export interface ScoreLine {
  points: number;
  /** The line as shown: « +20 budget > 2 000 € ». */
  label: string;
}

export interface LeadScore {
  score: number;
  lines: ScoreLine[];
}

const DAY_MS = 86_400_000;
const BASE = 10;
const OPEN_STAGE_MAX = 20;
const WON = new Set(["gagne", "deja_client"]);
const LOST = new Set(["perdu", "abandon"]);
const WON_POINTS = 50;
const LOST_POINTS = -60;

type Tier = readonly [above: number, points: number];
const euros = (n: number) => `${frenchCount(n)} €`;
/** Budget tiers with their words, written once (a rescore scores 100,000 leads). */
const budgetTiers = (tiers: readonly Tier[]) =>
  tiers.map(([above, points]) => [above, points, `budget > ${euros(above)}`] as const);
const COMPANY_BUDGET = budgetTiers([
  [20_000, 20],
  [5_000, 12],
  [1_000, 5],
]);
const PERSON_BUDGET = budgetTiers([
  [2_000, 20],
  [500, 12],
  [100, 5],
]);
const PERSON_BUDGET_FLOOR = { below: 100, points: -5 };

const LEVEL_POINTS = { forte: 10, moyenne: 5, faible: -5 } as const;
type Level = keyof typeof LEVEL_POINTS;
const LEVEL_WORDS: Readonly<Record<string, Level>> = {
  forte: "forte",
  fort: "forte",
  elevee: "forte",
  eleve: "forte",
  haute: "forte",
  urgent: "forte",
  urgente: "forte",
  moyenne: "moyenne",
  moyen: "moyenne",
  faible: "faible",
  basse: "faible",
  bas: "faible",
};

const SIZE: Readonly<Record<string, readonly [points: number, words: string]>> = {
  grande: [10, "grande entreprise"],
  eti: [10, "grande entreprise"],
  pme: [8, "PME"],
  tpe: [4, "TPE"],
  solo: [2, "indépendant"],
};

const NO_SHOW_POINTS = -10;
const NO_SHOW_FLOOR = -20;
const NEED_POINTS = 5;
const REPLY_POINTS = [0, 5, 8, 10] as const;
const RECENT_REPLY_DAYS = 7;
const RECENT_REPLY_POINTS = 10;
const SILENCE: readonly Tier[] = [
  [21, -15],
  [14, -5],
];
const IDLE_DAYS = 30;
const IDLE_POINTS = -10;

/** « +20 », « −15 » (a true minus sign), as every line starts. */
export function signedPoints(points: number): string {
  return points < 0 ? `\u2212${-points}` : `+${points}`;
}

const line = (points: number, words: string): ScoreLine => ({
  points,
  label: `${signedPoints(points)} ${words}`,
});

const days = (n: number) => `${frenchCount(n)} jour${n > 1 ? "s" : ""}`;
const daysBetween = (from: Date, to: Date) =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

/** The first field present among the names, as trimmed text; undefined when none is filled. */
function field(fields: Readonly<Record<string, unknown>>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = fields[name];
    if (value === null || value === undefined) continue;
    const text = String(value).trim();
    if (text) return text;
  }
  return undefined;
}

// ---------- Budget ----------

export interface Budget {
  /** The amount the score counts: the middle of a range, just above « > X », just below « < X ». */
  amount: number;
  low: number;
  high: number;
}

// A number (« 2 000 », « 1.500 », « 1,5 ») and its unit (« k », « m »), not the m of « mois ».
const NUMBER = /(\d{1,3}(?:[ .]\d{3})+(?:,\d+)?(?![\d.])|\d+(?:[.,]\d+)?)\s*(?:(k|m)(?![a-z]))?/g;

/**
 * A budget as people write it: « 2 000 € », « 1500 », « 3k€ », « 1,5 k€ », « 1 000 - 3 000 € »,
 * « 5–10 k€ », « entre 2 000 et 3 000 € », « >2000€ », « moins de 100 € ». Undefined without a number.
 */
export function parseBudget(text: string): Budget | undefined {
  const t = fold(text)
    .replace(/[\u00a0\u202f\u2009]/g, " ")
    .replace(/\bmille\b/g, "k")
    .replace(/\bmillions?\b/g, "m")
    .replace(/(\d\s*[km])\s*(?:€|eur(?:os?)?\b)/g, "$1 ");
  const found = [...t.matchAll(NUMBER)].slice(0, 2).map((m) => {
    const digits = (m[1] ?? "").replace(/[ .](?=\d{3}\b)/g, "").replace(",", ".");
    return { value: Number(digits), unit: m[2] };
  });
  if (found.length === 0 || found.some((n) => !Number.isFinite(n.value))) return undefined;
  // « 5–10 k€ »: the unit written after the last number also counts for a smaller one before it.
  const last = found[found.length - 1];
  const scale = (unit: string | undefined) => (unit === "k" ? 1_000 : unit === "m" ? 1_000_000 : 1);
  const values = found.map((n) =>
    Math.round(n.value * scale(n.unit ?? (last && n.value < last.value ? last.unit : undefined))),
  );
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (values.length === 1) {
    if (/^\s*(?:<|≤|moins de|max(?:imum)?|jusqu'?a|inferieur)/.test(t))
      return { amount: low - 1, low: 0, high };
    if (/^\s*(?:>|≥|\+|plus de|min(?:imum)?|au moins|superieur|a partir de)/.test(t))
      return { amount: low + 1, low, high: Number.POSITIVE_INFINITY };
  }
  return { amount: (low + high) / 2, low, high };
}

function budgetLine(vertical: Vertical, text: string | undefined): ScoreLine | undefined {
  const budget = text === undefined ? undefined : parseBudget(text);
  if (!budget) return undefined;
  const company = vertical === "b2b" || vertical === "logistique";
  for (const [above, points, words] of company ? COMPANY_BUDGET : PERSON_BUDGET) {
    if (budget.amount > above) return line(points, words);
  }
  if (!company && budget.amount < PERSON_BUDGET_FLOOR.below)
    return line(PERSON_BUDGET_FLOOR.points, `budget < ${euros(PERSON_BUDGET_FLOOR.below)}`);
  return undefined;
}

// ---------- The other components ----------

function levelLine(what: string, text: string | undefined): ScoreLine | undefined {
  const level = text === undefined ? undefined : LEVEL_WORDS[fold(text)];
  return level ? line(LEVEL_POINTS[level], `${what} ${level}`) : undefined;
}

function stageLine(vertical: Vertical, status: string): ScoreLine | undefined {
  const words = `étape : ${statusLabel(status)}`;
  if (WON.has(status)) return line(WON_POINTS, words);
  if (LOST.has(status)) return line(LOST_POINTS, words);
  const open = pipelineFor(vertical).filter((s) => !WON.has(s) && !LOST.has(s));
  const at = open.indexOf(status);
  if (at <= 0) return undefined;
  return line(Math.round((OPEN_STAGE_MAX * at) / (open.length - 1)), words);
}

function qualificationLine(text: string | undefined): ScoreLine | undefined {
  const q = text === undefined ? "" : fold(text).replace(/[\s-]+/g, "_");
  if (q === "qualifie") return line(5, "prospect qualifié");
  if (q === "non_qualifie") return line(-10, "prospect non qualifié");
  return undefined;
}

function noShowLine(text: string | undefined): ScoreLine | undefined {
  const count = text === undefined ? 0 : fold(text) === "oui" ? 1 : Number.parseInt(text, 10) || 0;
  if (count <= 0) return undefined;
  const points = Math.max(NO_SHOW_FLOOR, NO_SHOW_POINTS * count);
  return line(points, `${count} rendez-vous manqué${count > 1 ? "s" : ""}`);
}

function sizeLine(text: string | undefined): ScoreLine | undefined {
  const size = text === undefined ? undefined : SIZE[fold(text)];
  return size ? line(size[0], `taille : ${size[1]}`) : undefined;
}

function needLine(text: string | undefined): ScoreLine | undefined {
  if (text === undefined) return undefined;
  const shown = text.length > 40 ? `${text.slice(0, 39).trimEnd()}…` : text;
  return line(NEED_POINTS, `besoin identifié : ${shown}`);
}

function engagementLines(input: LeadScoreInput, now: Date, open: boolean): ScoreLine[] {
  const lines: ScoreLine[] = [];
  const replies = Math.max(0, Math.floor(input.replies));
  if (replies > 0) {
    const points = REPLY_POINTS[Math.min(replies, REPLY_POINTS.length - 1)] ?? 0;
    lines.push(line(points, `${frenchCount(replies)} réponse${replies > 1 ? "s" : ""} du lead`));
  }
  if (!open) return lines;
  const lastReply = replies > 0 ? input.lastReplyAt : null;
  if (lastReply && daysBetween(lastReply, now) <= RECENT_REPLY_DAYS) {
    const d = daysBetween(lastReply, now);
    const when = d === 0 ? "aujourd'hui" : d === 1 ? "hier" : `il y a ${days(d)}`;
    lines.push(line(RECENT_REPLY_POINTS, `réponse ${when}`));
  } else {
    const silent = daysBetween(lastReply ?? input.createdAt, now);
    const tier = SILENCE.find(([from]) => silent >= from);
    if (tier) lines.push(line(tier[1], `aucune réponse depuis ${days(silent)}`));
  }
  const times = [input.createdAt, input.lastActivityAt, lastReply].filter((d): d is Date => d !== null);
  const lastMove = new Date(Math.max(...times.map((d) => d.getTime())));
  const idle = daysBetween(lastMove, now);
  if (idle >= IDLE_DAYS) lines.push(line(IDLE_POINTS, `aucune activité depuis ${days(idle)}`));
  return lines;
}

/** The lead's score and the lines that make it, in the order a reader weighs them. */
export function scoreLead(input: LeadScoreInput, now: Date): LeadScore {
  const f = input.fields;
  const open = !WON.has(input.status) && !LOST.has(input.status);
  const candidates = [
    line(BASE, "base"),
    stageLine(input.vertical, input.status),
    budgetLine(input.vertical, field(f, "budget_indicatif", "budget_estime", "budget")),
    levelLine("urgence", field(f, "urgence_ressentie", "urgence")),
    levelLine("motivation", field(f, "niveau_motivation", "motivation")),
    qualificationLine(field(f, "qualification")),
    noShowLine(field(f, "no_show")),
    sizeLine(field(f, "taille_entreprise", "taille")),
    needLine(field(f, "type_besoin", "besoin")),
    ...engagementLines(input, now, open),
  ];
  const lines = candidates.filter((l): l is ScoreLine => l !== undefined && l.points !== 0);
  const sum = lines.reduce((n, l) => n + l.points, 0);
  const score = Math.min(100, Math.max(0, sum));
  if (sum > 100) lines.push(line(100 - sum, "score plafonné à 100"));
  if (sum < 0) lines.push(line(-sum, "score ramené à 0 (minimum)"));
  return { score, lines };
}
