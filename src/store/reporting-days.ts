// Calendar days of a time zone as whole numbers (days since 1 January 1970 in that zone), for the
// Reporting room's counts per day: a period of calendar days is then a range of numbers. The zone's
// offset is asked of Intl once per quarter of an hour met (every offset in use is a multiple of it).
const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

export type DayOf = (at: number) => number;

export function localDays(timezone: string): DayOf {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  });
  const offsets = new Map<number, number>();
  const offsetOf = (at: number): number => {
    const quarter = Math.floor(at / QUARTER_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      const start = quarter * QUARTER_MS;
      const p = Object.fromEntries(format.formatToParts(start).map((x) => [x.type, Number(x.value)]));
      offset = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day, p.hour, p.minute) - start;
      offsets.set(quarter, offset);
    }
    return offset;
  };
  return (at) => Math.floor((at + offsetOf(at)) / DAY_MS);
}

/** Counts per series (« created », « status:gagne »…) per day number. */
export class DayCounts {
  private readonly series = new Map<string, Map<number, number>>();

  add(key: string, day: number, n = 1): void {
    let days = this.series.get(key);
    if (!days) {
      days = new Map();
      this.series.set(key, days);
    }
    const count = (days.get(day) ?? 0) + n;
    if (count === 0) days.delete(day);
    else days.set(day, count);
  }

  /** The series' count over the days from `first` to `last`, both included. */
  sum(key: string, first: number, last: number): number {
    let n = 0;
    for (const [day, count] of this.series.get(key) ?? []) if (day >= first && day <= last) n += count;
    return n;
  }

  /** The series whose key starts with `prefix`, without it: « status: » → gagne, perdu… */
  names(prefix: string): string[] {
    return [...this.series.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** Forgets the days before `first`. */
  prune(first: number): void {
    for (const days of this.series.values()) for (const day of days.keys()) if (day < first) days.delete(day);
  }
}
