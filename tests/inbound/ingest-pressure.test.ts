// The burst detector the turn worker consults: busy only after a window with many accepted events,
// read across threads through shared memory.
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { burstDetector, ingestCounter } from "../../src/inbound/ingest-pressure.js";

describe("burstDetector", () => {
  it("turns busy after a window over the threshold and calm after a quiet one", () => {
    const counter = ingestCounter();
    let now = 0;
    const busy = burstDetector(counter.read, { windowMs: 250, threshold: 100, clock: () => now });
    counter.add(99);
    now = 250;
    expect(busy()).toBe(false);
    counter.add(100);
    now = 400;
    expect(busy()).toBe(false); // the window is not over yet
    now = 500;
    expect(busy()).toBe(true);
    counter.add(10);
    now = 600;
    expect(busy()).toBe(true); // still the last full window's verdict
    now = 750;
    expect(busy()).toBe(false);
  });

  it("counts what another thread adds to the shared buffer", async () => {
    const counter = ingestCounter();
    const worker = new Worker(
      "const { workerData } = require('node:worker_threads'); Atomics.add(new Int32Array(workerData), 0, 150);",
      { eval: true, workerData: counter.buffer },
    );
    await new Promise((resolve) => worker.once("exit", resolve));
    expect(counter.read()).toBe(150);
  });
});
