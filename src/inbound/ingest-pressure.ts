// Webhook acks come before turns. While the HTTP thread takes a burst of events, the turn worker
// yields the CPU between jobs (on two cores it would otherwise compete with the acks, and a provider
// whose ack is late retries or gives up) and catches up once the burst is over. The HTTP thread
// counts the events it accepts in shared memory; the worker thread reads the rate.

export interface IngestCounter {
  /** Shared with the worker thread through workerData. */
  buffer: SharedArrayBuffer;
  add(events: number): void;
  read(): number;
}

export function ingestCounter(buffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)): IngestCounter {
  const cells = new Int32Array(buffer);
  return {
    buffer,
    add: (events) => {
      Atomics.add(cells, 0, events);
    },
    read: () => Atomics.load(cells, 0),
  };
}

export interface BurstOptions {
  windowMs?: number;
  /** Events per window above which the HTTP thread counts as busy. */
  threshold?: number;
  clock?: () => number;
}

/** Whether the last full window saw a burst of accepted events. */
export function burstDetector(
  read: () => number,
  { windowMs = 250, threshold = 100, clock = () => performance.now() }: BurstOptions = {},
): () => boolean {
  let since = clock();
  let base = read();
  let busy = false;
  return () => {
    const now = clock();
    if (now - since >= windowMs) {
      const count = read();
      busy = count - base >= threshold;
      base = count;
      since = now;
    }
    return busy;
  };
}
