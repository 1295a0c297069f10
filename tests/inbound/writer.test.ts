// The HTTP thread's inbound writer on a real store: the events accepted in one event-loop turn share
// one transaction, and an event that cannot be stored fails alone while the rest of its batch is queued.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INBOUND_JOB } from "../../src/inbound/accept.js";
import { inboundWriter } from "../../src/inbound/writer.js";
import type { InboundEvent } from "../../src/outbox/channel.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let tenantId: number;

beforeEach(() => {
  t = testStore();
  tenantId = makeTenant(t.store, "agence").tenant.id;
});
afterEach(() => t.cleanup());

const event = (providerId: string, meta?: Record<string, unknown>): InboundEvent => ({
  channel: "slack",
  providerId,
  tenantId,
  sender: "T0:U0",
  conversationKey: "C0",
  text: "aide",
  ...(meta ? { meta } : {}),
});

/** A payload JSON.stringify refuses: a cycle. */
function cyclic(): Record<string, unknown> {
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  return { loop };
}

/** A payload JSON.stringify cannot walk: 100,000 levels ("Maximum call stack size exceeded"). */
function deep(): Record<string, unknown> {
  let value: unknown = 0;
  for (let i = 0; i < 100_000; i++) value = [value];
  return { value };
}

const queuedKeys = () =>
  t.store.jobs
    .list(tenantId)
    .filter((j) => j.kind === INBOUND_JOB)
    .map((j) => j.idempotencyKey)
    .sort();

describe("inboundWriter", () => {
  it("queues and acknowledges the good events of a batch; only the poisoned ones are rejected", async () => {
    let kicks = 0;
    const accept = inboundWriter(t.store, () => kicks++);
    // All accepted in the same event-loop turn: one batch, one transaction.
    const outcomes = await Promise.allSettled([
      accept(event("ev-1")),
      accept(event("ev-cycle", cyclic())),
      accept(event("ev-2")),
      accept(event("ev-deep", deep())),
      accept(event("ev-3")),
      accept(event("ev-1")),
    ]);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : "rejected"))).toEqual([
      true,
      "rejected",
      true,
      "rejected",
      true,
      // The same provider id twice in one batch is still one job.
      false,
    ]);
    expect(queuedKeys()).toEqual(["slack:ev-1", "slack:ev-2", "slack:ev-3"]);
    expect(kicks).toBeGreaterThan(0);
  });

  it("keeps writing batches after a poisoned one, and rejects a poisoned event alone in its batch", async () => {
    const accept = inboundWriter(t.store, () => {});
    await expect(accept(event("ev-cycle", cyclic()))).rejects.toThrow(/circular/i);
    await expect(accept(event("ev-deep", deep()))).rejects.toThrow(RangeError);
    expect(await Promise.all([accept(event("ev-4")), accept(event("ev-5"))])).toEqual([true, true]);
    expect(queuedKeys()).toEqual(["slack:ev-4", "slack:ev-5"]);
  });
});
