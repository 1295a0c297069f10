// Webhook acks must never wait on a turn. The HTTP thread's events are written in batches (one
// transaction per event-loop turn, so a burst costs one commit), on a connection that gives up on a
// held write lock after a few milliseconds instead of sleeping in SQLite's busy handler; a batch
// that met the lock is tried again on a later tick while the loop keeps reading requests. An event
// is acknowledged only once it is stored.
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

  const flush = () => {
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    try {
      const queued = store.transaction(() => batch.map((w) => acceptInbound(store, w.event)));
      for (const [i, w] of batch.entries()) w.resolve(queued[i] ?? false);
      if (queued.some(Boolean)) onQueued();
    } catch (error) {
      if (!isBusy(error)) {
        for (const w of batch) w.reject(error);
      } else {
        const now = Date.now();
        for (const w of batch.filter((x) => now - x.since > GIVE_UP_MS)) w.reject(error);
        waiting = batch.filter((x) => now - x.since <= GIVE_UP_MS).concat(waiting);
      }
      if (waiting.length > 0) schedule(RETRY_MS);
    }
  };

  return (event) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ event, since: Date.now(), resolve, reject });
      schedule(0);
    });
}
