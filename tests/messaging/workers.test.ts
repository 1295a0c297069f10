// The server's worker across a stop: queued turns are either answered or given back, never lost and
// never answered twice, and the next worker picks up what the first one left.
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChannelAdapter } from "../../channels/channel.js";
import { acceptInbound } from "../../src/messaging/inbound.js";
import { rateLimiter } from "../../src/messaging/rate-limit.js";
import { startWorkers } from "../../src/messaging/workers.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";
import { waitFor } from "../helpers/wait-for.js";

let t: TestStore;
let tenantId: number;
const delivered: string[] = [];

const web: ChannelAdapter = {
  channel: "web",
  async send({ message }) {
    delivered.push(message.bodyText);
    return { providerId: `web-${message.id}` };
  },
};

const workers = (handlers?: Parameters<typeof startWorkers>[0]["handlers"]) =>
  startWorkers({
    handlers,
    store: t.store,
    brain: { kind: "offline" },
    settings: { n8n: { timeoutMs: 1000 } },
    adapters: new Map([["web", web]]),
    limiter: rateLimiter({}),
    log: pino({ level: "silent" }),
    pollMs: 10,
  });

beforeEach(() => {
  t = testStore();
  const { tenant, scope, owner } = makeTenant(t.store, "coach");
  t.store.users.addIdentity(scope, owner.id, "web", "session-hash");
  tenantId = tenant.id;
  delivered.length = 0;
});
afterEach(() => t.cleanup());

const inbound = () => t.store.jobs.list(tenantId).filter((j) => j.kind === "inbound");

describe("the worker", () => {
  it("answers every queued turn exactly once across a stop and a restart", async () => {
    for (let i = 0; i < 30; i++) {
      acceptInbound(t.store, {
        channel: "web",
        providerId: `msg-${i}`,
        tenantId,
        sender: "session-hash",
        conversationKey: "web:1",
        text: `cherche lead${i}`,
      });
    }
    const first = workers();
    await new Promise((r) => setTimeout(r, 30));
    await first.stop();
    expect(inbound().every((j) => j.status === "done" || j.status === "pending")).toBe(true);
    const second = workers();
    const deadline = Date.now() + 10_000;
    while (inbound().some((j) => j.status !== "done") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await second.stop();
    expect(inbound().map((j) => j.status)).toEqual(Array(30).fill("done"));
    expect(delivered).toHaveLength(30);
    const received = t.store.messages
      .listConversation(tenantId, 1, 0, 100)
      .filter((m) => m.direction === "in");
    expect(received.map((m) => m.providerId).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `msg-${i}`).sort(),
    );
  });

  it("retries a failing job with a doubling delay and fails it for good after its attempts", async () => {
    const runs: number[] = [];
    const flaky = {
      maxAttempts: 2,
      retryMs: 60_000,
      async run() {
        runs.push(runs.length);
        throw new Error("indisponible");
      },
    };
    const scope = { tenantId, actor: "test" };
    t.store.jobs.enqueue(scope, { kind: "flaky", idempotencyKey: "flaky:1", dueAt: t.clock.now });
    t.store.jobs.enqueue(scope, { kind: "unknown", idempotencyKey: "unknown:1", dueAt: t.clock.now });
    const running = workers({ flaky });
    const job = () => t.store.jobs.list(tenantId).find((j) => j.kind === "flaky");
    await waitFor(() => job()?.status === "pending" && runs.length === 1);
    expect(job()?.dueAt.getTime()).toBe(t.clock.now.getTime() + 60_000);
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    running.kick();
    await waitFor(() => job()?.status === "failed");
    await running.stop();
    expect(runs).toHaveLength(2);
    expect(job()?.lastError).toBe("indisponible");
    expect(t.store.jobs.list(tenantId).find((j) => j.kind === "unknown")?.status).toBe("pending");
  });
});
