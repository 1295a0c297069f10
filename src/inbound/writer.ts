// Webhook acks must never wait on a turn. The HTTP thread's events are written in batches (one
// transaction per event-loop turn, so a burst costs one commit), on a connection that gives up on a
// held write lock after a few milliseconds instead of sleeping in SQLite's busy handler; a batch
// that met the lock is tried again on a later tick while the loop keeps reading requests. An event
// is acknowledged only once it is stored, and one that cannot be stored fails alone, never its batch.
import type { InboundEvent } from "../outbox/channel.js";
import { type Store, StoreError } from "../store/index.js";
import { acceptInbound } from "./accept.js";

const RETRY_MS = 2;
const GIVE_UP_MS = 5_000;

interface Waiting {
  event: InboundEvent;
  since: number;
  resolve(queued: boolean): void;
  reject(error: unknown): void;
}

const isBusy = (error: unknown) => error instanceof StoreError && error.code === "BUSY";

/** Returns the `accept` the channels call; `onQueued` wakes the worker after a batch queued something. */
export function inboundWriter(store: Store, onQueued: () => void): (event: InboundEvent) => Promise<boolean> {
  let waiting: Waiting[] = [];
  let scheduled = false;

  const schedule = (delayMs: number) => {
    if (scheduled) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      flush();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  };

  /** Stores the events in one transaction and settles each; throws (and stores nothing) on an error. */
  const commit = (batch: Waiting[]) => {
    const queued = store.transaction(() => batch.map((w) => acceptInbound(store, w.event)));
    for (const [i, w] of batch.entries()) w.resolve(queued[i] ?? false);
    if (queued.some(Boolean)) onQueued();
  };

  /** Events the lock stopped go back to the queue for a later tick, unless they waited too long. */
  const later = (events: Waiting[], busy: unknown) => {
    const now = Date.now();
    for (const w of events.filter((x) => now - x.since > GIVE_UP_MS)) w.reject(busy);
    waiting = events.filter((x) => now - x.since <= GIVE_UP_MS).concat(waiting);
    if (waiting.length > 0) schedule(RETRY_MS);
  };

  /**
   * A batch that failed for a reason of its own (not the lock): one event may be unstorable (its
   * payload cannot be serialised, say), and it must fail alone, so each event is written on its own.
   */
  const commitEach = (batch: Waiting[]) => {
    for (const [i, w] of batch.entries()) {
      try {
        commit([w]);
      } catch (error) {
        if (isBusy(error)) return later(batch.slice(i), error);
        w.reject(error);
      }
    }
  };

  const flush = () => {
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      commit(batch);
    } catch (error) {
      if (isBusy(error)) later(batch, error);
      else if (batch.length === 1) batch[0]?.reject(error);
      else commitEach(batch);
    }
  };

  return (event) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ event, since: Date.now(), resolve, reject });
      schedule(0);
    });
}
