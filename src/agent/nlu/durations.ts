// How long a lead has gone without news, from what people say: « depuis 2 semaines », « sans
// nouvelles depuis 30 jours », « depuis lundi », « since Monday », « inactive for 10 days ». Counts
// with units are read here; calendar days and dates by chrono-node (French, then English).
import * as chrono from "chrono-node";
import type { Token } from "./tokens.js";

const UNIT_DAYS: Readonly<Record<string, number>> = {
  j: 1,
  jour: 1,
  jours: 1,
  jr: 1,
  jrs: 1,
  day: 1,
  days: 1,
  d: 1,
  semaine: 7,
  w: 7,
  semaines: 7,
  sem: 7,
  week: 7,
  weeks: 7,
  wk: 7,
  mois: 30,
  month: 30,
  months: 30,
  m: 30,
  an: 365,
  ans: 365,
  annee: 365,
  year: 365,
  years: 365,
};

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1,
  une: 1,
  a: 1,
  an: 1,
  one: 1,
  deux: 2,
  two: 2,
  trois: 3,
  three: 3,
  quatre: 4,
  four: 4,
  cinq: 5,
  five: 5,
  six: 6,
  sept: 7,
  seven: 7,
  huit: 8,
  eight: 8,
  dix: 10,
  ten: 10,
  quinze: 15,
  fifteen: 15,
  vingt: 20,
  twenty: 20,
  trente: 30,
  thirty: 30,
};

/** Words that turn a date or a count into « without news since ». */
const CUES = new Set([
  "depuis",
  "since",
  "for",
  "inactif",
  "inactifs",
  "inactive",
  "nouvelles",
  "news",
  "contact",
  "silence",
  "dormant",
  "dormants",
  "ago",
  "plus",
  "over",
  "more",
]);

export interface Duration {
  days: number;
  /** The tokens the duration was read from. */
  indexes: number[];
}

/** The duration said in the tokens, in whole days before `now`, when a cue says it is one. */
export function durationOf(
  text: string,
  tokens: readonly Token[],
  now: Date,
  timezone: string,
): Duration | undefined {
  const ilYA = tokens.some(
    (t, i) => t.key === "il" && tokens[i + 1]?.key === "y" && tokens[i + 2]?.key === "a",
  );
  if (!ilYA && !tokens.some((t) => CUES.has(t.key))) return undefined;
  for (let i = 0; i < tokens.length; i++) {
    const unit = UNIT_DAYS[tokens[i]?.key ?? ""];
    if (unit === undefined || i === 0) continue;
    const before = tokens[i - 1]?.key ?? "";
    const count = /^\d+$/.test(before) ? Number(before) : NUMBER_WORDS[before];
    if (count !== undefined) return { days: count * unit, indexes: [i - 1, i] };
  }
  // Written together: « depuis 10j », « 2sem », « 3w ».
  for (let i = 0; i < tokens.length; i++) {
    const m = tokens[i]?.key.match(/^(\d+)([a-z]+)$/);
    const unit = UNIT_DAYS[m?.[2] ?? ""];
    if (m && unit) return { days: Number(m[1]) * unit, indexes: [i] };
  }
  const reference = { instant: now, timezone: timezoneOffset(now, timezone) };
  const parsed = [...chrono.fr.parse(text, reference), ...chrono.en.parse(text, reference)][0];
  if (!parsed) return undefined;
  let date = parsed.start.date();
  // « depuis lundi » means the last Monday, never the next one.
  if (date > now && !parsed.start.isCertain("year")) date = new Date(date.getTime() - 7 * 86_400_000);
  const days = Math.floor((now.getTime() - date.getTime()) / 86_400_000);
  if (days < 1) return undefined;
  const indexes = tokens.flatMap((t, i) =>
    t.start >= parsed.index && t.end <= parsed.index + parsed.text.length ? [i] : [],
  );
  return { days, indexes };
}

/** The offset of the zone at that moment, in minutes, as chrono takes it. */
function timezoneOffset(at: Date, timezone: string): number {
  const local = new Date(at.toLocaleString("en-US", { timeZone: timezone }));
  const utc = new Date(at.toLocaleString("en-US", { timeZone: "UTC" }));
  return Math.round((local.getTime() - utc.getTime()) / 60_000);
}
