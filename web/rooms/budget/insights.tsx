// What the Budget IA room draws from the figures: what this month would have cost in Conseil (and
// what would not have been done), advice from the tenant's own results, and the refunds.
import { formatNumber, jetons } from "../../state";
import type { BudgetPage } from "./types";

export function ConseilComparison(props: { conseil: BudgetPage["conseil"] }) {
  const { conseil } = props;
  return (
    <section class="budget-panel" aria-labelledby="conseil-title">
      <h2 id="conseil-title">Et en mode Conseil ?</h2>
      <p class="budget-lead">{conseil.text}</p>
      <dl class="budget-facts">
        <dt>Dépensé ce mois-ci</dt>
        <dd>{jetons(conseil.actual)}</dd>
        <dt>En mode Conseil</dt>
        <dd>{jetons(conseil.conseil)}</dd>
      </dl>
      <p class="budget-note">{conseil.rule}</p>
    </section>
  );
}

export function AdviceList(props: { advice: BudgetPage["advice"] }) {
  const { items, notes } = props.advice;
  return (
    <section class="budget-panel" aria-labelledby="advice-title">
      <h2 id="advice-title">Conseils tirés de vos résultats</h2>
      {items.length === 0 && notes.length === 0 && <p>Pas encore de données pour vous conseiller.</p>}
      {items.length > 0 && (
        <ul class="advice-list">
          {items.map((a) => (
            <li key={a.text}>
              <p class="advice-text">{a.text}</p>
              <p class="budget-note">{a.basis}</p>
            </li>
          ))}
        </ul>
      )}
      {notes.map((n) => (
        <p key={n} class="budget-note">
          {n}
        </p>
      ))}
    </section>
  );
}

export function Refunds(props: { refunds: BudgetPage["refunds"] }) {
  const { refunds } = props;
  return (
    <section class="budget-panel" aria-labelledby="refunds-title">
      <h2 id="refunds-title">Remboursements</h2>
      {refunds.count === 0 ? (
        <p>Aucun remboursement depuis le {refunds.since}.</p>
      ) : (
        <>
          <p class="budget-note">
            {refunds.count} remboursement{refunds.count > 1 ? "s" : ""} depuis le {refunds.since},{" "}
            {jetons(refunds.total)} rendus : une action ou un envoi qui échoue est remboursé.
          </p>
          <div class="budget-scroll">
            <table class="budget-table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Quoi</th>
                  <th scope="col" class="num">
                    Jetons
                  </th>
                  <th scope="col">Pourquoi</th>
                </tr>
              </thead>
              <tbody>
                {refunds.rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.day}</td>
                    <td>{r.what}</td>
                    <td class="num">+{formatNumber(r.amount)}</td>
                    <td>{r.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
