// Bulk actions on the list's selection (some rows, or every lead of the filter): add a tag, change the
// status, enroll in a scenario, analyse. Each is ONE tool call on the list of ids through the gate
// (useActions): one card with the total cost and the balance after, in Assisté; a run on thousands of
// leads shows that it is running until its outcome comes back, and the live stream refreshes the list.
import { useEffect, useState } from "preact/hooks";
import { useActions } from "../../actions";
import { ApiError, get } from "../../api";
import { Dialog } from "../../components/dialog";
import { formatNumber, useApp } from "../../state";
import type { Outcome } from "../../types";
import type { BulkAnalysis, BulkOptions, BulkTool } from "./list-types";

type Ask = "tag" | "status" | "scenario" | null;

const leads = (n: number) => `${formatNumber(n)} lead${n > 1 ? "s" : ""}`;

/** What the bulk bar offers (the trade's scenarios, each action's limit): asked once. */
let options: Promise<BulkOptions> | null = null;
const bulkOptions = () => {
  options ??= get<BulkOptions>("/api/leads/bulk").catch((error) => {
    options = null;
    throw error;
  });
  return options;
};

const WHAT: Record<BulkTool, string> = {
  apply_tags: "un changement de tags",
  update_status: "un changement de statut",
  enroll_in_scenario: "une inscription à un scénario",
  analyze_lead: "une analyse",
};

/** One id is the single-lead call (its card names the lead); several are the bulk call. */
const target = (ids: number[]) => (ids.length === 1 ? ids[0] : ids);

export function BulkBar(props: {
  ids: number[];
  onDone: (outcome: Outcome) => void;
  onAnalysis: (analysis: BulkAnalysis) => void;
  onClear: () => void;
}) {
  const { me, notify } = useApp();
  const { run } = useActions();
  const [ask, setAsk] = useState<Ask>(null);
  const [tag, setTag] = useState("");
  const [status, setStatus] = useState(me.pipeline[0]?.status ?? "");
  const [offer, setOffer] = useState<BulkOptions | null>(null);
  const [scenario, setScenario] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const count = props.ids.length;
  const scenarios = offer?.scenarios ?? null;

  useEffect(() => {
    bulkOptions()
      .then((o) => {
        setOffer(o);
        setScenario((s) => s || (o.scenarios[0]?.id ?? ""));
      })
      .catch((error) =>
        setProblem(error instanceof ApiError ? error.message : "Actions indisponibles : réessayez."),
      );
  }, []);

  /** Whether the selection fits the action; else why not, told at once. */
  function fits(tool: BulkTool): boolean {
    const limit = offer?.limits[tool];
    if (limit === undefined || count <= limit) return true;
    notify(
      `${formatNumber(limit)} leads au plus pour ${WHAT[tool]} : ${leads(count)} sont sélectionnés. Affinez le filtre.`,
      "error",
    );
    return false;
  }

  async function go(label: string, tool: string, args: Record<string, unknown>) {
    setAsk(null);
    setRunning(label);
    try {
      const outcome = await run(tool, { ...args, leadId: target(props.ids) });
      const data = outcome.data as Partial<BulkAnalysis> | undefined;
      if (outcome.kind === "executed" && data?.byAction) props.onAnalysis(data as BulkAnalysis);
      props.onDone(outcome);
    } finally {
      setRunning(null);
    }
  }

  const chosen = scenarios?.find((s) => s.id === scenario);

  return (
    <section class="bulk" aria-label="Actions groupées">
      <p class="bulk-count">
        <strong>{leads(count)}</strong> sélectionné{count > 1 ? "s" : ""}{" "}
        <button type="button" class="link" onClick={props.onClear} disabled={running !== null}>
          Effacer la sélection
        </button>
      </p>
      <div class="bulk-actions">
        <button type="button" disabled={running !== null} onClick={() => fits("apply_tags") && setAsk("tag")}>
          Ajouter un tag
        </button>
        <button
          type="button"
          disabled={running !== null}
          onClick={() => fits("update_status") && setAsk("status")}
        >
          Changer le statut
        </button>
        <button
          type="button"
          disabled={running !== null}
          onClick={() => fits("enroll_in_scenario") && setAsk("scenario")}
        >
          Inscrire dans un scénario
        </button>
        <button
          type="button"
          disabled={running !== null}
          onClick={() => fits("analyze_lead") && go(`Analyse de ${leads(count)}`, "analyze_lead", {})}
        >
          Analyser
        </button>
      </div>
      {running && (
        <div class="bulk-progress" role="status">
          <progress aria-label="Action groupée en cours" />
          <span>{running}…</span>
        </div>
      )}

      {ask === "tag" && (
        <Dialog title={`Ajouter un tag à ${leads(count)}`} onClose={() => setAsk(null)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const value = tag.trim();
              if (value) go(`Ajout du tag « ${value} » à ${leads(count)}`, "apply_tags", { add: [value] });
            }}
          >
            <label for="bulk-tag">Tag à ajouter</label>
            <input
              id="bulk-tag"
              value={tag}
              required
              maxLength={40}
              autoComplete="off"
              onInput={(e) => setTag(e.currentTarget.value)}
            />
            <div class="buttons">
              <button type="submit" class="primary">
                Continuer
              </button>
              <button type="button" onClick={() => setAsk(null)}>
                Annuler
              </button>
            </div>
          </form>
        </Dialog>
      )}

      {ask === "status" && (
        <Dialog title={`Changer le statut de ${leads(count)}`} onClose={() => setAsk(null)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const label = me.pipeline.find((p) => p.status === status)?.label ?? status;
              go(`Passage de ${leads(count)} en « ${label} »`, "update_status", { status });
            }}
          >
            <label for="bulk-status">Nouveau statut</label>
            <select id="bulk-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              {me.pipeline.map((p) => (
                <option key={p.status} value={p.status}>
                  {p.label}
                </option>
              ))}
            </select>
            <div class="buttons">
              <button type="submit" class="primary">
                Continuer
              </button>
              <button type="button" onClick={() => setAsk(null)}>
                Annuler
              </button>
            </div>
          </form>
        </Dialog>
      )}

      {ask === "scenario" && (
        <Dialog title={`Inscrire ${leads(count)} dans un scénario`} onClose={() => setAsk(null)}>
          {problem && <p role="alert">{problem}</p>}
          {scenarios === null && !problem && <p role="status">Chargement des scénarios…</p>}
          {scenarios?.length === 0 && <p>Aucun scénario de relance pour votre métier.</p>}
          {scenarios && scenarios.length > 0 && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (chosen)
                  go(`Inscription de ${leads(count)} dans « ${chosen.label} »`, "enroll_in_scenario", {
                    scenario: chosen.id,
                  });
              }}
            >
              <label for="bulk-scenario">Scénario</label>
              <select
                id="bulk-scenario"
                value={scenario}
                aria-describedby="bulk-scenario-help"
                onChange={(e) => setScenario(e.currentTarget.value)}
              >
                {scenarios.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
              <p id="bulk-scenario-help" class="hint">
                {chosen &&
                  `Déclencheur : ${chosen.trigger}.${chosen.requiresStatus.length ? ` Pour les leads en ${chosen.requiresStatus.join(" ou ")} ; les autres sont écartés et non facturés.` : " Les leads déjà inscrits sont écartés et non facturés."}`}
              </p>
              <div class="buttons">
                <button type="submit" class="primary">
                  Continuer
                </button>
                <button type="button" onClick={() => setAsk(null)}>
                  Annuler
                </button>
              </div>
            </form>
          )}
          {(scenarios === null || scenarios.length === 0) && (
            <div class="buttons">
              <button type="button" onClick={() => setAsk(null)}>
                Fermer
              </button>
            </div>
          )}
        </Dialog>
      )}
    </section>
  );
}

/** What a bulk analysis found: the next actions it advises, counted, and the leads one by one. */
export function AnalysisResult(props: { analysis: BulkAnalysis; onClose: () => void }) {
  const { analysis } = props;
  return (
    <section class="analysis" aria-labelledby="analysis-title">
      <h2 id="analysis-title">Analyse de {leads(analysis.count)}</h2>
      <ul class="analysis-actions">
        {analysis.byAction.map((a) => (
          <li key={a.action}>
            <strong>{a.action}</strong> : {leads(a.count)}
          </li>
        ))}
      </ul>
      <details>
        <summary>
          Détail par lead
          {analysis.leads.length < analysis.count ? ` (${analysis.leads.length} premiers)` : ""}
        </summary>
        <ul class="analysis-leads">
          {analysis.leads.map((l) => (
            <li key={l.id}>
              <a href={`#/crm/lead/${l.id}`}>{l.name}</a> — {l.action} ({l.reason})
            </li>
          ))}
        </ul>
      </details>
      <button type="button" onClick={props.onClose}>
        Fermer l'analyse
      </button>
    </section>
  );
}
