// The debits and refunds behind a bar of the Budget IA room (a week of the chart, a kind of this
// month's split): when, what, who, how many tokens, and why a refund was made.
import { formatNumber, jetons } from "../../state";
import type { EntriesPage } from "./types";
import { useBudget } from "./use-budget";

const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : `−${formatNumber(-n)}`);

export function Entries(props: { query: string }) {
  const { data, error } = useBudget<EntriesPage>(
    `/api/budget/entries?${props.query}`,
    "Le détail n'a pas pu être chargé.",
  );
  return (
    <section class="budget-panel" aria-labelledby="entries-title">
      <p>
        <a href="#/budget">← Retour au Budget IA</a>
      </p>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p role="status">Chargement…</p>}
      {data && (
        <>
          <h2 id="entries-title">{data.title}</h2>
          <p class="budget-note">
            {data.count === 0
              ? "Aucune dépense ni remboursement sur cette période."
              : `${data.count} ligne${data.count > 1 ? "s" : ""}, ${jetons(data.used)} au total (remboursements déduits).${data.count > data.rows.length ? ` Les ${data.rows.length} plus récentes :` : ""}`}
          </p>
          {data.rows.length > 0 && (
            <div class="budget-scroll">
              <table class="budget-table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Action</th>
                    <th scope="col">Poste</th>
                    <th scope="col">Par</th>
                    <th scope="col" class="num">
                      Jetons
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.id}>
                      <td>{r.day}</td>
                      <td>{r.why ? `Remboursement : ${r.what} — ${r.why}` : r.what}</td>
                      <td>{r.kind}</td>
                      <td>{r.by}</td>
                      <td class="num">{signed(r.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
