// The Reporting room (#/reporting): the tiles of the last 7, 30 or 90 days against the days before,
// the pipeline's funnel, the replies per channel, the trade's indicators, M.A.X.'s suggestions and the
// live activity feed. Every figure comes from the store (GET /api/reporting), every chart has its
// table, and every figure that the CRM list can show opens it (#/crm?status=…). Live: the figures
// reload after changes to leads, messages, cards, actions or campaigns.
import { useState } from "preact/hooks";
import { useLiveLoad } from "../../components/use-live-load";
import { Feed } from "./feed";
import { Funnel } from "./funnel";
import { Kpis } from "./kpis";
import { Replies } from "./replies";
import { Suggestions } from "./suggestions";
import { Tiles } from "./tiles";
import type { Report } from "./types";
import "./reporting.css";

const PERIODS = [7, 30, 90] as const;
/** The period chosen last, kept across room switches. */
let chosen: (typeof PERIODS)[number] = 7;

export function Reporting() {
  const [days, setDays] = useState(chosen);
  const { data, error } = useLiveLoad<Report>(
    `/api/reporting?days=${days}`,
    (e) =>
      Boolean(
        e.changes.lead || e.changes.message || e.changes.action || e.changes.audit || e.changes.campaign,
      ),
    { debounceMs: 1000, failed: "Le reporting n'a pas pu être chargé : réessayez." },
  );
  const pick = (d: (typeof PERIODS)[number]) => {
    chosen = d;
    setDays(d);
  };
  const report = data?.days === days ? data : null;
  return (
    <section class="room reporting" aria-labelledby="room-title">
      <div class="room-head">
        <h1 id="room-title">Reporting</h1>
        <fieldset class="period-picker">
          <legend class="visually-hidden">Période</legend>
          {PERIODS.map((d) => (
            <button key={d} type="button" aria-pressed={days === d} onClick={() => pick(d)}>
              {d} jours
            </button>
          ))}
        </fieldset>
      </div>
      {error && <p role="alert">{error}</p>}
      <p class="period-words" aria-live="polite">
        {report
          ? `Période ${report.period.words} (aujourd'hui compris), comparée à la période ${report.previous.words}.`
          : "Chargement…"}
      </p>
      <div class="report-layout">
        <div class="report-main">
          {report && (
            <>
              <Tiles report={report} />
              <Funnel funnel={report.funnel} />
              <Replies replies={report.replies} />
              {report.kpis && <Kpis kpis={report.kpis} />}
            </>
          )}
        </div>
        <div class="report-side">
          <Suggestions />
          <Feed />
        </div>
      </div>
    </section>
  );
}
