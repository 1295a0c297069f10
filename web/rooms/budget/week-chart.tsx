// Twelve weeks of token usage: one bar per ISO week (a link to that week's debits and refunds), the
// figures under the bars, and the same weeks as a table for whoever does not read the chart.
import { formatNumber, jetons } from "../../state";
import type { WeekView } from "./types";

const HEIGHT = 100;
const SLOT = 10;
const BAR = 7;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const weekHref = (key: string) => `#/budget/semaine/${key}`;

export function WeekChart(props: { weeks: WeekView[] }) {
  const { weeks } = props;
  const max = Math.max(1, ...weeks.map((w) => w.used));
  const total = weeks.reduce((sum, w) => sum + w.used, 0);
  return (
    <section class="budget-panel" aria-labelledby="weeks-title">
      <h2 id="weeks-title">Usage par semaine</h2>
      <p class="budget-note">
        {jetons(total)} sur les {weeks.length} dernières semaines. Chaque barre ouvre le détail de sa semaine.
      </p>
      <figure class="week-chart">
        <svg
          viewBox={`0 0 ${weeks.length * SLOT} ${HEIGHT}`}
          preserveAspectRatio="none"
          aria-label="Graphique de l'usage par semaine"
        >
          {weeks.map((w, i) => {
            const h = Math.max(0, (w.used / max) * (HEIGHT - 4));
            return (
              <a key={w.key} href={weekHref(w.key)} aria-label={`${capital(w.label)} : ${jetons(w.used)}`}>
                <rect class="week-hit" x={i * SLOT} y={0} width={SLOT} height={HEIGHT} />
                <rect
                  class="week-bar"
                  x={i * SLOT + (SLOT - BAR) / 2}
                  y={HEIGHT - Math.max(h, 0.6)}
                  width={BAR}
                  height={Math.max(h, 0.6)}
                />
              </a>
            );
          })}
        </svg>
        <ol class="week-axis" aria-hidden="true">
          {weeks.map((w) => (
            <li key={w.key}>
              <span class="week-value">{formatNumber(w.used)}</span>
              <span class="week-day">{w.short}</span>
            </li>
          ))}
        </ol>
      </figure>
      <table class="budget-table week-table">
        <caption>Jetons utilisés par semaine (tableau du graphique)</caption>
        <thead>
          <tr>
            <th scope="col">Semaine</th>
            <th scope="col" class="num">
              Jetons
            </th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.key}>
              <th scope="row">
                <a href={weekHref(w.key)}>{capital(w.label)}</a>
              </th>
              <td class="num">{formatNumber(w.used)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
