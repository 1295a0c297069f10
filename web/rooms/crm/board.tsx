// The pipeline board: one column per status of the tenant's vertical (« Devis envoyé · 12 · 24 000 € »),
// cards moved by drag and drop (SortableJS, mouse and touch) or by « Déplacer vers… » (keyboard and
// phone). A move is an action like any other (update_status through the gate): the card shows in its
// new column at once and goes back if the action is not executed (cancelled, suggested, refused…).

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import Sortable from "sortablejs";
import { useActions } from "../../actions";
import { ApiError, get, queryString } from "../../api";
import { formatNumber, useLive } from "../../state";
import type { BoardCard, BoardColumn, BoardView, ColumnPage } from "./board-types";
import { euros, heatClass, sinceContact } from "./lead-format";
import "./board.css";

interface Move {
  card: BoardCard;
  from: string;
  to: string;
}

const RELOAD_DEBOUNCE_MS = 150;

/** The columns as the server has them, with the moves still waiting for their outcome applied. */
export function withMoves(columns: BoardColumn[], moves: ReadonlyMap<number, Move>): BoardColumn[] {
  if (moves.size === 0) return columns;
  const next = columns.map((c) => ({ ...c, cards: [...c.cards] }));
  for (const { card, from, to } of moves.values()) {
    const target = next.find((c) => c.status === to);
    if (!target || target.cards.some((c) => c.id === card.id)) continue;
    const source =
      next.find((c) => c.cards.some((x) => x.id === card.id)) ?? next.find((c) => c.status === from);
    if (source && source !== target) {
      source.cards = source.cards.filter((c) => c.id !== card.id);
      source.count = Math.max(0, source.count - 1);
      if (card.budget !== null && source.budgetSum !== null) {
        const left = source.budgetSum - card.budget;
        source.budgetSum = source.cards.some((c) => c.budget !== null) || left > 0 ? left : null;
      }
    }
    target.cards.unshift(card);
    target.count += 1;
    if (card.budget !== null) target.budgetSum = (target.budgetSum ?? 0) + card.budget;
  }
  return next;
}

function MoveMenu(props: {
  card: BoardCard;
  from: string;
  statuses: { status: string; label: string }[];
  disabled: boolean;
  onMove: (to: string) => void;
}) {
  const { card } = props;
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuId = `move-${card.id}`;

  useEffect(() => {
    if (open) menu.current?.querySelector("button")?.focus();
  }, [open]);

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const items = [...(menu.current?.querySelectorAll("button") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const step = e.key === "ArrowDown" ? 1 : -1;
    items[(at + step + items.length) % items.length]?.focus();
  }

  return (
    <div
      class="move"
      onFocusOut={(e) => {
        const next = e.relatedTarget as Node | null;
        if (open && next && !e.currentTarget.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class="move-button"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-describedby={`card-${card.id}-name`}
        disabled={props.disabled}
        onClick={() => (open ? close(true) : setOpen(true))}
      >
        Déplacer vers…
      </button>
      {open && (
        <ul
          id={menuId}
          ref={menu}
          class="move-menu"
          aria-label={`Déplacer ${card.name} vers`}
          onKeyDown={onKeyDown}
        >
          {props.statuses
            .filter((s) => s.status !== props.from)
            .map((s) => (
              <li key={s.status}>
                <button
                  type="button"
                  onClick={() => {
                    setOpen(false);
                    props.onMove(s.status);
                  }}
                >
                  {s.label}
                </button>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

function Card(props: {
  card: BoardCard;
  status: string;
  statuses: { status: string; label: string }[];
  moving: boolean;
  onMove: (to: string) => void;
}) {
  const { card } = props;
  return (
    <li
      class={`board-card${props.moving ? " moving" : ""}`}
      data-id={card.id}
      aria-busy={props.moving || undefined}
    >
      <a id={`card-${card.id}-name`} class="card-name" href={`#/crm/lead/${card.id}`}>
        {card.name}
      </a>
      {card.company && <p class="card-company">{card.company}</p>}
      <div class="card-foot">
        <p class="card-meta">
          <span class={heatClass(card.heat)}>{card.heatLabel ?? "chaleur inconnue"}</span>
          <span class="since">
            <span class="visually-hidden">Dernier contact : </span>
            {sinceContact(card.daysSinceContact)}
          </span>
        </p>
        <MoveMenu
          card={card}
          from={props.status}
          statuses={props.statuses}
          disabled={props.moving}
          onMove={props.onMove}
        />
      </div>
    </li>
  );
}

export function Board() {
  const { run } = useActions();
  const [board, setBoard] = useState<BoardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [moves, setMoves] = useState<ReadonlyMap<number, Move>>(new Map());
  const [more, setMore] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  const lists = useRef(new Map<string, HTMLUListElement>());
  const dragging = useRef(false);
  const stale = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const loads = useRef(0);
  const current = useRef<BoardView | null>(null);
  current.current = board;

  /** The board again, with as many cards per column as were shown. */
  const load = useCallback(async () => {
    const seq = ++loads.current;
    try {
      const fresh = await get<BoardView>("/api/board");
      const shown = current.current;
      const columns = await Promise.all(
        fresh.columns.map(async (column) => {
          const before = shown?.columns.find((c) => c.status === column.status)?.cards.length ?? 0;
          const missing = Math.min(before, column.count) - column.cards.length;
          if (missing <= 0) return column;
          const page = await get<ColumnPage>(
            `/api/board/column${queryString({ status: column.status, offset: column.cards.length, limit: missing })}`,
          );
          return { ...column, cards: [...column.cards, ...page.cards] };
        }),
      );
      if (seq !== loads.current) return;
      setBoard({ ...fresh, columns });
      setError(null);
    } catch (e) {
      if (seq !== loads.current) return;
      setError(e instanceof ApiError ? e.message : "Le pipeline n'a pas pu être chargé.");
    }
  }, []);

  const reloadSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (dragging.current) stale.current = true;
      else void load();
    }, RELOAD_DEBOUNCE_MS);
  }, [load]);

  useEffect(() => {
    void load();
    return () => clearTimeout(timer.current);
  }, [load]);

  useLive((event) => {
    if (!event.changes.lead && !event.reset) return;
    if (dragging.current) stale.current = true;
    else reloadSoon();
  });

  const statuses = useMemo(
    () => (board?.columns ?? []).map((c) => ({ status: c.status, label: c.label })),
    [board],
  );
  const columns = useMemo(() => (board ? withMoves(board.columns, moves) : []), [board, moves]);
  const labelOf = (status: string) => statuses.find((s) => s.status === status)?.label ?? status;

  const move = useCallback(
    async (card: BoardCard, from: string, to: string) => {
      if (from === to) return;
      setMoves((m) => new Map(m).set(card.id, { card, from, to }));
      const outcome = await run("update_status", { leadId: card.id, status: to });
      const label = (s: string) => current.current?.columns.find((c) => c.status === s)?.label ?? s;
      if (outcome.kind === "executed") {
        await load();
        setSaid(`${card.name} est en « ${label(to)} ».`);
      } else {
        setSaid(`${card.name} reste en « ${label(from)} ».`);
      }
      setMoves((m) => {
        const next = new Map(m);
        next.delete(card.id);
        return next;
      });
      // The card's node was drawn again in its column: keep the keyboard on it.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`.board-card[data-id="${card.id}"] .move-button`)?.focus(),
      );
    },
    [run, load],
  );
  const moveRef = useRef(move);
  moveRef.current = move;
  const columnsRef = useRef(columns);
  columnsRef.current = columns;

  // One Sortable per column, all in one group: a card dragged to another column is a move. Preact
  // owns the nodes, so the drop is undone in the DOM and the state moves the card.
  const ready = board !== null;
  const statusKey = statuses.map((s) => s.status).join(",");
  useEffect(() => {
    if (!ready) return;
    const sortables = [...lists.current.entries()].map(([, el]) =>
      Sortable.create(el, {
        group: "pipeline",
        sort: false,
        animation: 150,
        forceFallback: true,
        fallbackTolerance: 4,
        delay: 180,
        delayOnTouchOnly: true,
        filter: "button, a, .move-menu",
        preventOnFilter: false,
        draggable: ".board-card",
        ghostClass: "card-ghost",
        chosenClass: "card-chosen",
        onStart() {
          dragging.current = true;
        },
        onEnd(evt) {
          dragging.current = false;
          const { item, from, to, oldIndex } = evt;
          if (from !== to) {
            item.remove();
            from.insertBefore(item, from.children[oldIndex ?? 0] ?? null);
            const id = Number(item.dataset.id);
            const fromStatus = from.dataset.status ?? "";
            const toStatus = to.dataset.status ?? "";
            const card = columnsRef.current
              .find((c) => c.status === fromStatus)
              ?.cards.find((c) => c.id === id);
            if (card) void moveRef.current(card, fromStatus, toStatus);
          }
          if (stale.current) {
            stale.current = false;
            reloadSoon();
          }
        },
      }),
    );
    return () => {
      for (const s of sortables) s.destroy();
    };
  }, [ready, statusKey, reloadSoon]);

  async function showMore(column: BoardColumn) {
    setMore(column.status);
    // The offset counts the cards the server gave, not a card moved here that waits for its outcome.
    const offset = board?.columns.find((c) => c.status === column.status)?.cards.length ?? 0;
    try {
      const page = await get<ColumnPage>(
        `/api/board/column${queryString({ status: column.status, offset })}`,
      );
      setBoard((b) =>
        b
          ? {
              ...b,
              columns: b.columns.map((c) => {
                if (c.status !== column.status) return c;
                const known = new Set(c.cards.map((x) => x.id));
                return { ...c, cards: [...c.cards, ...page.cards.filter((x) => !known.has(x.id))] };
              }),
            }
          : b,
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Ces leads n'ont pas pu être chargés.");
    } finally {
      setMore(null);
    }
  }

  if (!board) {
    return error ? (
      <p role="alert">{error}</p>
    ) : (
      <p role="status" class="loading">
        Chargement du pipeline…
      </p>
    );
  }

  return (
    <div class="pipeline">
      <h2 class="pipeline-title">
        Pipeline <span class="pipeline-total">· {formatNumber(board.total)} leads</span>
      </h2>
      {error && <p role="alert">{error}</p>}
      <p class="visually-hidden" role="status">
        {said}
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the columns scroll sideways from the keyboard */}
      <section class="board" aria-label="Colonnes du pipeline" tabIndex={0}>
        {columns.map((column) => {
          const headId = `column-${column.status}`;
          return (
            <div class="board-column" key={column.status}>
              <h3 id={headId} class="column-head">
                <span class="column-label">{column.label}</span> ·{" "}
                <span class="column-count">{column.count}</span>
                {column.budgetSum !== null && (
                  <>
                    {" · "}
                    <span class="column-budget">{euros(column.budgetSum)}</span>
                  </>
                )}
              </h3>
              <ul
                class="board-list"
                data-status={column.status}
                aria-label={column.label}
                ref={(el) => {
                  if (el) lists.current.set(column.status, el);
                  else lists.current.delete(column.status);
                }}
              >
                {column.cards.map((card) => (
                  <Card
                    key={card.id}
                    card={card}
                    status={column.status}
                    statuses={statuses}
                    moving={moves.has(card.id)}
                    onMove={(to) => void move(card, column.status, to)}
                  />
                ))}
              </ul>
              {column.count === 0 && <p class="column-empty">Aucun lead</p>}
              {column.cards.length < column.count && (
                <button
                  type="button"
                  class="column-more"
                  disabled={more === column.status}
                  onClick={() => showMore(column)}
                >
                  Voir plus<span class="visually-hidden"> de leads en « {labelOf(column.status)} »</span> (
                  {formatNumber(column.count - column.cards.length)})
                </button>
              )}
            </div>
          );
        })}
      </section>
    </div>
  );
}
