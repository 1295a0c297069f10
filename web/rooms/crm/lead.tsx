// A lead's page: contact, vertical and custom fields, tags (add, remove), notes (add), status,
// consents per channel, the timeline newest first, enrollments, the score explained line by line, and
// « Analyser avec M.A.X. » with the next best action one click from a prepared card. Every change is
// an action through the gate (useActions): a card to confirm in Assisté, a suggestion in Conseil.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useActions } from "../../actions";
import { ApiError, get, post, queryString } from "../../api";
import { jetons, useApp, useLive } from "../../state";
import type { Outcome } from "../../types";
import { frenchDate, frenchDateTime, heatClass } from "./lead-format";
import type { LeadView, NextActionView } from "./lead-types";
import "./lead.css";

const RELOAD_DEBOUNCE_MS = 150;
const PROSPECT_FENCE = /<\/?\s*donnees_prospect[^>]*>/gi;

interface Analysis {
  lines: string[];
  next: NextActionView | null;
}

const costWords = (n: number) => (n === 0 ? "gratuit" : jetons(n));

function Section(props: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="lead-section" aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      {props.children}
    </section>
  );
}

function Contact({ view }: { view: LeadView }) {
  const { lead } = view;
  const rows: [string, preact.ComponentChildren][] = [
    ["E-mail", lead.email ? <a href={`mailto:${lead.email}`}>{lead.email}</a> : null],
    ["Téléphone", lead.phone ? <a href={`tel:${lead.phone}`}>{lead.phone}</a> : null],
    ["Entreprise", lead.company],
    ["Ville", lead.city],
    ["Source", lead.source],
    ["Propriétaire", lead.owner?.name ?? null],
    ["Créé le", frenchDate(lead.createdAt, view.timezone)],
    [
      "Dernière activité",
      lead.lastActivityAt ? frenchDateTime(lead.lastActivityAt, view.timezone) : "aucune",
    ],
  ];
  return (
    <dl class="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value ?? <span class="none">non renseigné</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

function Fields(props: { fields: { name: string; label: string; value: string | null }[]; empty: string }) {
  if (props.fields.length === 0) return <p class="none">{props.empty}</p>;
  return (
    <dl class="facts">
      {props.fields.map((f) => (
        <div key={f.name}>
          <dt>{f.label}</dt>
          <dd>{f.value ?? <span class="none">non renseigné</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

function consentWords(c: LeadView["consents"][number], timezone: string): string {
  if (c.state === "none" || !c.at) return `${c.label} : aucun consentement`;
  const word = c.state === "accepted" ? "accepté" : "refusé";
  return `${c.label} : ${word} le ${frenchDate(c.at, timezone)}`;
}

export function LeadPage(props: { id: number }) {
  const { id } = props;
  const { notify, setStatus: setBalance } = useApp();
  const { run, decide } = useActions();
  const [view, setView] = useState<LeadView | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [tag, setTag] = useState("");
  const [note, setNote] = useState("");
  const [status, setStatus] = useState("");
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const loads = useRef(0);

  const load = useCallback(async () => {
    const seq = ++loads.current;
    try {
      const fresh = await get<LeadView>(`/api/lead${queryString({ id })}`);
      if (seq !== loads.current) return;
      setView(fresh);
      setStatus((s) => (s && fresh.pipeline.some((p) => p.status === s) ? s : fresh.lead.status));
      setError(null);
    } catch (e) {
      if (seq !== loads.current) return;
      setError({
        status: e instanceof ApiError ? e.status : 0,
        message: e instanceof ApiError ? e.message : "Ce lead n'a pas pu être chargé.",
      });
    }
  }, [id]);

  useEffect(() => {
    setView(null);
    setAnalysis(null);
    setStatus("");
    void load();
    return () => clearTimeout(timer.current);
  }, [load]);

  useEffect(() => {
    if (view) document.title = `${view.lead.name} — CRM — M.A.X.`;
  }, [view?.lead.name]);

  useLive((event) => {
    if (event.reset || event.changes.lead?.includes(id) || event.changes.message) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void load(), RELOAD_DEBOUNCE_MS);
    }
  });

  /** An action whose outcome this page shows itself: the card if one is asked, no notice. */
  async function runQuietly(tool: string, args: Record<string, unknown>): Promise<Outcome> {
    let outcome: Outcome;
    try {
      outcome = await post<Outcome>("/api/actions", { tool, args });
    } catch (e) {
      const message = e instanceof ApiError ? e.message : "Erreur inattendue : réessayez.";
      return { kind: "failed", tool, message, cost: 0, balance: 0 };
    }
    if (outcome.kind === "pending" && outcome.card) outcome = await decide(outcome.card);
    if (outcome.balance) setBalance({ balance: outcome.balance });
    return outcome;
  }

  /** Runs an action from this page; reloads when it was executed. */
  async function act(what: string, tool: string, args: Record<string, unknown>): Promise<Outcome> {
    setBusy(what);
    try {
      const outcome = await run(tool, args);
      if (outcome.kind === "executed") await load();
      return outcome;
    } finally {
      setBusy(null);
    }
  }

  async function addTag(e: Event) {
    e.preventDefault();
    const value = tag.trim();
    if (!value) return;
    if (view?.lead.tags.includes(value)) {
      notify(`Le tag ${value} est déjà sur ce lead.`, "info");
      return;
    }
    const outcome = await act("tag", "apply_tags", { leadId: id, add: [value] });
    if (outcome.kind === "executed") setTag("");
  }

  async function addNote(e: Event) {
    e.preventDefault();
    const text = note.trim();
    if (!text) return;
    const outcome = await act("note", "add_note", { leadId: id, text });
    if (outcome.kind === "executed") setNote("");
  }

  async function changeStatus(e: Event) {
    e.preventDefault();
    if (!view || status === view.lead.status) return;
    const outcome = await act("status", "update_status", { leadId: id, status });
    if (outcome.kind !== "executed") setStatus(view.lead.status);
  }

  async function analyse() {
    setBusy("analyse");
    try {
      // The analysis shows here: no notice repeating it, only one saying why it did not run.
      const outcome = await runQuietly("analyze_lead", { leadId: id });
      if (outcome.kind !== "executed") {
        notify(outcome.message, outcome.kind === "cancelled" ? "info" : "error");
        return;
      }
      const lines = outcome.message
        .replace(PROSPECT_FENCE, "")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
      let next: NextActionView | null = null;
      try {
        next = await get<NextActionView>(`/api/lead/next-action${queryString({ id })}`);
      } catch {
        next = null;
      }
      setAnalysis({ lines, next });
    } finally {
      setBusy(null);
    }
  }

  if (error) {
    return (
      <div class="lead-page">
        <p role="alert">{error.status === 404 ? error.message : `Erreur : ${error.message}`}</p>
        <p>
          <a href="#/crm">Retour à la liste des leads</a>
        </p>
      </div>
    );
  }
  if (!view) {
    return (
      <p role="status" class="loading">
        Chargement du lead…
      </p>
    );
  }

  const { lead } = view;
  const notes = view.timeline.filter((t) => t.kind === "note");
  const analysisLines = analysis?.lines.filter((l) => !l.startsWith("Prochaine action")) ?? [];
  return (
    <article class="lead-page" aria-labelledby="lead-name">
      <p class="lead-back">
        <a href="#/crm">← Leads</a> · <a href="#/crm/pipeline">← Pipeline</a>
      </p>
      <header class="lead-head">
        <h2 id="lead-name">{lead.name}</h2>
        <p class="lead-sub">
          {lead.company && <span>{lead.company}</span>}
          <span class="badge">{lead.statusLabel}</span>
          <span class={heatClass(lead.heat)}>{lead.heatLabel ?? "chaleur inconnue"}</span>
          {view.score && (
            <span class="lead-score-chip">
              Score {view.score.score}
              <span class="visually-hidden"> sur 100</span>
            </span>
          )}
        </p>
      </header>

      <div class="lead-grid">
        <div class="lead-main">
          <Section id="lead-contact" title="Coordonnées">
            <Contact view={view} />
          </Section>

          <Section id="lead-fields" title="Champs du métier">
            <Fields fields={view.fields} empty="Aucun champ métier pour ce compte." />
          </Section>

          {view.customFields.length > 0 && (
            <Section id="lead-custom" title="Champs personnalisés">
              <Fields fields={view.customFields} empty="" />
            </Section>
          )}

          <Section id="lead-timeline" title="Historique">
            {view.timeline.length === 0 ? (
              <p class="none">Rien pour l'instant.</p>
            ) : (
              <ol class="timeline">
                {view.timeline.map((entry) => (
                  <li key={entry.key} class={`entry entry-${entry.kind}`}>
                    <time dateTime={entry.at}>{frenchDateTime(entry.at, view.timezone)}</time>
                    <p class="entry-title">
                      {entry.title}
                      {entry.state && (
                        <span class={`state state-${entry.tone ?? "none"}`}>{entry.state}</span>
                      )}
                    </p>
                    {entry.body && <p class="entry-body">{entry.body}</p>}
                  </li>
                ))}
              </ol>
            )}
            {view.timelineHasMore && (
              <p class="hint">Seules les {view.timeline.length} entrées les plus récentes sont affichées.</p>
            )}
          </Section>
        </div>
        <div class="lead-side">
          <Section id="lead-max" title="M.A.X.">
            <p class="hint">
              Analyse de la fiche et des dernières activités, avec la prochaine action conseillée (
              {costWords(view.costs.analysis)}).
            </p>
            <button type="button" class="primary" disabled={busy === "analyse"} onClick={analyse}>
              Analyser avec M.A.X.
            </button>
            {busy === "analyse" && (
              <p role="status" class="hint">
                Analyse en cours…
              </p>
            )}
            {analysis && (
              <section class="analysis" aria-label="Analyse de M.A.X.">
                <h4>Analyse</h4>
                <ul>
                  {analysisLines.map((line, i) => (
                    <li key={i}>{line.replace(/^- /, "")}</li>
                  ))}
                </ul>
                {analysis.next && (
                  <div class="next-action">
                    <h4>Prochaine action conseillée</h4>
                    <p>
                      <strong>{analysis.next.action}</strong> — {analysis.next.reason}
                    </p>
                    {analysis.next.blocked && (
                      <p class="hint">Pas de message possible pour l'instant : {analysis.next.blocked}</p>
                    )}
                    {analysis.next.call ? (
                      <>
                        <p>
                          {analysis.next.call.label} · Coût : {costWords(analysis.next.call.cost)}
                        </p>
                        <button
                          type="button"
                          disabled={busy === "next"}
                          onClick={() => {
                            const call = analysis.next?.call;
                            if (call) void act("next", call.tool, call.args);
                          }}
                        >
                          Préparer cette action
                        </button>
                      </>
                    ) : (
                      <p class="hint">Rien à préparer pour l'instant.</p>
                    )}
                  </div>
                )}
              </section>
            )}
          </Section>

          <Section id="lead-status" title="Statut">
            <form class="inline-form" onSubmit={changeStatus}>
              <label for="lead-status-select">Statut du lead</label>
              <select
                id="lead-status-select"
                value={status}
                onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value)}
              >
                {view.pipeline.map((p) => (
                  <option key={p.status} value={p.status}>
                    {p.label}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={busy === "status" || status === lead.status}>
                Changer
              </button>
            </form>
          </Section>

          <Section id="lead-tags" title="Tags">
            {lead.tags.length === 0 ? (
              <p class="none">Aucun tag.</p>
            ) : (
              <ul class="tags">
                {lead.tags.map((t) => (
                  <li key={t} class="tag">
                    <span>{t}</span>
                    <button
                      type="button"
                      class="tag-remove"
                      disabled={busy === "tag"}
                      aria-label={`Retirer le tag ${t}`}
                      title={`Retirer le tag ${t}`}
                      onClick={() => void act("tag", "apply_tags", { leadId: id, remove: [t] })}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <form class="inline-form" onSubmit={addTag}>
              <label for="lead-tag-input">Nouveau tag</label>
              <input
                id="lead-tag-input"
                value={tag}
                maxLength={40}
                autocomplete="off"
                onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)}
              />
              <button type="submit" disabled={busy === "tag" || !tag.trim()}>
                Ajouter le tag
              </button>
            </form>
          </Section>

          <Section id="lead-notes" title="Notes">
            {lead.notes && <p class="lead-notes">{lead.notes}</p>}
            {notes.length > 0 && (
              <ul class="notes">
                {notes.slice(0, 5).map((n) => (
                  <li key={n.key}>
                    <time dateTime={n.at}>{frenchDateTime(n.at, view.timezone)}</time>
                    <p>{n.body}</p>
                  </li>
                ))}
              </ul>
            )}
            <form class="note-form" onSubmit={addNote}>
              <label for="lead-note-input">Nouvelle note</label>
              <textarea
                id="lead-note-input"
                rows={3}
                maxLength={5000}
                value={note}
                onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
              />
              <button type="submit" disabled={busy === "note" || !note.trim()}>
                Ajouter la note
              </button>
            </form>
          </Section>

          <Section id="lead-score" title="Score">
            {view.score ? (
              <>
                <p class="score-number">
                  {view.score.score}
                  <span class="score-max"> / 100</span>
                </p>
                <ul class="score-lines">
                  {view.score.lines.map((line, i) => (
                    <li key={i} class={line.points < 0 ? "minus" : line.points > 0 ? "plus" : ""}>
                      {line.label}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p class="none">Pas encore de score.</p>
            )}
          </Section>

          <Section id="lead-consents" title="Consentements">
            <ul class="consents">
              {view.consents.map((c) => (
                <li key={c.channel} class={`consent consent-${c.state}`}>
                  {consentWords(c, view.timezone)}
                </li>
              ))}
            </ul>
          </Section>

          <Section id="lead-enrollments" title="Scénarios">
            {view.enrollments.length === 0 ? (
              <p class="none">Inscrit à aucun scénario.</p>
            ) : (
              <ul class="enrollments">
                {view.enrollments.map((e) => (
                  <li key={e.id}>
                    <strong>{e.label}</strong> — {e.statusLabel}
                    {e.reason && <> ({e.reason})</>}
                    {e.nextRunAt && <> · prochaine étape le {frenchDateTime(e.nextRunAt, view.timezone)}</>}
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      </div>
    </article>
  );
}
