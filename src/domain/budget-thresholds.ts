// The budget alerts: at 80 % and at 100 % of the period's allowance used, the owner is told once per
// threshold and period, and every room shows a banner. Pure: the store counts, this decides and words.
import { jetons } from "./costs.js";
import { periodWords } from "./periods.js";

export const BUDGET_THRESHOLDS = [80, 100] as const;
export type BudgetThreshold = (typeof BUDGET_THRESHOLDS)[number];

export interface PeriodUsage {
  period: string;
  allowance: number;
  used: number;
}

/** The thresholds the usage has reached, lowest first (none when the plan credits nothing). */
export function thresholdsReached({ allowance, used }: PeriodUsage): BudgetThreshold[] {
  if (allowance <= 0) return [];
  return BUDGET_THRESHOLDS.filter((t) => used * 100 >= allowance * t);
}

/** The highest threshold reached, or null. */
export function budgetLevel(usage: PeriodUsage): BudgetThreshold | null {
  return thresholdsReached(usage).at(-1) ?? null;
}

/** The banner's and the notice's sentence for the highest threshold reached. */
export function budgetAlertText(usage: PeriodUsage, threshold: BudgetThreshold): string {
  const month = periodWords(usage.period);
  const figures = `${usage.used} sur ${jetons(usage.allowance)}`;
  return threshold === 100
    ? `Allocation de ${month} entièrement utilisée (${figures}) : les actions puisent maintenant dans vos packs, puis s'arrêtent.`
    : `${Math.floor((usage.used * 100) / usage.allowance)} % de l'allocation de ${month} utilisés (${figures}).`;
}
