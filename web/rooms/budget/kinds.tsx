// This period's spending split by kind (création, automatisation, messages, analyses, changements
// CRM), each a link to its debits, with the actions it is made of; « Appels IA » locked on the plans
// without them, with the reason.
import { formatNumber, jetons } from "../../state";
import type { SpendKindView } from "./types";

export function Kinds(props: { kinds: SpendKindView[]; periodLabel: string; used: number }) {
  return (
    <section class="budget-panel" aria-labelledby="kinds-title">
      <h2 id="kinds-title">Répartition des dépenses de {props.periodLabel}</h2>
      <table class="budget-table kinds-table">
        <caption class="visually-hidden">Jetons dépensés ce mois-ci, par poste</caption>
        <thead>
          <tr>
            <th scope="col">Poste</th>
            <th scope="col" class="num">
              Jetons
            </th>
            <th scope="col" class="num">
              Part
            </th>
            <th scope="col" class="kind-bar-col">
              <span class="visually-hidden">Graphique</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.kinds.map((k) => (
            <tr key={k.kind} class={k.locked ? "kind-locked" : undefined}>
              <th scope="row">
                {k.used > 0 && k.kind !== "autres" ? (
                  <a href={`#/budget/type/${k.kind}`}>{k.label}</a>
                ) : (
                  <span>{k.label}</span>
                )}
                {k.locked && <span class="lock"> — verrouillé</span>}
                <span class="kind-hint">{k.locked ? k.lockedReason : k.hint}</span>
                {k.actions.length > 0 && (
                  <span class="kind-actions">
                    {k.actions
                      .map(
                        (a) => `${a.label} : ${jetons(a.used)} (${a.count} action${a.count > 1 ? "s" : ""})`,
                      )
                      .join(" · ")}
                  </span>
                )}
              </th>
              <td class="num">{k.locked ? "—" : formatNumber(k.used)}</td>
              <td class="num">{k.locked ? "—" : `${k.share} %`}</td>
              <td class="kind-bar-col">
                <svg class="kind-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                  <rect class="kind-track" x={0} y={0} width={100} height={6} />
                  <rect
                    class="kind-fill"
                    x={0}
                    y={0}
                    width={Math.max(0, Math.min(100, k.share))}
                    height={6}
                  />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="num">{formatNumber(props.used)}</td>
            <td class="num">100 %</td>
            <td class="kind-bar-col" />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
