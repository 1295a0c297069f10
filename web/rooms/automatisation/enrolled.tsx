// The leads enrolled in one scenario, a page at a time, narrowed to a state, a result or a stop reason
// (the counts of the overview open these): each lead's current step, next date and state, and pause,
// resume or stop for one lead or for the selection — one action through the gate per click, a card in
// Assisté, and the list follows the live stream.
import { useState } from "preact/hooks";
import { useActions } from "../../actions";
import { queryString } from "../../api";
import { useLiveLoad } from "../../components/use-live-load";
import { formatNumber } from "../../state";
import { ScrollRegion } from "./scroll-region";
import { type Picked, selection } from "./selection";
import {
  affectsAutomations,
  type EnrolledLead,
  type EnrolledPage,
  type Narrowing,
  NEW_PATH,
  scenarioHref,
} from "./types";
import { leadsWord } from "./words";

const PAGE_SIZE = 50;

type Change = "pause_scenario" | "resume_scenario" | "stop_scenario";

const CHANGES: { tool: Change; label: string; fits: (lead: EnrolledLead) => boolean }[] = [
  {
    tool: "pause_scenario",
    label: "Mettre en pause",
    fits: (l) => l.state === "scheduled" || l.state === "running",
  },
  { tool: "resume_scenario", label: "Reprendre", fits: (l) => l.state === "paused" },
  { tool: "stop_scenario", label: "Arrêter", fits: (l) => l.running },
];

function pathOf(scenario: string, narrowing: Narrowing, offset: number): string {
  const params: Record<string, unknown> = { scenario, limit: PAGE_SIZE, offset };
  if (narrowing.kind !== "all") params[narrowing.kind] = narrowing.value;
  return `/api/automations/leads${queryString(params)}`;
}

/** The selection of this scenario, kept in the room's memory across its pages. */
function useSelection(scenario: string) {
  if (selection.scenario !== scenario) {
    selection.scenario = scenario;
    selection.rows = new Map();
  }
  const [rows, setRows] = useState<ReadonlyMap<number, Picked>>(selection.rows);
  const set = (next: Map<number, Picked>) => {
    selection.rows = next;
    setRows(next);
  };
  return {
    rows,
    toggle(lead: EnrolledLead, on: boolean) {
      const next = new Map(rows);
      if (on)
        next.set(lead.enrollmentId, { enrollmentId: lead.enrollmentId, leadId: lead.id, name: lead.name });
      else next.delete(lead.enrollmentId);
      set(next);
    },
    setAll(leads: EnrolledLead[], on: boolean) {
      const next = new Map(rows);
      for (const l of leads) {
        if (on) next.set(l.enrollmentId, { enrollmentId: l.enrollmentId, leadId: l.id, name: l.name });
        else next.delete(l.enrollmentId);
      }
      set(next);
    },
    clear: () => set(new Map()),
  };
}

export function EnrolledLeads(props: { scenario: string; narrowing: Narrowing }) {
  const { run } = useActions();
  const [offset, setOffset] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const picked = useSelection(props.scenario);
  const { data, error, reload } = useLiveLoad<EnrolledPage>(
    pathOf(props.scenario, props.narrowing, offset),
    affectsAutomations,
  );

  async function change(tool: Change, leads: EnrolledLead[], label: string) {
    const ids = leads.map((l) => l.enrollmentId);
    setBusy(label);
    try {
      const outcome = await run(tool, { enrollmentId: ids.length === 1 ? ids[0] : ids });
      if (outcome.kind === "executed") {
        if (leads.length > 1) picked.clear();
        await reload();
      }
    } finally {
      setBusy(null);
    }
  }

  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">Chargement des leads…</p>;
  const chosen = data.leads.filter((l) => picked.rows.has(l.enrollmentId));
  const allOnPage = data.leads.length > 0 && chosen.length === data.leads.length;
  const current = props.narrowing.kind === "state" ? props.narrowing.value : null;
  const first = data.leads.length === 0 ? 0 : data.offset + 1;

  return (
    <section class="auto-enrolled" aria-labelledby="enrolled-title">
      <p>
        <a href="#/automatisation">Toutes les automatisations</a>
      </p>
      <h2 id="enrolled-title">
        {data.scenario.label}
        {data.narrowed && <span class="auto-narrowed"> — {data.narrowed}</span>}
      </h2>
      <nav class="subnav auto-tabs" aria-label="États des inscriptions">
        <a
          href={scenarioHref(props.scenario)}
          aria-current={props.narrowing.kind === "all" ? "page" : undefined}
        >
          Tous ({formatNumber(data.all)})
        </a>
        {data.states.map((s) => (
          <a
            key={s.state}
            href={scenarioHref(props.scenario, { kind: "state", value: s.state })}
            aria-current={current === s.state ? "page" : undefined}
          >
            {s.label} ({formatNumber(s.count)})
          </a>
        ))}
      </nav>

      {picked.rows.size > 0 && (
        <section class="bulk" aria-label="Actions sur la sélection">
          <p class="bulk-count">
            <strong>{leadsWord(picked.rows.size)}</strong> sélectionné{picked.rows.size > 1 ? "s" : ""}
            {chosen.length < picked.rows.size && ` (dont ${formatNumber(chosen.length)} sur cette page)`}{" "}
            <button type="button" class="link" onClick={picked.clear} disabled={busy !== null}>
              Effacer la sélection
            </button>
          </p>
          <div class="buttons">
            {CHANGES.map((c) => {
              const fit = chosen.filter(c.fits);
              return (
                <button
                  key={c.tool}
                  type="button"
                  disabled={busy !== null || fit.length === 0}
                  onClick={() => change(c.tool, fit, `${c.label} ${leadsWord(fit.length)}`)}
                >
                  {c.label} ({formatNumber(fit.length)})
                </button>
              );
            })}
            <a class="button" href={`#/automatisation/${NEW_PATH}`}>
              Inscrire ces leads dans un autre scénario
            </a>
          </div>
        </section>
      )}
      {busy && (
        <p class="bulk-progress" role="status">
          <progress aria-label="Action en cours" /> {busy}…
        </p>
      )}

      {data.leads.length === 0 ? (
        <p class="none">Aucun lead ici.</p>
      ) : (
        <ScrollRegion label={`Tableau des leads de « ${data.scenario.label} »`}>
          <table class="auto-leads">
            <caption class="visually-hidden">
              Leads inscrits dans « {data.scenario.label} »{data.narrowed ? `, ${data.narrowed}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Sélectionner tous les leads de la page"
                    checked={allOnPage}
                    onChange={(e) => picked.setAll(data.leads, e.currentTarget.checked)}
                  />
                </th>
                <th scope="col">Lead</th>
                <th scope="col">Étape</th>
                <th scope="col">Prochaine date</th>
                <th scope="col">État</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.leads.map((l) => (
                <tr key={l.enrollmentId}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Sélectionner ${l.name}`}
                      checked={picked.rows.has(l.enrollmentId)}
                      onChange={(e) => picked.toggle(l, e.currentTarget.checked)}
                    />
                  </td>
                  <th scope="row">
                    <a href={`#/crm/lead/${l.id}`}>{l.name}</a>
                    {l.company && <span class="hint"> · {l.company}</span>}
                  </th>
                  <td>
                    {!l.running ? (
                      "—"
                    ) : l.stepParts ? (
                      <>
                        {l.stepParts.name}
                        <br />
                        <span class="hint">
                          {l.stepParts.when} — {l.stepParts.what}
                        </span>
                      </>
                    ) : (
                      l.stepLabel
                    )}
                  </td>
                  <td>
                    {l.nextLabel ? <time dateTime={l.nextRunAt ?? undefined}>{l.nextLabel}</time> : "—"}
                  </td>
                  <td>
                    <span class={`auto-state auto-state-${l.state}`}>{l.stateLabel}</span>
                    {l.reason && <span class="hint"> ({l.reason})</span>}
                  </td>
                  <td class="auto-row-actions">
                    <div>
                      {CHANGES.filter((c) => c.fits(l)).map((c) => (
                        <button
                          key={c.tool}
                          type="button"
                          disabled={busy !== null}
                          onClick={() => change(c.tool, [l], `${c.label} : ${l.name}`)}
                        >
                          {c.label}
                          <span class="visually-hidden"> : {l.name}</span>
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <div class="auto-pager">
        <span>
          {formatNumber(first)}–{formatNumber(data.offset + data.leads.length)} sur {formatNumber(data.total)}
        </span>
        <button
          type="button"
          disabled={data.offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          Page précédente
        </button>
        <button
          type="button"
          disabled={data.offset + data.leads.length >= data.total}
          onClick={() => setOffset(offset + PAGE_SIZE)}
        >
          Page suivante
        </button>
      </div>
    </section>
  );
}
