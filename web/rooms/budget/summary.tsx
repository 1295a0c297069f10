// The top of the Budget IA room: balance (with what packs hold), the plan's allowance and what is left
// of it, this month's usage, the forecast date of exhaustion in words, and the pack button — an
// action through the gate, so its confirmation card opens even in Auto.
import { useState } from "preact/hooks";
import { useActions } from "../../actions";
import { formatNumber, jetons } from "../../state";
import type { BudgetPage } from "./types";

export function Summary(props: { page: BudgetPage; reload: () => Promise<void> }) {
  const { page } = props;
  return (
    <section class="budget-panel" aria-labelledby="summary-title">
      <h2 id="summary-title" class="visually-hidden">
        Solde et allocation
      </h2>
      <div class="budget-tiles">
        <div class="budget-tile">
          <h3>Solde</h3>
          <p class="tile-figure">{jetons(page.balance)}</p>
          <p class="tile-sub">dont {jetons(page.packs)} de packs (reportés chaque mois)</p>
        </div>
        <div class="budget-tile">
          <h3>Allocation du plan {page.planLabel}</h3>
          <p class="tile-figure">{jetons(page.allowance)} par mois</p>
          <p class="tile-sub">il en reste {formatNumber(page.allowanceLeft)} ce mois-ci</p>
        </div>
        <div class="budget-tile">
          <h3>Utilisé en {page.periodLabel}</h3>
          <p class="tile-figure">
            {jetons(page.usedThisPeriod)} <span class="tile-percent">({page.usedPercent} %)</span>
          </p>
          <meter
            min={0}
            max={Math.max(1, page.allowance)}
            low={page.allowance * 0.8}
            high={page.allowance * 0.99}
            optimum={0}
            value={Math.min(page.usedThisPeriod, page.allowance)}
            aria-label={`Allocation utilisée : ${page.usedPercent} %`}
          />
        </div>
        <div class="budget-tile">
          <h3>Épuisement prévu</h3>
          <p class="tile-text">{page.forecast.text}</p>
        </div>
      </div>
      <Pack page={page} reload={props.reload} />
    </section>
  );
}

function Pack(props: { page: BudgetPage; reload: () => Promise<void> }) {
  const { pack } = props.page;
  const { run } = useActions();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState("");

  async function add() {
    setBusy(true);
    setSaid("");
    const outcome = await run("add_token_pack", { packs: 1 });
    setBusy(false);
    if (outcome.kind === "executed") {
      await props.reload();
      setSaid(outcome.message);
    }
  }

  return (
    <div class="budget-pack">
      <p>
        Un pack ajoute {jetons(pack.size)} à votre solde ; ils restent d'un mois sur l'autre, l'allocation du
        plan est dépensée en premier.
      </p>
      {pack.canAdd ? (
        <button type="button" class="primary" disabled={busy} onClick={add}>
          Ajouter un pack de {formatNumber(pack.size)} jetons
        </button>
      ) : (
        <p class="budget-note">{pack.note}</p>
      )}
      <p role="status" class="pack-said">
        {said}
      </p>
    </div>
  );
}
