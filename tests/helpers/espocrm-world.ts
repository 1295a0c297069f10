// A tenant linked to the loopback EspoCRM fake, over real HTTP both ways: the fake and the test store
// share one clock the test moves by hand, the webhook receiver is the server's own route on a real
// listening server (so the fake's queue job delivers to it), and the sync's jobs run through the
// runtime's handlers and the worker's runJobs, as the server would run them.
import { callTool } from "../../src/agent/gate.js";
import { espocrmWebhookRoute } from "../../src/http/espocrm-webhook.js";
import { type HttpServer, startHttpServer } from "../../src/http/server.js";
import { espoJobHandlers } from "../../src/inbound/espocrm-jobs.js";
import { runJobs } from "../../src/inbound/run-jobs.js";
import {
  type ConnectInput,
  connectEspo,
  noCounts,
  openSync,
  type PullCounts,
  syncPass,
} from "../../src/integrations/espocrm-sync/index.js";
import type { Runtime } from "../../src/runtime.js";
import { ESPO_OUTBOX_KINDS } from "../../src/store/espocrm.js";
import type { Store } from "../../src/store/index.js";
import { turnContext } from "./agent.js";
import { type EspoFake, type EspoFakeOptions, startEspoFake } from "./espocrm-fake.js";
import { testRuntime } from "./runtime.js";
import { makeTenant, type TestStore, testStore } from "./store.js";

export const FROM = "max@example.test";

export interface EspoWorld {
  t: TestStore;
  store: Store;
  fake: EspoFake;
  tenant: ReturnType<typeof makeTenant>["tenant"];
  owner: ReturnType<typeof makeTenant>["owner"];
  scope: ReturnType<typeof makeTenant>["scope"];
  runtime: Runtime;
  receiver: HttpServer;
  /** Links the tenant (admin credentials unless `admin: false`). */
  connect(opts?: { admin?: boolean; hmac?: boolean; apiKey?: string }): ReturnType<typeof connectEspo>;
  /** One sync pass, as the server's poll or `max sync espocrm` runs it. */
  pull(opts?: { checkDeletions?: boolean }): Promise<PullCounts>;
  /** Runs the due outbox jobs, moving the clock to each retry, until none is left within `withinMs`. */
  drain(withinMs?: number): Promise<number>;
  /** A tool call in Auto through the gate, as the chat makes it. */
  tool(name: string, args: Record<string, unknown>): ReturnType<typeof callTool>;
  /** The fake's webhook queue job, then the jobs the deliveries queued. */
  deliverWebhooks(): Promise<number[]>;
  /** The local lead linked to this EspoCRM id. */
  leadOf(espoId: string): number | undefined;
  close(): Promise<void>;
}

export async function espoWorld(
  fakeOptions: EspoFakeOptions = {},
  tenant: { vertical?: "b2b" | "coaching" | "logistique" | "generic" } = {},
): Promise<EspoWorld> {
  const t = testStore();
  const clock = () => t.clock.now;
  const fake = await startEspoFake({ clock, allowedFrom: [FROM], ...fakeOptions });
  const made = makeTenant(t.store, "agence", { vertical: tenant.vertical ?? "b2b", plan: "pro" });
  t.store.ledger.summary(made.tenant.id);
  const runtime = testRuntime(t.store, { MAX_ESPOCRM_TIMEOUT_MS: "3000" });
  const receiver = await startHttpServer([espocrmWebhookRoute(t.store, runtime.log, () => {})], {
    port: 0,
    host: "127.0.0.1",
    log: runtime.log,
  });
  const handlers = espoJobHandlers({ timeoutMs: 3_000, pollMs: 60_000 });
  const deps = { store: t.store, log: runtime.log, timeoutMs: 3_000 };

  const runDue = async () => {
    let ran = 0;
    for (;;) {
      const jobs = t.store.espocrm.claimJobs(made.tenant.id, ESPO_OUTBOX_KINDS, 60_000, 100);
      if (jobs.length === 0) return ran;
      ran += jobs.length;
      await runJobs(runtime, jobs, { handlers });
    }
  };

  const world: EspoWorld = {
    t,
    store: t.store,
    fake,
    ...made,
    runtime,
    receiver,
    connect({ admin = true, hmac = false, apiKey } = {}) {
      const input: ConnectInput = {
        url: fake.siteUrl,
        apiKey: apiKey ?? (hmac ? fake.credentials.hmac.key : fake.credentials.apiKey),
        ...(hmac ? { hmacSecret: fake.credentials.hmac.secret } : {}),
        ...(admin
          ? { adminUser: fake.credentials.admin.user, adminPassword: fake.credentials.admin.password }
          : {}),
        fromAddress: FROM,
        publicUrl: receiver.url,
      };
      return connectEspo(t.store, made.tenant, input, 3_000);
    },
    async pull({ checkDeletions = false } = {}) {
      const sync = openSync(deps, made.tenant.id);
      if (!sync) throw new Error("not connected");
      const counts = noCounts();
      await syncPass(sync, counts, { checkDeletions });
      return counts;
    },
    async drain(withinMs = 3_600_000) {
      let ran = 0;
      for (let round = 0; round < 200; round++) {
        ran += await runDue();
        const next = t.store.jobs
          .list(made.tenant.id, "pending")
          .filter((j) => ESPO_OUTBOX_KINDS.includes(j.kind))
          .map((j) => j.dueAt.getTime())
          .sort((a, b) => a - b)[0];
        if (next === undefined || next - t.clock.now.getTime() > withinMs) return ran;
        if (next > t.clock.now.getTime()) t.clock.now = new Date(next);
      }
      throw new Error("the outbox never drained");
    },
    tool(name, args) {
      const ctx = turnContext(t.store, made.tenant.id, made.owner);
      return callTool({ ...ctx, mode: "auto" }, name, args);
    },
    async deliverWebhooks() {
      const deliveries = await fake.flushWebhooks();
      await runDue();
      return deliveries.map((d) => d.status ?? 0);
    },
    leadOf(espoId) {
      return t.store.espocrm.leadLinksByEspoIds(made.tenant.id, [espoId]).get(espoId)?.leadId;
    },
    async close() {
      await receiver.close();
      await fake.close();
      t.cleanup();
    },
  };
  return world;
}
