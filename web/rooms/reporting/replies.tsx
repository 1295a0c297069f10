// The replies leads sent, per channel: a bar per channel for the period and a thinner one for the
// previous period, the figures written beside them; the same as a table. The CRM list has no filter
// by the channel of a reply, so these bars open no list (the caption says so).
import { formatNumber } from "../../state";
import { compare } from "./format";
import type { Replies as RepliesData } from "./types";

export function Replies(props: { replies: RepliesData }) {
  const { channels, total } = props.replies;
  const top = Math.max(1, ...channels.flatMap((c) => [c.current, c.previous]));
  const delta = compare(total.current, total.previous);
  return (
    <section class="report-block" aria-labelledby="replies-title">
      <h2 id="replies-title">Réponses par canal</h2>
      <p class="caption" id="replies-caption">
        Messages reçus de leads sur la période (les rebonds et réponses automatiques ne comptent pas) :{" "}
        {formatNumber(total.current)} au total{delta ? `, ${delta.words}` : ""}. La liste du CRM ne filtre pas
        encore par canal de réponse.
      </p>
      <ul class="replies" aria-describedby="replies-caption">
        {channels.map((c) => (
          <li key={c.channel} class="reply-channel">
            <span class="reply-label">{c.label}</span>
            <span class="reply-bars" aria-hidden="true">
              <span class="reply-bar" style={{ width: `${(100 * c.current) / top}%` }} />
              <span class="reply-bar reply-previous" style={{ width: `${(100 * c.previous) / top}%` }} />
            </span>
            <span class="reply-count">
              {formatNumber(c.current)}
              <span class="muted"> (avant : {formatNumber(c.previous)})</span>
            </span>
          </li>
        ))}
      </ul>
      <details class="report-table">
        <summary>Les réponses en tableau</summary>
        <table>
          <caption class="visually-hidden">Réponses par canal, période et période précédente</caption>
          <thead>
            <tr>
              <th scope="col">Canal</th>
              <th scope="col">Sur la période</th>
              <th scope="col">Période précédente</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.channel}>
                <th scope="row">{c.label}</th>
                <td class="num">{formatNumber(c.current)}</td>
                <td class="num">{formatNumber(c.previous)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
