// When a step runs, in the tenant's timezone: J+n at a local time keeps its wall-clock time across a
// DST change, and a relance never leaves outside the send window (09:00–19:00 on working days, so no
// Sunday 3 a.m. relance). Pure: dates in, date out.
import { DateTime, IANAZone, Info, type Zone } from "luxon";
import type { ScenarioDefinition, StepTiming } from "./definitions.js";

export const WINDOW_START_HOUR = 9;
export const WINDOW_END_HOUR = 19;

const HOUR_MS = 3_600_000;
const CACHED_HOURS = 10_000;

/**
 * luxon asks Intl for the zone's offset on every DateTime it makes or moves, a dozen times per
 * scenario step. An offset only changes at a transition, and no zone has two in one hour: when an
 * hour starts and ends at the same offset, the whole hour has it, and it is kept.
 */
class CachedOffsetZone extends IANAZone {
  readonly #hours = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    const cached = this.#hours.get(hour);
    if (cached !== undefined) return cached;
    const start = super.offset(hour * HOUR_MS);
    if (super.offset((hour + 1) * HOUR_MS - 1) !== start) return super.offset(ts);
    if (this.#hours.size >= CACHED_HOURS) this.#hours.clear();
    this.#hours.set(hour, start);
    return start;
  }
}

const zones = new Map<string, Zone>();

/** The zone luxon reads this name as (an IANA name, "UTC+2", "local"…), IANA zones with the cache. */
export function zoneOf(timezone: string): Zone {
  let zone = zones.get(timezone);
  if (zone) return zone;
  zone = Info.normalizeZone(timezone);
  if (!(zone instanceof IANAZone)) return zone;
  zone = new CachedOffsetZone(timezone);
  zones.set(timezone, zone);
  return zone;
}

/** The first moment at or after `at` inside the send window of these working days. */
export function intoSendWindow(at: Date, timezone: string, workingDays: readonly number[]): Date {
  let local = DateTime.fromJSDate(at, { zone: zoneOf(timezone) });
  for (let i = 0; i < 8; i++) {
    const dayStart = local.set({ hour: WINDOW_START_HOUR, minute: 0, second: 0, millisecond: 0 });
    if (!workingDays.includes(local.weekday) || local.hour >= WINDOW_END_HOUR) {
      local = dayStart.plus({ days: 1 });
      continue;
    }
    return (local < dayStart ? dayStart : local).toJSDate();
  }
  throw new Error(`aucun jour ouvré dans ${workingDays.join(",")}`);
}

function localTime(anchor: Date, timezone: string, timing: StepTiming): DateTime {
  const base = DateTime.fromJSDate(anchor, { zone: zoneOf(timezone) });
  if ("beforeMinutes" in timing) return base.minus({ minutes: timing.beforeMinutes });
  if ("afterMinutes" in timing) return base.plus({ minutes: timing.afterMinutes });
  const dayShifted = base.plus({ days: timing.days });
  if (!timing.at) return dayShifted;
  const [hour, minute] = timing.at.split(":").map(Number);
  return dayShifted.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * When the step is due. Steps before a fixed event (an appointment, a delivery) keep their exact
 * time, chosen for that event; every other step is moved into the send window.
 */
export function stepDueAt(
  def: Pick<ScenarioDefinition, "anchor" | "workingDays">,
  timing: StepTiming,
  anchor: Date,
  timezone: string,
): Date {
  const at = localTime(anchor, timezone, timing).toJSDate();
  const fixedEvent = def.anchor !== "enrollment";
  return fixedEvent ? at : intoSendWindow(at, timezone, def.workingDays);
}

/** The local calendar day of a moment, YYYY-MM-DD (the digest's "today"). */
export function localDay(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: zoneOf(timezone) }).toISODate() ?? "";
}

/** Midnight of that local day, as an instant. */
export function startOfLocalDay(at: Date, timezone: string): Date {
  return DateTime.fromJSDate(at, { zone: zoneOf(timezone) })
    .startOf("day")
    .toJSDate();
}

/** The next occurrence of a local time (e.g. 08:00) strictly after `at`, on one of these weekdays. */
export function nextLocalTime(at: Date, timezone: string, time: string, days: readonly number[]): Date {
  const [hour, minute] = time.split(":").map(Number);
  let local = DateTime.fromJSDate(at, { zone: zoneOf(timezone) }).set({
    hour,
    minute,
    second: 0,
    millisecond: 0,
  });
  for (let i = 0; i < 9; i++) {
    if (local.toJSDate() > at && days.includes(local.weekday)) return local.toJSDate();
    local = local.plus({ days: 1 }).set({ hour, minute });
  }
  throw new Error(`aucun jour dans ${days.join(",")}`);
}
