// When will the tenant run out of tokens at its recent pace? Simulated day by day, because each new
// period replaces the unused allowance while packs carry over.
import { DateTime } from "luxon";

export interface ForecastInput {
  now: Date;
  timezone: string;
  balance: number;
  /** Part of the balance that is this period's allowance (spent first, expires at period end). */
  allowanceLeft: number;
  /** Allowance credited at each new period. */
  allowance: number;
  /** Recent net usage, tokens per day. */
  dailyRate: number;
  horizonDays?: number;
}

/** The first day (ISO date in the tenant's timezone) whose usage can no longer be paid, or null. */
export function forecastExhaustion(input: ForecastInput): string | null {
  const { timezone, allowance, dailyRate, horizonDays = 366 } = input;
  if (dailyRate <= 0) return null;
  let day = DateTime.fromJSDate(input.now, { zone: timezone }).startOf("day");
  let allowanceLeft = Math.min(input.allowanceLeft, input.balance);
  let packs = input.balance - allowanceLeft;
  for (let i = 0; i <= horizonDays; i++) {
    if (i > 0 && day.day === 1) allowanceLeft = allowance;
    let need = dailyRate;
    const fromAllowance = Math.min(allowanceLeft, need);
    allowanceLeft -= fromAllowance;
    need -= fromAllowance;
    const fromPacks = Math.min(packs, need);
    packs -= fromPacks;
    need -= fromPacks;
    if (need > 0) return day.toISODate();
    day = day.plus({ days: 1 });
  }
  return null;
}
