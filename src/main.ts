// `max serve`: the runtime with the channels, every route on the one HTTP server, the mailbox readers
// and the background workers (in a worker thread, or inline for tests). close() stops taking
// requests, finishes the turn in progress, gives queued ones back and closes the ack connection.
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import { startCampaignLoop } from "../channels/email/campaign-loop.js";
import { startMailPollers } from "../channels/email/imap.js";
import { CHANNELS } from "../channels/index.js";
import type { Config } from "./config.js";
import { allowedHostsOf } from "./http/allowed-hosts.js";
import { appRoutes } from "./http/app-bundle.js";
import { dashboardRoutes } from "./http/dashboard/index.js";
import { espocrmWebhookRoute } from "./http/espocrm-webhook.js";
import { liveFeed } from "./http/live-feed.js";
import { scenarioCallbackRoute } from "./http/n8n-callback.js";
import { startHttpServer } from "./http/server.js";
import { hitWriter, trackingRoutes } from "./http/tracking.js";
import { type IngestCounter, ingestCounter } from "./inbound/ingest-pressure.js";
import { startWorkers, type Workers } from "./inbound/workers.js";
import { inboundWriter } from "./inbound/writer.js";
import { ensureEspoPolls } from "./integrations/espocrm-sync/index.js";
import { createLogger } from "./log.js";
import type { ChannelAdapter, ChannelFactory, InboundEvent } from "./outbox/channel.js";
import { json, type Route } from "./outbox/route.js";
import { createRuntime } from "./runtime.js";
import { openStore, type Store } from "./store/index.js";

export interface Running {
  url: string;
  adapters: ReadonlyMap<string, ChannelAdapter>;
  /** Settles once the turn worker runs (webhooks are acknowledged before: their events wait for it). */
  workerReady: Promise<void>;
  close(): Promise<void>;
}

/**
 * "thread" runs the turns in a worker thread (what `max serve` does, so a slow turn never delays a
 * webhook's ack); "inline" runs them on this thread with this store (tests drive its clock).
 */
export type WorkerMode = "thread" | "inline";

function threadWorkers(
  config: Config,
  store: Store,
  log: Logger,
  ingest: IngestCounter,
): Workers & { ready: Promise<void> } {
  // The sources are TypeScript run through tsx: the thread registers tsx before loading its entry.
  const entry = new URL("./worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { config, dbPath: store.path, ingest: ingest.buffer },
  });
  worker.on("error", (err) => log.error({ err }, "turn worker thread failed"));
  const stopped = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve) => {
    worker.on("message", (message) => message === "ready" && resolve());
    void stopped.then(resolve);
  });
  return {
    ready,
    kick: () => worker.postMessage("kick"),
    async stop() {
      worker.postMessage("stop");
      await stopped;
    },
  };
}

function ackConnection(store: Store): Store {
  return openStore({ path: store.path, busyTimeoutMs: 5, autoCheckpoint: false });
}

export async function serve(
  config: Config,
  store: Store,
  channels: readonly ChannelFactory[] = CHANNELS,
  { worker = "inline" }: { worker?: WorkerMode } = {},
): Promise<Running> {
  const log = createLogger(config);
  let kick = () => {};
  // With the turns on another thread, acks get their own connection that never sleeps on the lock
  // and never runs a WAL checkpoint (a checkpoint syncs the file to disk: the turns' connections do it).
  const ingest = worker === "thread" ? ackConnection(store) : store;
  const writer = inboundWriter(ingest, () => kick());
  const counter = ingestCounter();
  const accept = (event: InboundEvent) => {
    counter.add(1);
    return writer(event);
  };
  const runtime = createRuntime(config, store, { log, channels, accept });
  const { adapters, brain } = runtime;
  const health: Route = {
    method: "GET",
    path: "/healthz",
    handle: () => json(200, { ok: true, channels: [...adapters.keys()], brain: brain.kind }),
  };
  const live = liveFeed(store);
  // Every tenant linked to EspoCRM is polled by the server on its own (the safety net under webhooks).
  ensureEspoPolls(store, config.espocrm.pollMs);
  // Campaign opens and clicks are written in batches, on the acks' connection like webhooks.
  const hits = hitWriter(ingest, log);
  const routes = [
    health,
    scenarioCallbackRoute(store, config.n8n.secret, log),
    // EspoCRM's deliveries are queued on the acks' connection, like the channels' webhooks.
    espocrmWebhookRoute(ingest, log, () => kick()),
    ...[...adapters.values()].flatMap((a) => a.routes ?? []),
    ...trackingRoutes(ingest, hits),
    ...(await appRoutes()),
    ...dashboardRoutes({
      store,
      tools: runtime.tools,
      settings: runtime.settings,
      live,
      publicUrl: config.http.publicUrl,
    }),
  ];
  const workers: Workers & { ready?: Promise<void> } =
    worker === "thread"
      ? threadWorkers(config, store, log, counter)
      : startWorkers(runtime, { handlers: runtime.handlers });
  kick = workers.kick;
  // In a thread, the worker runs the campaign sender too (src/worker.ts).
  const campaigns = worker === "inline" ? startCampaignLoop(runtime) : undefined;
  // The mailboxes are read on this thread (IDLE + poll); what they store is handled by the workers.
  const mail = startMailPollers(store, config, log, () => kick());
  const http = await startHttpServer(routes, {
    port: config.http.port,
    host: config.http.host,
    log,
    // Webhook providers call MAX_PUBLIC_URL's host; a browser tricked by DNS rebinding sends another.
    allowedHosts: allowedHostsOf(config.http.publicUrl),
  });
  log.info({ url: http.url, channels: [...adapters.keys()], brain: brain.kind, worker }, "M.A.X. is serving");
  return {
    url: http.url,
    adapters,
    workerReady: workers.ready ?? Promise.resolve(),
    async close() {
      live.stop();
      await http.close();
      hits.stop();
      await mail.stop();
      await workers.stop();
      await campaigns?.stop();
      if (ingest !== store) ingest.close();
    },
  };
}
