// The Espace M.A.X.'s side panel: suggestions computed from the tenant's data (refreshed when leads,
// cards, messages or automations change), each one click from its prepared action; the quick buttons,
// which ask M.A.X. in the chat; and the history of past requests, each with « rejouer ».
import { useState } from "preact/hooks";
import { outcomeTone, useActions } from "../../actions";
import { useLiveLoad } from "../../components/use-live-load";
import { useApp } from "../../state";
import type { Outcome } from "../../types";
import { chat } from "./chat-store";
import type { PastRequest, Suggestion } from "./types";

interface Advice {
  id: number;
  name: string;
  action: string;
  reason: string;
}

/** The leads of an analysis of several (analyze_lead on a list), each with its next best action. */
function analysedLeads(data: unknown): Advice[] {
  const leads = (data as { leads?: unknown } | null | undefined)?.leads;
  return Array.isArray(leads) ? (leads as Advice[]).filter((l) => typeof l?.id === "number") : [];
}

/** The quick buttons and the request each sends, in words the offline brain understands too. */
export const QUICK = [
  { label: "Créer une campagne", ask: "prépare une newsletter" },
  { label: "Analyser les leads", ask: "quels leads dois-je relancer aujourd'hui ?" },
  { label: "Voir les automatisations", ask: "liste les inscriptions en cours" },
] as const;

/** The panel's blocks' message when their answer cannot be loaded. */
const LOAD_FAILED = { failed: "Chargement impossible." };

/** Sends a request to M.A.X. and brings the chat into view, where the answer comes. */
function ask(text: string) {
  void chat.send(text);
  document.getElementById("chat-title")?.closest("section")?.scrollIntoView({ block: "nearest" });
}

function Suggestions() {
  const { notify } = useApp();
  const { run, decide } = useActions();
  const { data, error, reload } = useLiveLoad<{ suggestions: Suggestion[] }>(
    "/api/suggestions",
    (e) => Boolean(e.changes.lead || e.changes.action || e.changes.message || e.changes.automation),
    LOAD_FAILED,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [results, setResults] = useState<Advice[]>([]);

  async function follow(s: Suggestion) {
    if (s.ask) {
      ask(s.ask);
      return;
    }
    setBusy(s.id);
    setResults([]);
    const outcomes: Outcome[] = [];
    for (const call of s.run ?? []) outcomes.push(await run(call.tool, call.args));
    for (const card of s.cards ?? []) {
      const outcome = await decide(card);
      notify(outcome.message, outcomeTone(outcome));
      outcomes.push(outcome);
    }
    // An analysis of several leads: the next action of each stays here to be read.
    setResults(outcomes.flatMap((o) => (o.kind === "executed" ? analysedLeads(o.data) : [])));
    setBusy(null);
    void reload();
  }

  const list = data?.suggestions ?? [];
  return (
    <section class="panel-block" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">Suggestions</h2>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p class="muted">Chargement…</p>}
      {data && list.length === 0 && <p class="muted">Rien à signaler : tout est à jour.</p>}
      {list.length > 0 && (
        <ul class="suggestions">
          {list.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                class="suggestion"
                disabled={busy !== null}
                aria-busy={busy === s.id}
                onClick={() => void follow(s)}
              >
                <span class="suggestion-text">{s.text}</span>
                <span class="visually-hidden"> — </span>
                <span class="suggestion-act">{s.act}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {results.length > 0 && (
        <div class="suggestion-results">
          <h3>Prochaines actions conseillées</h3>
          <ul>
            {results.map((r) => (
              <li key={r.id}>
                <a href={`#/crm/lead/${r.id}`}>{r.name}</a> : {r.action}{" "}
                <span class="muted">({r.reason})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function QuickButtons() {
  return (
    <section class="panel-block" aria-labelledby="quick-title">
      <h2 id="quick-title">Raccourcis</h2>
      <div class="quick">
        {QUICK.map((q) => (
          <button key={q.label} type="button" onClick={() => ask(q.ask)} title={`Demande « ${q.ask} »`}>
            {q.label}
          </button>
        ))}
      </div>
    </section>
  );
}

function History() {
  const { data, error } = useLiveLoad<{ requests: PastRequest[] }>(
    "/api/history",
    (e) => Boolean(e.changes.message),
    LOAD_FAILED,
  );
  const requests = data?.requests ?? [];
  return (
    <section class="panel-block" aria-labelledby="history-title">
      <h2 id="history-title">Historique des demandes</h2>
      {error && <p role="alert">{error}</p>}
      {data && requests.length === 0 && <p class="muted">Aucune demande pour l'instant.</p>}
      {requests.length > 0 && (
        <ol class="history">
          {requests.map((r) => (
            <li key={r.text}>
              <span class="history-text">{r.text}</span>
              <button type="button" aria-label={`rejouer : ${r.text}`} onClick={() => ask(r.text)}>
                rejouer
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function Panel() {
  return (
    <aside class="espace-panel" aria-label="Suggestions, raccourcis et historique">
      <Suggestions />
      <QuickButtons />
      <History />
    </aside>
  );
}
