// Token periods are calendar months in the tenant's timezone.
import { DateTime } from "luxon";

export interface Period {
  key: string; // "2026-11"
  start: Date;
  end: Date; // exclusive: start of the next period
}

export function isValidTimezone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

export function periodOf(at: Date, timezone: string): Period {
  const start = DateTime.fromJSDate(at, { zone: timezone }).startOf("month");
  if (!start.isValid) throw new Error(`Invalid timezone: ${timezone}`);
  return {
    key: start.toFormat("yyyy-MM"),
    start: start.toJSDate(),
    end: start.plus({ months: 1 }).toJSDate(),
  };
}

/** ISO week key ("2026-W47") of an instant, in the tenant's timezone. */
export function weekOf(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat("kkkk-'W'WW");
}

/** A period key as a reader says it: « décembre 2026 ». */
export function periodWords(key: string): string {
  const month = DateTime.fromFormat(key, "yyyy-MM", { locale: "fr" });
  return month.isValid ? month.toFormat("LLLL yyyy") : key;
}

/** An ISO day as a reader says it: « samedi 20 décembre ». */
export function dayWords(isoDay: string): string {
  const day = DateTime.fromISO(isoDay, { locale: "fr" });
  return day.isValid ? day.toFormat("cccc d LLLL") : isoDay;
}
