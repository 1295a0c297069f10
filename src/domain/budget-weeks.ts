// The weeks of the Budget IA room's usage chart: ISO weeks (Monday to Sunday) in the tenant's
// timezone, the current one last, each with its bounds and its name in words.
import { DateTime } from "luxon";

export interface UsageWeek {
  /** « 2026-W47 », the key the ledger's usageByWeek counts under. */
  key: string;
  start: Date;
  /** Exclusive: the next Monday, midnight. */
  end: Date;
  /** « 16 nov. » (its Monday). */
  short: string;
  /** « semaine du 16 novembre 2026 ». */
  label: string;
}

function weekAt(monday: DateTime): UsageWeek {
  const fr = monday.setLocale("fr");
  return {
    key: monday.toFormat("kkkk-'W'WW"),
    start: monday.toJSDate(),
    end: monday.plus({ weeks: 1 }).toJSDate(),
    short: fr.toFormat("d LLL"),
    label: `semaine du ${fr.toFormat("d LLLL yyyy")}`,
  };
}

/** The last `count` weeks up to the one holding `now`, oldest first. */
export function recentWeeks(now: Date, timezone: string, count: number): UsageWeek[] {
  const current = DateTime.fromJSDate(now, { zone: timezone }).startOf("week");
  return Array.from({ length: count }, (_, i) => weekAt(current.minus({ weeks: count - 1 - i })));
}

/** The week of a key (« 2026-W47 ») in the tenant's timezone, or null for a key that is no week. */
export function weekOfKey(key: string, timezone: string): UsageWeek | null {
  if (!/^\d{4}-W\d{2}$/.test(key)) return null;
  const monday = DateTime.fromISO(`${key}-1`, { zone: timezone });
  return monday.isValid && monday.toFormat("kkkk-'W'WW") === key ? weekAt(monday.startOf("day")) : null;
}
