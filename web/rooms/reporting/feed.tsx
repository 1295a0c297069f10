// The live activity feed: M.A.X.'s actions, the cards, the messages with where each stands and the
// status changes, newest first. Each live event about them asks the API for what appeared or changed
// since the newest item shown (merged by key: a message that went from « en file » to « envoyé » is
// updated in place); an action of M.A.X. executed or failed while the page is open is also told in a
// notice.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get } from "../../api";
import { useApp, useLive } from "../../state";
import type { LiveEvent } from "../../types";
import type { FeedItem } from "./types";

const RELOAD_DEBOUNCE_MS = 300;
const KEPT = 60;

const KINDS: Record<FeedItem["kind"], string> = {
  ai: "Action IA",
  card: "Carte",
  message: "Message",
  status: "Statut",
};

const matters = (e: LiveEvent) =>
  Boolean(e.changes.audit || e.changes.message || e.changes.lead || e.changes.action || e.changes.campaign);

const time = (iso: string) =>
  new Date(iso).toLocaleString("fr-FR", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });

/** The items shown with the new ones: each key once, newest first. */
function merged(shown: FeedItem[], fresh: FeedItem[]): FeedItem[] {
  const byKey = new Map(shown.map((i) => [i.key, i]));
  for (const item of fresh) byKey.set(item.key, item);
  return [...byKey.values()]
    .sort((a, b) => b.at.localeCompare(a.at) || b.key.localeCompare(a.key))
    .slice(0, KEPT);
}

export function Feed() {
  const { notify } = useApp();
  const [items, setItems] = useState<FeedItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef<FeedItem[] | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const loading = useRef<Promise<void> | null>(null);

  const load = useCallback(
    async (whole: boolean) => {
      const before = shown.current;
      const newest = whole ? undefined : before?.[0]?.at;
      try {
        const { items: fresh } = await get<{ items: FeedItem[] }>(
          `/api/reporting/activity${newest ? `?after=${encodeURIComponent(newest)}` : ""}`,
        );
        const next = before && !whole ? merged(before, fresh) : fresh;
        if (before && !whole) {
          const known = new Set(before.map((i) => i.key));
          for (const item of fresh) {
            if (item.kind !== "ai" || known.has(item.key)) continue;
            if (item.state === "executed") notify(`Action IA exécutée : ${item.text}`, "success");
            if (item.state === "failed") notify(`Action IA en échec : ${item.text}`, "error");
          }
        }
        shown.current = next;
        setItems(next);
        setError(null);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : "Le fil d'activité n'a pas pu être chargé.");
      }
    },
    [notify],
  );

  // One load at a time: a burst of events waits for the one running, then asks once more.
  const queue = useCallback(
    (whole: boolean) => {
      const previous = loading.current ?? Promise.resolve();
      const next = previous.then(() => load(whole));
      loading.current = next;
      void next.finally(() => {
        if (loading.current === next) loading.current = null;
      });
    },
    [load],
  );

  useEffect(() => {
    queue(true);
    return () => clearTimeout(timer.current);
  }, [queue]);

  useLive((event) => {
    if (!event.reset && !matters(event)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => queue(Boolean(event.reset)), RELOAD_DEBOUNCE_MS);
  });

  return (
    <section class="report-block feed-block" aria-labelledby="feed-title">
      <h2 id="feed-title">Activité en direct</h2>
      <p class="caption">
        Les actions de M.A.X., les cartes à confirmer, les messages (où ils en sont) et les changements de
        statut, les plus récents en premier, mis à jour en direct.
      </p>
      {error && <p role="alert">{error}</p>}
      {!items && !error && <p class="muted">Chargement…</p>}
      {items && items.length === 0 && <p class="muted">Aucune activité pour l'instant.</p>}
      {items && items.length > 0 && (
        <ol class="feed">
          {items.map((item) => (
            <li key={item.key} class={`feed-item feed-${item.kind}`} data-key={item.key}>
              <time dateTime={item.at}>{time(item.at)}</time>
              <span class="feed-kind">{KINDS[item.kind]}</span>
              <span class="feed-text">{item.href ? <a href={item.href}>{item.text}</a> : item.text}</span>
              <span class={`feed-state state-${item.state}`}>{item.stateLabel}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
