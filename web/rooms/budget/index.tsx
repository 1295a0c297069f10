// The Budget IA room (#/budget): balance, allowance and forecast, the pack button, this month's split by
// kind, twelve weeks of usage, the Conseil comparison, advice and refunds; a bar opens its rows
// (#/budget/semaine/2026-W47, #/budget/type/messages). Live: every ledger change reloads it.

import { Entries } from "./entries";
import { AdviceList, ConseilComparison, Refunds } from "./insights";
import { Kinds } from "./kinds";
import { Summary } from "./summary";
import type { BudgetPage } from "./types";
import { useBudget } from "./use-budget";
import { WeekChart } from "./week-chart";
import "./budget.css";

function Overview() {
  const { data, error, reload } = useBudget<BudgetPage>("/api/budget", "Le budget n'a pas pu être chargé.");
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">Chargement…</p>;
  return (
    <div class="budget">
      <Summary page={data} reload={reload} />
      <Kinds kinds={data.kinds} periodLabel={data.periodLabel} used={data.usedThisPeriod} />
      <WeekChart weeks={data.weeks} />
      <ConseilComparison conseil={data.conseil} />
      <AdviceList advice={data.advice} />
      <Refunds refunds={data.refunds} />
    </div>
  );
}

export function Budget(props: { path: string[] }) {
  const [view, key] = props.path;
  const query =
    view === "semaine" && key
      ? `week=${encodeURIComponent(key)}`
      : view === "type" && key
        ? `kind=${encodeURIComponent(key)}`
        : null;
  return (
    <section class="room budget-room" aria-labelledby="room-title">
      <div class="room-head">
        <h1 id="room-title">Budget IA</h1>
      </div>
      {query ? <Entries query={query} /> : <Overview />}
    </section>
  );
}
