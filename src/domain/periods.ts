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
