// What M.A.X. suggests from the data (« 12 leads non relancés depuis 5 jours »), each with the CRM list
// it is about and « Créer une action IA »: its tool calls go through the gate (a card in Assisté,
// which the user confirms or cancels), and the cards already waiting open one after the other.
import { useState } from "preact/hooks";
import { outcomeTone, useActions } from "../../actions";
import { useLiveLoad } from "../../components/use-live-load";
import { useApp } from "../../state";
import type { ReportSuggestion } from "./types";

export function Suggestions() {
  const { notify } = useApp();
  const { run, decide } = useActions();
  const { data, error, reload } = useLiveLoad<{ suggestions: ReportSuggestion[] }>(
    "/api/reporting/suggestions",
    (e) => Boolean(e.changes.lead || e.changes.action || e.changes.message || e.changes.automation),
    { debounceMs: 1000, failed: "Les suggestions n'ont pas pu être chargées." },
  );
  const [busy, setBusy] = useState<string | null>(null);

  async function act(s: ReportSuggestion) {
    setBusy(s.id);
    for (const call of s.run ?? []) await run(call.tool, call.args);
    for (const card of s.cards ?? []) {
      const outcome = await decide(card);
      notify(outcome.message, outcomeTone(outcome));
    }
    setBusy(null);
    void reload();
  }

  const list = data?.suggestions ?? [];
  return (
    <section class="report-block" aria-labelledby="report-suggestions-title">
      <h2 id="report-suggestions-title">Suggestions de M.A.X.</h2>
      {error && <p role="alert">{error}</p>}
      {!data && !error && <p class="muted">Chargement…</p>}
      {data && list.length === 0 && <p class="muted">Rien à signaler : tout est à jour.</p>}
      {list.length > 0 && (
        <ul class="report-suggestions">
          {list.map((s) => (
            <li key={s.id} class="report-suggestion">
              <p>
                <strong>{s.text}</strong> — {s.act}
              </p>
              <div class="buttons">
                {(s.run || s.cards) && (
                  <button
                    type="button"
                    class="primary"
                    disabled={busy !== null}
                    aria-busy={busy === s.id}
                    aria-label={`${s.run ? "Créer une action IA" : "Voir les cartes"} : ${s.text}`}
                    onClick={() => void act(s)}
                  >
                    {s.run ? "Créer une action IA" : "Voir les cartes"}
                  </button>
                )}
                {s.href && (
                  <a href={s.href} aria-label={`Voir la liste : ${s.text}`}>
                    Voir la liste
                  </a>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
