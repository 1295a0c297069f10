// The tenant's automations: one panel per scenario — its enrollments in each state, the next step and
// its date, what it cost so far and what is left to pay, its results (messages sent, replies, stops
// and why) — then the n8n runs. Every count opens the leads it counts; the figures follow the live
// stream.
import { useState } from "preact/hooks";
import { useLiveLoad } from "../../components/use-live-load";
import { formatNumber, jetons, useApp } from "../../state";
import type { Mode } from "../../types";
import { downloadWorkflow } from "./download";
import { ScrollRegion } from "./scroll-region";
import {
  type AutomationResult,
  affectsAutomations,
  type N8nRun,
  NEW_PATH,
  type Overview,
  type ScenarioGroup,
  scenarioHref,
} from "./types";

const MODE_NOTES: Record<Mode, (price: number) => string> = {
  conseil: () => "Mode Conseil : les étapes sont suggérées, rien n'est envoyé ni débité.",
  assiste: (price) =>
    `Mode Assisté : M.A.X. prépare chaque relance et vous la validez ; ${jetons(price)} par message validé.`,
  auto: (price) => `Mode Auto : les relances partent à leur date, ${jetons(price)} par message.`,
};

const RESULTS: { result: AutomationResult; words: (n: number) => string; always?: true }[] = [
  { result: "sent", words: (n) => `message${n > 1 ? "s" : ""} envoyé${n > 1 ? "s" : ""}`, always: true },
  { result: "queued", words: () => "en file d'envoi" },
  { result: "replied", words: (n) => `réponse${n > 1 ? "s" : ""}`, always: true },
  { result: "awaiting", words: (n) => `relance${n > 1 ? "s" : ""} à valider` },
  { result: "failed", words: (n) => `étape${n > 1 ? "s" : ""} en échec` },
  { result: "skipped", words: (n) => `étape${n > 1 ? "s" : ""} sans canal joignable` },
  { result: "suggested", words: (n) => `étape${n > 1 ? "s" : ""} suggérée${n > 1 ? "s" : ""}` },
];

function Group(props: { group: ScenarioGroup }) {
  const { notify } = useApp();
  const [downloading, setDownloading] = useState(false);
  const g = props.group;
  const titleId = `group-${g.id}`;
  async function download() {
    setDownloading(true);
    const problem = await downloadWorkflow(g.id);
    setDownloading(false);
    if (problem) notify(problem, "error");
  }
  return (
    <article class="auto-group" aria-labelledby={titleId}>
      <h2 id={titleId}>{g.label}</h2>
      {g.trigger && (
        <p class="hint">
          Déclencheur : {g.trigger} · {g.steps} étape{g.steps > 1 ? "s" : ""}
          {g.channels.length > 0 && ` · ${g.channels.join(" puis ")}`}
        </p>
      )}
      <ul class="auto-states" aria-label={`États des ${formatNumber(g.total)} inscriptions`}>
        {g.states.map((s) => (
          <li key={s.state}>
            <a
              class={`auto-state auto-state-${s.state}`}
              href={scenarioHref(g.id, { kind: "state", value: s.state })}
            >
              <strong>{formatNumber(s.count)}</strong> {s.label}
            </a>
          </li>
        ))}
      </ul>
      <dl class="auto-facts">
        <dt>Prochaine étape</dt>
        <dd>
          {g.next ? (
            <>
              <time dateTime={g.next.at}>{g.next.atLabel}</time> — {g.next.stepLabel}, pour{" "}
              <a href={`#/crm/lead/${g.next.lead.id}`}>{g.next.lead.name}</a>
            </>
          ) : (
            "aucune à venir"
          )}
        </dd>
        <dt>Coût à ce jour</dt>
        <dd>
          {jetons(g.cost.spent)}
          {g.cost.refunded > 0 &&
            ` (${jetons(g.cost.refunded)} remboursés sur ${formatNumber(g.cost.debited)})`}
        </dd>
        <dt>Coût à venir</dt>
        <dd>{jetons(g.cost.expected)}</dd>
      </dl>
      <h3>Résultats</h3>
      <ul class="auto-results">
        {RESULTS.filter((r) => r.always || g.results[r.result] > 0).map((r) => (
          <li key={r.result}>
            <a href={scenarioHref(g.id, { kind: "result", value: r.result })}>
              <strong>{formatNumber(g.results[r.result])}</strong> {r.words(g.results[r.result])}
            </a>
          </li>
        ))}
        {g.results.stops.map((s) => (
          <li key={s.reason}>
            <a href={scenarioHref(g.id, { kind: "reason", value: s.reason })}>
              <strong>{formatNumber(s.count)}</strong> arrêté{s.count > 1 ? "s" : ""} :{" "}
              {s.reason || "sans raison"}
            </a>
          </li>
        ))}
      </ul>
      <div class="buttons">
        <a class="button" href={scenarioHref(g.id)}>
          Voir les {formatNumber(g.total)} leads
          <span class="visually-hidden"> de « {g.label} »</span>
        </a>
        {g.workflow && (
          <button type="button" onClick={download} disabled={downloading}>
            Télécharger le workflow n8n<span class="visually-hidden"> de « {g.label} »</span>
          </button>
        )}
      </div>
    </article>
  );
}

function Runs(props: { runs: N8nRun[] }) {
  return (
    <section class="auto-runs" aria-labelledby="runs-title">
      <h2 id="runs-title">Exécutions n8n</h2>
      {props.runs.length === 0 ? (
        <p class="none">Aucun scénario n8n déclenché pour l'instant.</p>
      ) : (
        <ScrollRegion label="Tableau des exécutions n8n">
          <table>
            <caption class="visually-hidden">Les dernières exécutions n8n, de la plus récente</caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Scénario n8n</th>
                <th scope="col">État</th>
                <th scope="col">Lancé</th>
                <th scope="col">Leads</th>
                <th scope="col">Coût</th>
                <th scope="col">Erreur</th>
              </tr>
            </thead>
            <tbody>
              {props.runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{r.scenario}</td>
                  <td>
                    <span class={`auto-state auto-state-${r.state}`}>{r.stateLabel}</span>
                  </td>
                  <td>
                    <time dateTime={r.at}>{r.atLabel}</time>
                  </td>
                  <td>
                    {r.leads.map((l, i) => (
                      <span key={l.id}>
                        {i > 0 && ", "}
                        <a href={`#/crm/lead/${l.id}`}>{l.name}</a>
                      </span>
                    ))}
                    {r.leadCount > r.leads.length &&
                      ` et ${formatNumber(r.leadCount - r.leads.length)} autres`}
                  </td>
                  <td>
                    {jetons(r.cost)}
                    {r.refunded > 0 && ` (${jetons(r.refunded)} remboursés)`}
                  </td>
                  <td>{r.error ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export function AutomationOverview() {
  const { data, error } = useLiveLoad<Overview>("/api/automations", affectsAutomations);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p role="status">Chargement des automatisations…</p>;
  return (
    <div class="auto-overview">
      <p class="auto-mode">{MODE_NOTES[data.mode](data.messagePrice)}</p>
      {data.scenarios.length === 0 ? (
        <p class="none">
          Aucune automatisation pour l'instant.{" "}
          <a href={`#/automatisation/${NEW_PATH}`}>Inscrire des leads dans un scénario</a>.
        </p>
      ) : (
        <div class="auto-groups">
          {data.scenarios.map((g) => (
            <Group key={g.id} group={g} />
          ))}
        </div>
      )}
      <Runs runs={data.runs} />
    </div>
  );
}
