// A moment as a French reader expects it on a card or in a reply, in the tenant's timezone:
// « mardi 9 décembre à 9 h », « jeudi 20 novembre à 10 h 30 », never an ISO string.
import { DateTime } from "luxon";

export function frenchMoment(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale("fr");
  return local.toFormat(local.minute === 0 ? "cccc d LLLL 'à' H 'h'" : "cccc d LLLL 'à' H 'h' mm");
}

/** A count in French format: « 1 234 ». */
export function frenchCount(n: number): string {
  return new Intl.NumberFormat("fr-FR").format(n).replace(/\u202f|\u00a0/g, " ");
}
