// The turn worker in its own thread, so that running turns (the model, the store, the outbox) never
// delays a webhook's acknowledgement on the HTTP thread. It opens its own connection to the same
// SQLite file and builds its own runtime (the same tools, brain and adapters) for turns and
// delivery. Messages: "kick", "stop".
import { parentPort, workerData } from "node:worker_threads";
import { startCampaignLoop } from "../channels/email/campaign-loop.js";
import { CHANNELS } from "../channels/index.js";
import { offlineClassifier } from "./agent/nlu/model.js";
import type { Config } from "./config.js";
import { burstDetector, ingestCounter } from "./inbound/ingest-pressure.js";
import { startWorkers } from "./inbound/workers.js";
import { createLogger } from "./log.js";
import { createRuntime } from "./runtime.js";
import { openStore } from "./store/index.js";

const { config, dbPath, ingest } = workerData as {
  config: Config;
  dbPath: string;
  ingest: SharedArrayBuffer;
};
const log = createLogger(config).child({ thread: "worker" });
const store = openStore({ path: dbPath, busyTimeoutMs: config.busyTimeoutMs });
const runtime = createRuntime(config, store, { log, channels: CHANNELS });
const workers = startWorkers(runtime, {
  handlers: runtime.handlers,
  underBurst: burstDetector(ingestCounter(ingest).read),
});
// E-mail campaigns go out at their own pace, beside the jobs.
const campaigns = startCampaignLoop(runtime);

// The offline brain's model is loaded now rather than on the first message.
const loading = performance.now();
void offlineClassifier().then(
  () => log.info({ ms: Math.round(performance.now() - loading) }, "offline brain loaded"),
  (error: unknown) => log.error({ err: error }, "offline brain failed to load"),
);
log.info("turn worker started");
parentPort?.postMessage("ready");
parentPort?.on("message", (message: string) => {
  if (message === "kick") workers.kick();
  if (message === "stop") {
    void Promise.all([workers.stop(), campaigns.stop()]).then(() => {
      store.close();
      parentPort?.postMessage("stopped");
      parentPort?.close();
    });
  }
});
