// A moment as a French reader expects it on a card or in a reply, in the tenant's timezone:
// « jeu. 20 nov. à 10:00 », never an ISO string.
import { DateTime } from "luxon";

export function frenchMoment(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).setLocale("fr").toFormat("ccc d LLL 'à' HH:mm");
}
