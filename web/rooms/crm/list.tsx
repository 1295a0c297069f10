// The list of leads: search (« Rechercher », the store's full-text search), filters, sortable columns,
// pages of 50 with the exact total, saved views (built in and the user's), CSV export of the whole
// filtered list, and bulk actions on a selection or on every lead of the filter. The list follows the
// live stream: a lead changed anywhere (here, the chat, the CLI) reloads it.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, authHeaders, get, post, queryString } from "../../api";
import { Dialog } from "../../components/dialog";
import { useRoute } from "../../route";
import { formatNumber, useApp, useLive } from "../../state";
import type { Outcome } from "../../types";
import { sinceContact } from "./lead-format";
import { AnalysisResult, BulkBar } from "./list-bulk";
import {
  addressOf,
  campaignWords,
  type Filters,
  filtered,
  filterParams,
  filtersFromQuery,
  firstOrder,
  fromViewQuery,
  listParams,
  NO_FILTERS,
  PAGE_SIZE,
  remembered,
  toViewQuery,
} from "./list-query";
import type { BulkAnalysis, LeadIds, LeadRow, LeadList as Page, SavedView, Sort } from "./list-types";
import "./list.css";

const TYPING_DEBOUNCE_MS = 300;
const RELOAD_DEBOUNCE_MS = 150;
const DAY_MS = 86_400_000;

const COLUMNS: { sort: Sort; label: string }[] = [
  { sort: "name", label: "Nom" },
  { sort: "company", label: "Entreprise" },
  { sort: "status", label: "Statut" },
  { sort: "tags", label: "Tags" },
  { sort: "heat", label: "Chaleur" },
  { sort: "score", label: "Score" },
  { sort: "last_activity", label: "Dernière activité" },
];

const leads = (n: number) => `${formatNumber(n)} lead${n > 1 ? "s" : ""}`;

/** « 1–50 sur 1 234 », « 51–100 sur plus de 10 000 », « 0 sur 0 ». */
function range(page: Page): string {
  const total = page.totalExact ? formatNumber(page.total) : `plus de ${formatNumber(page.total)}`;
  if (page.leads.length === 0) return `0 sur ${total}`;
  return `${formatNumber(page.offset + 1)}–${formatNumber(page.offset + page.leads.length)} sur ${total}`;
}

const daysSince = (iso: string | null) =>
  iso === null ? null : Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / DAY_MS));

/** The sort in effect: the one chosen, else relevance for a search and the last activity without. */
const effectiveSort = (f: Filters): { sort: Sort; order: "asc" | "desc" } =>
  f.sort
    ? { sort: f.sort, order: f.order ?? firstOrder(f.sort) }
    : { sort: f.text.trim() ? "relevance" : "last_activity", order: "desc" };

function FilterControls(props: {
  filters: Filters;
  draft: { tags: string; inactiveDays: string };
  onDraft: (draft: { tags: string; inactiveDays: string }) => void;
  onChange: (filters: Filters) => void;
}) {
  const { me } = useApp();
  const { filters, draft } = props;
  const fields = me.fields.filter((f) => f.options.length > 0);
  const active =
    filters.status.length +
    (draft.tags.trim() ? 1 : 0) +
    (filters.heat ? 1 : 0) +
    (draft.inactiveDays.trim() ? 1 : 0) +
    (filters.ownerId ? 1 : 0) +
    Object.values(filters.fields).filter(Boolean).length;
  const toggleStatus = (status: string, on: boolean) =>
    props.onChange({
      ...filters,
      status: on ? [...filters.status, status] : filters.status.filter((s) => s !== status),
    });
  return (
    <details class="list-filters" open={active > 0 || undefined}>
      <summary>Filtres{active > 0 ? ` (${active} actif${active > 1 ? "s" : ""})` : ""}</summary>
      <div class="filter-grid">
        <fieldset class="filter-status">
          <legend>Statut</legend>
          {me.pipeline.map((p) => (
            <label key={p.status} class="check">
              <input
                type="checkbox"
                checked={filters.status.includes(p.status)}
                onChange={(e) => toggleStatus(p.status, e.currentTarget.checked)}
              />
              {p.label}
            </label>
          ))}
        </fieldset>
        <div class="filter">
          <label for="filter-tag">Tag</label>
          <input
            id="filter-tag"
            value={draft.tags}
            autoComplete="off"
            aria-describedby="filter-tag-help"
            onInput={(e) => props.onDraft({ ...draft, tags: e.currentTarget.value })}
          />
          <span id="filter-tag-help" class="hint">
            Plusieurs : séparés par des virgules
          </span>
        </div>
        <div class="filter">
          <label for="filter-heat">Chaleur</label>
          <select
            id="filter-heat"
            value={filters.heat}
            onChange={(e) => props.onChange({ ...filters, heat: e.currentTarget.value })}
          >
            <option value="">Toutes</option>
            {me.heats.map((h) => (
              <option key={h.value} value={h.value}>
                {h.label}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="filter-inactive">Inactifs depuis (jours)</label>
          <input
            id="filter-inactive"
            type="number"
            min={0}
            max={3650}
            inputMode="numeric"
            value={draft.inactiveDays}
            onInput={(e) => props.onDraft({ ...draft, inactiveDays: e.currentTarget.value })}
          />
        </div>
        <div class="filter">
          <label for="filter-owner">Propriétaire</label>
          <select
            id="filter-owner"
            value={filters.ownerId}
            onChange={(e) => props.onChange({ ...filters, ownerId: e.currentTarget.value })}
          >
            <option value="">Tous</option>
            {me.owners.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        {fields.map((f) => (
          <div class="filter" key={f.name}>
            <label for={`filter-field-${f.name}`}>{f.label}</label>
            <select
              id={`filter-field-${f.name}`}
              value={filters.fields[f.name] ?? ""}
              onChange={(e) =>
                props.onChange({ ...filters, fields: { ...filters.fields, [f.name]: e.currentTarget.value } })
              }
            >
              <option value="">Tous</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </details>
  );
}

function Views(props: {
  views: SavedView[];
  active: string | number | null;
  onPick: (view: SavedView) => void;
  onSave: () => void;
  onDelete: (view: SavedView) => void;
}) {
  return (
    <section class="views" aria-label="Vues enregistrées">
      {props.views.map((v) => (
        <span key={v.id} class={`view-chip${props.active === v.id ? " active" : ""}`}>
          <button type="button" aria-pressed={props.active === v.id} onClick={() => props.onPick(v)}>
            {v.name}
          </button>
          {!v.builtIn && (
            <button
              type="button"
              class="view-delete"
              aria-label={`Supprimer la vue « ${v.name} »`}
              title={`Supprimer la vue « ${v.name} »`}
              onClick={() => props.onDelete(v)}
            >
              ×
            </button>
          )}
        </span>
      ))}
      <button type="button" class="view-save" onClick={props.onSave}>
        Enregistrer la vue
      </button>
    </section>
  );
}

function LeadTable(props: {
  page: Page;
  filters: Filters;
  selected: ReadonlySet<number>;
  busy: boolean;
  onSort: (sort: Sort) => void;
  onSelect: (ids: number[], on: boolean) => void;
}) {
  const { page, selected } = props;
  const current = effectiveSort(props.filters);
  const pageIds = page.leads.map((l) => l.id);
  const all = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const some = !all && pageIds.some((id) => selected.has(id));
  return (
    <section
      class="table-wrap"
      aria-label="Liste des leads"
      aria-busy={props.busy || undefined}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached by keyboard too.
      tabIndex={0}
    >
      <table class="leads">
        <thead>
          <tr>
            <th scope="col" class="col-check">
              <input
                type="checkbox"
                aria-label="Tout sélectionner"
                title="Tout sélectionner"
                checked={all}
                ref={(el) => {
                  if (el) el.indeterminate = some;
                }}
                onChange={(e) => props.onSelect(pageIds, e.currentTarget.checked)}
              />
            </th>
            {COLUMNS.map((c) => {
              const on = current.sort === c.sort;
              const sort = on ? (current.order === "asc" ? "ascending" : "descending") : undefined;
              return (
                <th key={c.sort} scope="col" aria-sort={sort} class={`col-${c.sort}`}>
                  <button type="button" class="sort" onClick={() => props.onSort(c.sort)}>
                    {c.label}
                    <span class="sort-mark" aria-hidden="true">
                      {on ? (current.order === "asc" ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
            <th scope="col" class="col-owner">
              Suivi par
            </th>
          </tr>
        </thead>
        <tbody>
          {page.leads.map((lead) => (
            <Row
              key={lead.id}
              lead={lead}
              checked={selected.has(lead.id)}
              onCheck={(on) => props.onSelect([lead.id], on)}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Row(props: { lead: LeadRow; checked: boolean; onCheck: (on: boolean) => void }) {
  const { lead } = props;
  const days = daysSince(lead.lastActivityAt);
  return (
    <tr class={props.checked ? "selected" : undefined}>
      <td class="col-check">
        <input
          type="checkbox"
          aria-label={`Sélectionner ${lead.name}`}
          checked={props.checked}
          onChange={(e) => props.onCheck(e.currentTarget.checked)}
        />
      </td>
      <th scope="row" class="col-name">
        <a href={`#/crm/lead/${lead.id}`}>{lead.name}</a>
      </th>
      <td>{lead.company ?? <span class="none">—</span>}</td>
      <td>
        <span class="status">{lead.statusLabel}</span>
      </td>
      <td>
        {lead.tags.length ? (
          <ul class="tags">
            {lead.tags.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        ) : (
          <span class="none">—</span>
        )}
      </td>
      <td>
        {lead.heatLabel ? (
          <span class={`heat-word hw-${lead.heat}`}>{lead.heatLabel}</span>
        ) : (
          <span class="none">—</span>
        )}
      </td>
      <td class="num">{lead.score ?? <span class="none">—</span>}</td>
      <td>
        {lead.lastActivityAt ? (
          <time dateTime={lead.lastActivityAt} title={new Date(lead.lastActivityAt).toLocaleString("fr-FR")}>
            {sinceContact(days)}
          </time>
        ) : (
          <span class="none">aucune</span>
        )}
      </td>
      <td>{lead.ownerName ?? <span class="none">—</span>}</td>
    </tr>
  );
}

async function downloadCsv(filters: Filters): Promise<string | null> {
  const res = await fetch(`/api/leads.csv${queryString(filterParams(filters))}`, { headers: authHeaders() });
  if (!res.ok) {
    const data = (await res.json().catch(() => ({}))) as { message?: string };
    return data.message ?? `Export impossible (erreur ${res.status}).`;
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "leads.csv";
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

export function LeadList() {
  const { notify } = useApp();
  // An address with filters (a Reporting figure, a shared link) opens the list filtered so.
  const { query } = useRoute();
  const [filters, setFilters] = useState<Filters>(() => filtersFromQuery(query) ?? remembered.filters);
  const [offset, setOffset] = useState(() => (filtersFromQuery(query) ? 0 : remembered.offset));
  const [activeView, setActiveView] = useState(() => (filtersFromQuery(query) ? null : remembered.view));
  const shownQuery = useRef(query);
  // What is being typed (search, tags, days), applied once the typing pauses.
  const [text, setText] = useState(filters.text);
  const [draft, setDraft] = useState({ tags: filters.tags, inactiveDays: filters.inactiveDays });
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [wholeFilter, setWholeFilter] = useState(false);
  const [views, setViews] = useState<SavedView[]>([]);
  const [saving, setSaving] = useState(false);
  const [viewName, setViewName] = useState("");
  const [viewError, setViewError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [analysis, setAnalysis] = useState<BulkAnalysis | null>(null);
  const loads = useRef(0);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = useRef({ filters, offset });
  shown.current = { filters, offset };

  const load = useCallback(async () => {
    const seq = ++loads.current;
    const { filters: f, offset: o } = shown.current;
    setLoading(true);
    try {
      const next = await get<Page>(`/api/leads${queryString(listParams(f, o))}`);
      if (seq !== loads.current) return;
      // A page emptied by a change (the last leads of the last page moved away): the one before.
      if (next.leads.length === 0 && o > 0 && next.total > 0) {
        setOffset(Math.max(0, Math.floor((next.total - 1) / PAGE_SIZE) * PAGE_SIZE));
        return;
      }
      setPage(next);
      setError(null);
    } catch (e) {
      if (seq !== loads.current) return;
      setError(e instanceof ApiError ? e.message : "La liste n'a pas pu être chargée : réessayez.");
    } finally {
      if (seq === loads.current) setLoading(false);
    }
  }, []);

  const loadViews = useCallback(async () => {
    try {
      setViews((await get<{ views: SavedView[] }>("/api/views")).views);
    } catch (e) {
      notify(e instanceof ApiError ? e.message : "Vues indisponibles.", "error");
    }
  }, [notify]);

  useEffect(() => {
    remembered.filters = filters;
    remembered.offset = offset;
    remembered.view = activeView;
    // The address names the list shown, so it can be shared (replacing it reloads nothing).
    if (location.hash !== addressOf(filters)) history.replaceState(history.state, "", addressOf(filters));
    load();
  }, [filters, offset, activeView, load]);

  useEffect(() => {
    loadViews();
  }, [loadViews]);

  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  useLive((event) => {
    if (!event.changes.lead && !event.reset) return;
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(load, RELOAD_DEBOUNCE_MS);
  });

  /** New filters: back to the first page, the selection and the chosen view forgotten. */
  const applyFilters = useCallback((next: Filters, view: string | number | null = null) => {
    setFilters(next);
    setOffset(0);
    setActiveView(view);
    setSelected(new Set());
    setWholeFilter(false);
  }, []);

  // The typed values, once the typing pauses.
  useEffect(() => {
    const same =
      text === filters.text && draft.tags === filters.tags && draft.inactiveDays === filters.inactiveDays;
    if (same) return;
    const timer = setTimeout(
      () => applyFilters({ ...filters, text, tags: draft.tags, inactiveDays: draft.inactiveDays }),
      TYPING_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, draft, filters, applyFilters]);

  const setAll = (next: Filters, view: string | number | null = null) => {
    setText(next.text);
    setDraft({ tags: next.tags, inactiveDays: next.inactiveDays });
    applyFilters(next, view);
  };

  // A link to other filters followed while the list is shown.
  useEffect(() => {
    if (query === shownQuery.current) return;
    shownQuery.current = query;
    const linked = filtersFromQuery(query);
    if (linked) setAll(linked);
    // Back to a plain #/crm: the list stays as it is, and its address says so again.
    else history.replaceState(history.state, "", addressOf(filters));
  }, [query, setAll, filters]);

  function sortBy(sort: Sort) {
    const current = effectiveSort(filters);
    const order = current.sort === sort ? (current.order === "asc" ? "desc" : "asc") : firstOrder(sort);
    setFilters({ ...filters, sort, order });
    setOffset(0);
  }

  function select(ids: number[], on: boolean) {
    setWholeFilter(false);
    setSelected((before) => {
      const next = new Set(before);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  async function selectWholeFilter() {
    try {
      const found = await get<LeadIds>(`/api/leads/ids${queryString(filterParams(filters))}`);
      if (!found.complete) {
        notify(
          `Le filtre compte plus de ${leads(found.max)} : une action groupée en vise ${formatNumber(found.max)} au plus. Affinez le filtre.`,
          "error",
        );
        return;
      }
      setSelected(new Set(found.ids));
      setWholeFilter(true);
    } catch (e) {
      notify(e instanceof ApiError ? e.message : "Sélection impossible : réessayez.", "error");
    }
  }

  function bulkDone(outcome: Outcome) {
    if (outcome.kind === "executed") {
      setSelected(new Set());
      setWholeFilter(false);
    }
    load();
  }

  async function saveView(e: Event) {
    e.preventDefault();
    try {
      const { view } = await post<{ view: SavedView }>("/api/views", {
        name: viewName,
        query: toViewQuery(filters),
      });
      setSaving(false);
      setViewName("");
      setViewError(null);
      await loadViews();
      setActiveView(view.id);
      notify(`Vue « ${view.name} » enregistrée.`, "success");
    } catch (err) {
      setViewError(err instanceof ApiError ? err.message : "La vue n'a pas pu être enregistrée.");
    }
  }

  async function deleteView(view: SavedView) {
    try {
      await post("/api/views/delete", { id: view.id });
      if (activeView === view.id) setActiveView(null);
      await loadViews();
      notify(`Vue « ${view.name} » supprimée.`, "success");
    } catch (err) {
      notify(err instanceof ApiError ? err.message : "La vue n'a pas pu être supprimée.", "error");
    }
  }

  async function exportCsv() {
    setExporting(true);
    try {
      const problem = await downloadCsv(filters);
      if (problem) notify(problem, "error");
    } catch {
      notify("Export impossible : le serveur ne répond pas.", "error");
    } finally {
      setExporting(false);
    }
  }

  const pageIds = page?.leads.map((l) => l.id) ?? [];
  const pageAllSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const moreThanPage = page !== null && page.total > page.leads.length;

  return (
    <div class="lead-list">
      <div class="list-search">
        <label for="lead-search">Rechercher</label>
        <input
          id="lead-search"
          type="search"
          value={text}
          placeholder="Nom, entreprise, e-mail, téléphone…"
          autoComplete="off"
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <FilterControls
        filters={filters}
        draft={draft}
        onDraft={setDraft}
        onChange={(next) => applyFilters({ ...next, text, ...draft })}
      />
      {campaignWords(filters) && <p class="list-campaign">{campaignWords(filters)}</p>}
      {filtered(filters) && (
        <button type="button" class="link clear-filters" onClick={() => setAll(NO_FILTERS)}>
          Effacer les filtres
        </button>
      )}
      <Views
        views={views}
        active={activeView}
        onPick={(v) => setAll(fromViewQuery(v.query), v.id)}
        onSave={() => {
          setViewError(null);
          setSaving(true);
        }}
        onDelete={deleteView}
      />

      <div class="list-bar">
        <p class="list-count" aria-live="polite">
          {page ? range(page) : "Chargement…"}
          {page?.correctedText && ` — aucun lead pour « ${text} », résultats pour « ${page.correctedText} »`}
        </p>
        <button type="button" onClick={exportCsv} disabled={exporting}>
          {exporting ? "Export en cours…" : "Exporter en CSV"}
        </button>
      </div>

      {pageAllSelected && moreThanPage && !wholeFilter && page && (
        <p class="select-all-filter">
          Les {leads(pageIds.length)} de la page sont sélectionnés.{" "}
          <button type="button" class="link" onClick={selectWholeFilter}>
            Sélectionner les{" "}
            {page.totalExact ? formatNumber(page.total) : `plus de ${formatNumber(page.total)}`} leads du
            filtre
          </button>
        </p>
      )}
      {wholeFilter && (
        <p class="select-all-filter">Tous les {leads(selected.size)} du filtre sont sélectionnés.</p>
      )}

      {selected.size > 0 && (
        <BulkBar
          ids={[...selected]}
          onDone={bulkDone}
          onAnalysis={setAnalysis}
          onClear={() => {
            setSelected(new Set());
            setWholeFilter(false);
          }}
        />
      )}
      {analysis && <AnalysisResult analysis={analysis} onClose={() => setAnalysis(null)} />}

      {error && (
        <p class="list-error" role="alert">
          {error}{" "}
          <button type="button" class="link" onClick={load}>
            Réessayer
          </button>
        </p>
      )}
      {page && page.leads.length === 0 && !error ? (
        <p class="list-empty">
          {filtered(filters) ? "Aucun lead ne correspond à ces filtres." : "Aucun lead pour le moment."}
        </p>
      ) : (
        page && (
          <LeadTable
            page={page}
            filters={filters}
            selected={selected}
            busy={loading}
            onSort={sortBy}
            onSelect={select}
          />
        )
      )}

      {page && (page.total > PAGE_SIZE || offset > 0) && (
        <nav class="pager" aria-label="Pages de la liste">
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            Précédent
          </button>
          <span>{range(page)}</span>
          <button
            type="button"
            disabled={
              page.leads.length < PAGE_SIZE || (page.totalExact && offset + page.leads.length >= page.total)
            }
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Suivant
          </button>
        </nav>
      )}

      {saving && (
        <Dialog title="Enregistrer la vue" onClose={() => setSaving(false)}>
          <form onSubmit={saveView}>
            <p class="hint">La vue garde la recherche, les filtres et le tri actuels.</p>
            <label for="view-name">Nom de la vue</label>
            <input
              id="view-name"
              value={viewName}
              required
              maxLength={80}
              autoComplete="off"
              aria-describedby={viewError ? "view-error" : undefined}
              onInput={(e) => setViewName(e.currentTarget.value)}
            />
            {viewError && (
              <p id="view-error" role="alert">
                {viewError}
              </p>
            )}
            <div class="buttons">
              <button type="submit" class="primary">
                Enregistrer
              </button>
              <button type="button" onClick={() => setSaving(false)}>
                Annuler
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </div>
  );
}
