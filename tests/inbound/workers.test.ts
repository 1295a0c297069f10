// The server's worker across a stop: queued turns are either answered or given back, never lost and
// never answered twice, and the next worker picks up what the first one left. A job longer than its
// 30 s lease is renewed while its runner lives; a dead runner's job is taken again 30 s later.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptInbound } from "../../src/inbound/accept.js";
import type { JobHandlers } from "../../src/inbound/jobs.js";
import { JOB_LEASE_MS } from "../../src/inbound/lease.js";
import { startWorkers } from "../../src/inbound/workers.js";
import type { ChannelAdapter } from "../../src/outbox/channel.js";
import { rateLimiter } from "../../src/outbox/rate-limit.js";
import { openStore, type Store } from "../../src/store/index.js";
import { testRuntime } from "../helpers/runtime.js";
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

const workers = (handlers?: JobHandlers, leaseRenewMs?: number) => {
  const runtime = { ...testRuntime(t.store), adapters: new Map([["web", web]]), limiter: rateLimiter({}) };
  return startWorkers(runtime, { handlers: handlers ?? runtime.handlers, pollMs: 10, leaseRenewMs });
};

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

  it("runs a run of one kind in one commit, each job in its own savepoint: a failing one alone is retried", async () => {
    const scope = { tenantId, actor: "test" };
    const lead = t.store.leads.create(scope, { firstName: "Lot", lastName: "Commun" });
    const commits: number[] = [];
    const grouped = {
      maxAttempts: 3,
      retryMs: 60_000,
      async run() {
        throw new Error("run alone: not expected here");
      },
      runMany(_deps: unknown, jobs: readonly { id: number; idempotencyKey: string; tenantId: number }[]) {
        const failures = new Map<number, Error>();
        t.store.transaction(() => {
          commits.push(jobs.length);
          for (const job of jobs) {
            try {
              t.store.transaction(() => {
                t.store.activities.add(scope, lead.id, { kind: "note", body: job.idempotencyKey });
                if (job.idempotencyKey === "lot:2") throw new Error("celle-ci échoue");
                t.store.jobs.complete(job.tenantId, job.id);
              });
            } catch (error) {
              failures.set(job.id, error as Error);
            }
          }
        });
        return failures;
      },
    };
    for (const n of [1, 2, 3]) {
      t.store.jobs.enqueue(scope, { kind: "lot", idempotencyKey: `lot:${n}`, dueAt: t.clock.now });
    }
    const running = workers({ lot: grouped });
    const lot = () => t.store.jobs.list(tenantId).filter((j) => j.kind === "lot");
    await waitFor(() => lot().every((j) => j.status !== "leased") && lot().some((j) => j.status === "done"));
    await running.stop();
    expect(commits).toEqual([3]);
    expect(lot().map((j) => [j.idempotencyKey, j.status])).toEqual([
      ["lot:1", "done"],
      ["lot:3", "done"],
      ["lot:2", "pending"],
    ]);
    expect(lot().find((j) => j.idempotencyKey === "lot:2")?.lastError).toBe("celle-ci échoue");
    const notes = t.store.activities.list(tenantId, lead.id).map((a) => a.body);
    expect(notes.sort()).toEqual(["lot:1", "lot:3"]);
  });
});

describe("a job's lease", () => {
  let other: Store;
  beforeEach(() => {
    // A second worker's connection to the same file, on the test's clock.
    other = openStore({ path: t.path, clock: () => t.clock.now });
    t.store.jobs.enqueue(
      { tenantId, actor: "test" },
      { kind: "slow", idempotencyKey: "slow:1", dueAt: t.clock.now },
    );
  });
  afterEach(() => other.close());

  const slowJob = () => other.jobs.list(tenantId).find((j) => j.kind === "slow");
  const secondWorkerClaims = () => other.jobs.claimDue(JOB_LEASE_MS, 10, ["slow"]);
  const later = (ms: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + ms);
  };

  it("is renewed while a turn longer than the lease runs: a second worker never takes it", async () => {
    let finish = () => {};
    let runs = 0;
    const slow = {
      maxAttempts: 3,
      retryMs: 60_000,
      run: () => {
        runs++;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    };
    const running = workers({ slow }, 5);
    await waitFor(() => runs === 1);
    // Four times 25 s: the turn outlives its first lease three times over.
    for (let i = 0; i < 4; i++) {
      later(25_000);
      await waitFor(() => slowJob()?.leaseUntil?.getTime() === t.clock.now.getTime() + JOB_LEASE_MS, {
        what: "la prolongation du bail",
      });
      expect(secondWorkerClaims()).toEqual([]);
    }
    finish();
    await waitFor(() => slowJob()?.status === "done");
    await running.stop();
    later(JOB_LEASE_MS);
    expect(secondWorkerClaims()).toEqual([]);
    expect(runs).toBe(1);
    expect(slowJob()?.attempts).toBe(1);
  });

  it("runs out 30 s after its runner stopped renewing (a dead process), and the dead claim cannot renew it", () => {
    const [dead] = t.store.jobs.claimDue(JOB_LEASE_MS, 10, ["slow"]);
    if (!dead) throw new Error("nothing claimed");
    later(JOB_LEASE_MS - 1);
    expect(secondWorkerClaims()).toEqual([]);
    later(1);
    const [taken] = secondWorkerClaims();
    expect(taken).toMatchObject({ id: dead.id, status: "leased", attempts: 2 });
    // A runner that comes back to life cannot stretch the new claim's lease, nor take the job back.
    expect(t.store.jobs.renewLease([dead], t.clock.now.getTime() + 10 * JOB_LEASE_MS)).toBe(0);
    expect(slowJob()?.leaseUntil?.getTime()).toBe(t.clock.now.getTime() + JOB_LEASE_MS);
    expect(other.jobs.renewLease([taken as typeof dead], t.clock.now.getTime() + 2 * JOB_LEASE_MS)).toBe(1);
  });
});
