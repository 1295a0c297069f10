// The dashboard's live updates: one reader follows the change feed (written by the database's triggers,
// so a change from the worker thread or the CLI counts as much as one from this server) and pushes each
// tenant's batch to that tenant's open pages as one Server-Sent Event whose id is the feed's id. A page
// that reconnects with Last-Event-ID gets what it missed, or `reset` when that was pruned or too much.
import type { StreamSink } from "../outbox/route.js";
import type { Change, ChangeTopic, Store } from "../store/index.js";

export interface LiveStatus {
  mode: string;
  balance: number;
}

/** What one event tells a page: the ids that changed by topic, and the header's state when it moved. */
export interface LiveEvent {
  changes: Partial<Record<ChangeTopic, number[]>>;
  status?: LiveStatus;
  /** The cards whose state moved, as the page shows them (executed, failed, cancelled…). */
  actions?: { id: number; status: string; preview: string; message: string | null }[];
  /** What the page missed cannot be told: it reloads what it shows. */
  reset?: boolean;
}

export interface LiveFeedOptions {
  pollMs?: number;
  heartbeatMs?: number;
  /** How long the feed keeps a change for pages that reconnect. */
  keepMs?: number;
  /** A resume that would replay more than this gets `reset`. */
  maxReplay?: number;
}

const HEADER_TOPICS: ReadonlySet<ChangeTopic> = new Set(["balance", "tenant"]);

export const frame = (id: number, event: LiveEvent): string =>
  `id: ${id}\nevent: change\ndata: ${JSON.stringify(event)}\n\n`;

export function liveFeed(store: Store, options: LiveFeedOptions = {}) {
  const { pollMs = 100, heartbeatMs = 15_000, keepMs = 24 * 3_600_000, maxReplay = 1000 } = options;
  const pages = new Map<number, Set<StreamSink>>();
  let cursor = store.changes.latestId();
  let lastPrune = 0;

  const statusOf = (tenantId: number): LiveStatus => ({
    mode: store.tenants.require(tenantId).defaultMode,
    balance: store.ledger.balance(tenantId),
  });

  function eventOf(tenantId: number, changes: readonly Change[]): LiveEvent {
    const byTopic: Partial<Record<ChangeTopic, Set<number>>> = {};
    for (const c of changes) {
      const ids = byTopic[c.topic] ?? new Set<number>();
      byTopic[c.topic] = ids;
      if (c.refId !== null) ids.add(c.refId);
    }
    const event: LiveEvent = {
      changes: Object.fromEntries(Object.entries(byTopic).map(([topic, ids]) => [topic, [...ids]])),
    };
    if (changes.some((c) => HEADER_TOPICS.has(c.topic))) event.status = statusOf(tenantId);
    const actionIds = byTopic.action;
    if (actionIds?.size) {
      event.actions = [...actionIds].flatMap((id) => {
        const action = store.pendingActions.get(tenantId, id);
        if (!action) return [];
        const result = action.result as { message?: string } | null;
        return [{ id, status: action.status, preview: action.preview, message: result?.message ?? null }];
      });
    }
    return event;
  }

  function tick(): void {
    const now = store.clock().getTime();
    if (now - lastPrune > 3_600_000) {
      lastPrune = now;
      store.changes.prune(new Date(now - keepMs));
    }
    // No page open: nothing to read, only where the feed stands (one indexed max, not the rows).
    if (pages.size === 0) {
      cursor = store.changes.latestId();
      return;
    }
    for (;;) {
      const batch = store.changes.after(cursor);
      if (batch.length === 0) return;
      cursor = batch[batch.length - 1]?.id ?? cursor;
      const byTenant = new Map<number, Change[]>();
      for (const c of batch) {
        if (pages.has(c.tenantId)) byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c]);
      }
      for (const [tenantId, changes] of byTenant) {
        const last = changes[changes.length - 1] as Change;
        const text = frame(last.id, eventOf(tenantId, changes));
        for (const sink of pages.get(tenantId) ?? []) sink.write(text);
      }
      if (batch.length < 1000) return;
    }
  }

  /** What a page that saw up to `lastId` missed, as one event; null when it missed nothing. */
  function replay(tenantId: number, lastId: number): string | null {
    const oldest = store.changes.oldestId();
    const missed = store.changes.tenantAfter(tenantId, lastId, maxReplay + 1).filter((c) => c.id <= cursor);
    const pruned = oldest !== null && lastId + 1 < oldest;
    if (pruned || missed.length > maxReplay) return frame(cursor, { changes: {}, reset: true });
    const last = missed[missed.length - 1];
    return last ? frame(last.id, eventOf(tenantId, missed)) : null;
  }

  const timer = setInterval(tick, pollMs);
  const heartbeat = setInterval(() => {
    for (const sinks of pages.values()) for (const sink of sinks) sink.write(": ping\n\n");
  }, heartbeatMs);
  timer.unref();
  heartbeat.unref();

  return {
    /** Opens a page's stream: the retry hint, what it missed since `lastEventId`, then live events. */
    subscribe(tenantId: number, sink: StreamSink, lastEventId: number | null): void {
      sink.write("retry: 1000\n\n");
      if (lastEventId !== null) {
        const missed = replay(tenantId, lastEventId);
        if (missed) sink.write(missed);
      }
      const sinks = pages.get(tenantId) ?? new Set();
      pages.set(tenantId, sinks);
      sinks.add(sink);
      sink.onClose(() => {
        sinks.delete(sink);
        if (sinks.size === 0) pages.delete(tenantId);
      });
    },
    /** The newest id streamed: a page starting fresh sets it as its Last-Event-ID. */
    cursor: () => cursor,
    tick,
    stop(): void {
      clearInterval(timer);
      clearInterval(heartbeat);
    },
  };
}

export type LiveFeed = ReturnType<typeof liveFeed>;
