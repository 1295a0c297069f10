// The pipeline's funnel: one bar per stage (its length the share of the first stage), each a link to
// the CRM list of the leads at that stage or beyond, with the drop-off to the next stage; the same
// figures as a table, each count a link too; and what the funnel counts, in a caption.
import { formatNumber } from "../../state";
import { percent } from "./format";
import type { Funnel as FunnelData } from "./types";

export function Funnel(props: { funnel: FunnelData }) {
  const { stages, lost } = props.funnel;
  const top = Math.max(1, stages[0]?.reached ?? 0);
  return (
    <section class="report-block funnel-block" aria-labelledby="funnel-title">
      <h2 id="funnel-title">Tunnel du pipeline</h2>
      <p class="caption" id="funnel-caption">
        Chaque étape compte les leads dont le statut est, en ce moment, cette étape ou une étape plus avancée
        ; les perdus ne sont pas comptés ({formatNumber(lost.count)} en ce moment,{" "}
        <a href={lost.link.href}>voir la liste</a>). La perte est la part des leads d'une étape qui ne sont
        pas allés plus loin.
      </p>
      <ol class="funnel" aria-describedby="funnel-caption">
        {stages.map((s) => (
          <li key={s.status} class="funnel-stage">
            <a href={s.link.href} class="funnel-bar-link">
              <span class="funnel-label">{s.label}</span>
              <span class="funnel-track" aria-hidden="true">
                <span class="funnel-bar" style={{ width: `${(100 * s.reached) / top}%` }} />
              </span>
              <span class="funnel-count">{formatNumber(s.reached)}</span>
              <span class="visually-hidden"> : {s.link.list}</span>
            </a>
            {s.dropOff !== null && (
              <span class="funnel-drop">perte vers l'étape suivante : {percent(s.dropOff)}</span>
            )}
          </li>
        ))}
      </ol>
      <details class="report-table">
        <summary>Le tunnel en tableau</summary>
        <table>
          <caption class="visually-hidden">Tunnel du pipeline, étape par étape</caption>
          <thead>
            <tr>
              <th scope="col">Étape</th>
              <th scope="col">À cette étape ou au-delà</th>
              <th scope="col">À cette étape</th>
              <th scope="col">Perte vers la suivante</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((s) => (
              <tr key={s.status}>
                <th scope="row">{s.label}</th>
                <td class="num">
                  <a href={s.link.href}>{formatNumber(s.reached)}</a>
                </td>
                <td class="num">
                  <a href={s.hereLink.href}>{formatNumber(s.here)}</a>
                </td>
                <td class="num">{s.dropOff === null ? "—" : percent(s.dropOff)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
