// A figure against the previous period, as the eye reads it (« +12 % », « −3 », « = ») and as a screen
// reader says it (« en hausse de 12 % par rapport à la période précédente (25) »). Under ten in the
// previous period a percentage says little (1 → 2 is « +100 % »): the difference is shown instead.
import { formatNumber } from "../../state";

export type Trend = "up" | "down" | "same";

export interface Comparison {
  short: string;
  words: string;
  trend: Trend;
}

const MINUS = "\u2212";
const PERCENT_FROM = 10;

const signed = (n: number, unit = "") => `${n > 0 ? "+" : MINUS}${formatNumber(Math.abs(n))}${unit}`;

export function compare(value: number, previous: number | null): Comparison | null {
  if (previous === null) return null;
  const diff = value - previous;
  const before = `par rapport à la période précédente (${formatNumber(previous)})`;
  if (diff === 0) return { short: "=", words: `stable ${before}`, trend: "same" };
  const trend: Trend = diff > 0 ? "up" : "down";
  const way = diff > 0 ? "en hausse" : "en baisse";
  if (previous < PERCENT_FROM) {
    return { short: signed(diff), words: `${way} de ${formatNumber(Math.abs(diff))} ${before}`, trend };
  }
  const percent = Math.round((100 * diff) / previous);
  if (percent === 0)
    return { short: signed(diff), words: `${way} de ${formatNumber(Math.abs(diff))} ${before}`, trend };
  return {
    short: signed(percent, " %"),
    words: `${way} de ${formatNumber(Math.abs(percent))} % ${before}`,
    trend,
  };
}

/** A share as people write it: « 42 % ». */
export const percent = (share: number) => `${formatNumber(Math.round(share * 100))} %`;

/** A number of days with one decimal: « 3,5 jours », « 1 jour ». */
export function daysWords(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  const text = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(rounded);
  return `${text} jour${rounded >= 2 ? "s" : ""}`;
}
