// A moment as a French reader expects it on a card or in a reply, in the tenant's timezone:
// « mardi 9 décembre à 9 h », « jeudi 20 novembre à 10 h 30 », never an ISO string.
import { DateTime } from "luxon";

export function frenchMoment(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale("fr");
  return local.toFormat(local.minute === 0 ? "cccc d LLLL 'à' H 'h'" : "cccc d LLLL 'à' H 'h' mm");
}

// Building a number format costs ~45 µs, far more than using one: one is kept.
const FRENCH_NUMBER = new Intl.NumberFormat("fr-FR");

/** A count in French format: « 1 234 ». */
export function frenchCount(n: number): string {
  if (Number.isInteger(n) && n > -1_000 && n < 1_000) return String(n);
  return FRENCH_NUMBER.format(n).replace(/\u202f|\u00a0/g, " ");
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of a moment in the tenant's timezone, as ISO 8601: « 2026-11-16 ». */
export function isoDay(at: Date, timezone: string): string {
  // An export writes one per lead: a formatter per zone, ten times cheaper than a luxon DateTime.
  let format = dayFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timezone, format);
  }
  const part = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}`;
}
