// The Budget IA API's answers (src/http/dashboard/budget*.ts), as the page reads them.
export interface BudgetAlert {
  threshold: 80 | 100;
  period: string;
  text: string;
}

export interface SpendKindView {
  kind: string;
  label: string;
  hint: string;
  used: number;
  share: number;
  actions: { label: string; used: number; count: number }[];
  locked: boolean;
  lockedReason?: string;
}

export interface WeekView {
  key: string;
  short: string;
  label: string;
  used: number;
}

export interface AdviceView {
  text: string;
  basis: string;
}

export interface BudgetPage {
  plan: string;
  planLabel: string;
  period: string;
  periodLabel: string;
  balance: number;
  allowance: number;
  allowanceLeft: number;
  packs: number;
  usedThisPeriod: number;
  usedPercent: number;
  dailyRate: number;
  forecast: { date: string | null; text: string };
  alert: BudgetAlert | null;
  kinds: SpendKindView[];
  weeks: WeekView[];
  refunds: {
    count: number;
    total: number;
    since: string;
    rows: { id: number; at: string; day: string; what: string; amount: number; why: string }[];
  };
  conseil: { actual: number; conseil: number; saved: number; notDone: number; rule: string; text: string };
  advice: { items: AdviceView[]; notes: string[] };
  pack: { size: number; canAdd: boolean; note?: string };
}

export interface EntriesPage {
  title: string;
  used: number;
  count: number;
  rows: {
    id: number;
    at: string;
    day: string;
    what: string;
    kind: string;
    amount: number;
    by: string;
    why?: string;
  }[];
}
