// The periods Reporting compares, in calendar days of the tenant's time zone: the last 7, 30 or 90
// days with today (so far) included, and the same number of whole days just before. Whole days keep
// a figure still while nothing changes, and read as people say them: « du 10 au 16 novembre ».
import { DateTime } from "luxon";
import type { ReportWindow } from "../../store/reporting.js";

export const REPORT_DAYS = [7, 30, 90] as const;
export type ReportDays = (typeof REPORT_DAYS)[number];

export interface Period {
  /** First and last calendar day, ISO (« 2026-11-10 »). */
  first: string;
  last: string;
  /** « du 10 au 16 novembre 2026 ». */
  words: string;
}

/** « du 10 au 16 novembre 2026 », « du 28 octobre au 3 novembre 2026 », « du 20 décembre 2025 au … ». */
function rangeWords(first: DateTime, last: DateTime): string {
  const end = last.toFormat("d LLLL yyyy");
  if (first.year !== last.year) return `du ${first.toFormat("d LLLL yyyy")} au ${end}`;
  if (first.month !== last.month) return `du ${first.toFormat("d LLLL")} au ${end}`;
  return `du ${first.toFormat("d")} au ${end}`;
}

const periodOf = (first: DateTime, last: DateTime): Period => ({
  first: first.toISODate() ?? "",
  last: last.toISODate() ?? "",
  words: rangeWords(first, last),
});

export function reportPeriods(days: ReportDays, now: Date, timezone: string) {
  const today = DateTime.fromJSDate(now, { zone: timezone }).setLocale("fr").startOf("day");
  const start = today.minus({ days: days - 1 });
  const before = start.minus({ days });
  const window: ReportWindow = { from: before.toMillis(), split: start.toMillis(), to: now.getTime() };
  return {
    window,
    current: periodOf(start, today),
    previous: periodOf(before, start.minus({ days: 1 })),
  };
}
