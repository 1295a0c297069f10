// « Créer une nouvelle automatisation »: a scenario of the tenant's trade, the leads by filter (status,
// tag, heat, days without news) or the ones selected in a scenario's list, then the plan as the server
// computes it for a start now — each step's date in the tenant's timezone, who can be enrolled and
// why the others cannot, what it costs now and as the messages go out — and the enrollment goes
// through the gate like any action (a card in Assisté, a suggestion in Conseil).
import { useEffect, useMemo, useState } from "preact/hooks";
import { useActions } from "../../actions";
import { ApiError, get, queryString } from "../../api";
import { useLiveLoad } from "../../components/use-live-load";
import { go } from "../../route";
import { formatNumber, jetons, useApp } from "../../state";
import type { Option } from "../../types";
import type { BulkOptions, ScenarioChoice } from "../crm/list-types";
import { PlanView } from "./plan-view";
import { selectedLeadIds } from "./selection";
import { affectsAutomations, type Plan } from "./types";
import { leadsWord } from "./words";

const TYPING_DEBOUNCE_MS = 300;

interface Chosen {
  scenario: string;
  target: "filter" | "selection";
  status: string;
  tag: string;
  heat: string;
  inactiveDays: string;
}

function planPath(c: Chosen, selected: number[]): string | null {
  if (!c.scenario) return null;
  const days = c.inactiveDays.trim();
  const params =
    c.target === "selection"
      ? { scenario: c.scenario, ids: selected }
      : {
          scenario: c.scenario,
          status: c.status,
          tag: c.tag.trim(),
          heat: c.heat,
          inactiveDays: /^\d+$/.test(days) ? days : undefined,
        };
  return `/api/automations/plan${queryString(params)}`;
}

/** The plan of one choice, computed again when the leads or the enrollments change. */
interface Planned {
  path: string;
  plan: Plan;
}

function PlanLoader(props: { path: string; onPlan: (planned: Planned | null) => void }) {
  const { data, error } = useLiveLoad<Plan>(props.path, affectsAutomations);
  const { path, onPlan } = props;
  useEffect(() => onPlan(data && { path, plan: data }), [data, path, onPlan]);
  const eligible = data?.leads.eligible.length ?? 0;
  return (
    <>
      {error && <p role="alert">{error}</p>}
      <p class="auto-plan-summary" role="status">
        {data
          ? `${leadsWord(eligible)} à inscrire ; total prévu : ${jetons(data.cost.total)}.`
          : error
            ? ""
            : "Calcul du plan…"}
      </p>
      {data && <PlanView plan={data} />}
    </>
  );
}

/** A filter chosen in a list, « Tous » (no filter) first. */
function Choice(props: {
  id: string;
  label: string;
  any: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
}) {
  return (
    <div class="filter">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {[{ value: "", label: props.any }, ...props.options].map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CreateAutomation(props: { scenario?: string }) {
  const { me } = useApp();
  const { run } = useActions();
  const selected = useMemo(selectedLeadIds, []);
  const [scenarios, setScenarios] = useState<ScenarioChoice[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [choice, setChoice] = useState<Chosen>({
    scenario: props.scenario ?? "",
    target: selected.length > 0 ? "selection" : "filter",
    status: "",
    tag: "",
    heat: "",
    inactiveDays: "",
  });
  const [path, setPath] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    get<BulkOptions>("/api/leads/bulk").then(
      (o) => {
        setScenarios(o.scenarios);
        setChoice((c) => (c.scenario ? c : { ...c, scenario: o.scenarios[0]?.id ?? "" }));
      },
      (e: unknown) => setProblem(e instanceof ApiError ? e.message : "Scénarios indisponibles : réessayez."),
    );
  }, []);

  const wanted = planPath(choice, selected);
  useEffect(() => {
    const timer = setTimeout(() => setPath(wanted), TYPING_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [wanted]);
  // The plan with the address it answers, so that an answer to an older choice is never shown as this one's.
  const [plan, setPlan] = useState<Planned | null>(null);
  const current = plan?.path === wanted ? plan.plan : null;
  const eligible = current?.leads.eligible ?? [];

  const set = (patch: Partial<Chosen>) => setChoice((c) => ({ ...c, ...patch }));

  async function submit(e: Event) {
    e.preventDefault();
    if (!current || eligible.length === 0) return;
    const ids = eligible.map((l) => l.id);
    setSending(true);
    try {
      const outcome = await run("enroll_in_scenario", {
        scenario: current.scenario.id,
        leadId: ids.length === 1 ? ids[0] : ids,
      });
      // The form closes; the overview below it shows the new enrollments as the live stream brings them.
      if (outcome.kind === "executed") go("#/automatisation");
    } finally {
      setSending(false);
    }
  }

  const chosen = scenarios?.find((s) => s.id === choice.scenario);
  return (
    <section class="auto-create" aria-labelledby="create-title">
      <h2 id="create-title">Créer une nouvelle automatisation</h2>
      {problem && <p role="alert">{problem}</p>}
      <form onSubmit={submit}>
        <fieldset>
          <legend>Scénario</legend>
          {scenarios === null && !problem && <p role="status">Chargement des scénarios…</p>}
          {scenarios?.length === 0 && <p>Aucun scénario de relance pour votre métier.</p>}
          {scenarios?.map((s) => (
            <label key={s.id} class="check">
              <input
                type="radio"
                name="scenario"
                value={s.id}
                checked={choice.scenario === s.id}
                onChange={() => set({ scenario: s.id })}
              />
              <span>
                <strong>{s.label}</strong>
                <span class="hint">
                  {" "}
                  — {s.trigger}
                  {s.requiresStatus.length > 0 && `, pour les leads en ${s.requiresStatus.join(" ou ")}`}
                </span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset>
          <legend>Leads</legend>
          <label class="check">
            <input
              type="radio"
              name="target"
              checked={choice.target === "filter"}
              onChange={() => set({ target: "filter" })}
            />
            Par filtre
          </label>
          <label class="check">
            <input
              type="radio"
              name="target"
              disabled={selected.length === 0}
              checked={choice.target === "selection"}
              onChange={() => set({ target: "selection" })}
            />
            Les leads sélectionnés ({formatNumber(selected.length)})
          </label>
          {choice.target === "filter" && (
            <div class="filter-grid">
              <Choice
                id="auto-status"
                label="Statut"
                any="Tous"
                value={choice.status}
                options={me.pipeline.map((p) => ({ value: p.status, label: p.label }))}
                onChange={(status) => set({ status })}
              />
              <div class="filter">
                <label for="auto-tag">Tag</label>
                <input
                  id="auto-tag"
                  value={choice.tag}
                  maxLength={60}
                  autoComplete="off"
                  onInput={(e) => set({ tag: e.currentTarget.value })}
                />
              </div>
              <Choice
                id="auto-heat"
                label="Chaleur"
                any="Toutes"
                value={choice.heat}
                options={me.heats}
                onChange={(heat) => set({ heat })}
              />
              <div class="filter">
                <label for="auto-days">Inactifs depuis (jours)</label>
                <input
                  id="auto-days"
                  type="number"
                  min={0}
                  max={3650}
                  inputMode="numeric"
                  value={choice.inactiveDays}
                  onInput={(e) => set({ inactiveDays: e.currentTarget.value })}
                />
              </div>
            </div>
          )}
        </fieldset>

        <section class="auto-plan-box" aria-labelledby="plan-title">
          <h2 id="plan-title">Le plan{chosen ? ` de « ${chosen.label} »` : ""}</h2>
          {path === null ? (
            <p class="auto-plan-summary" role="status">
              Calcul du plan…
            </p>
          ) : (
            // Keyed by the address: another choice starts from « Calcul du plan… », never an old plan.
            <PlanLoader key={path} path={path} onPlan={setPlan} />
          )}
        </section>

        <div class="buttons">
          <button type="submit" class="primary" disabled={sending || !current || eligible.length === 0}>
            Inscrire {leadsWord(eligible.length)}
          </button>
          <a class="button" href="#/automatisation">
            Annuler
          </a>
        </div>
      </form>
    </section>
  );
}
