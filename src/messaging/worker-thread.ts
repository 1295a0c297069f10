// The turn worker in its own thread, so that running turns (the model, the store, the outbox) never
// delays a webhook's acknowledgement on the HTTP thread. It opens its own connection to the same
// SQLite file and builds the same channel adapters for delivery. Messages: "kick", "stop".
import { parentPort, workerData } from "node:worker_threads";
import { CHANNELS } from "../../channels/index.js";
import { createBrain } from "../agent/brain.js";
import type { Config } from "../config.js";
import { createLogger } from "../log.js";
import { llmClassifier } from "../scenarios/prequalification/index.js";
import { openStore } from "../store/index.js";
import { buildAdapters, SEND_RATES } from "./adapters.js";
import { burstDetector, ingestCounter } from "./ingest-pressure.js";
import { rateLimiter } from "./rate-limit.js";
import { startWorkers } from "./workers.js";

const { config, dbPath, ingest } = workerData as {
  config: Config;
  dbPath: string;
  ingest: SharedArrayBuffer;
};
const log = createLogger(config).child({ thread: "worker" });
const store = openStore({ path: dbPath, busyTimeoutMs: config.busyTimeoutMs });
const adapters = buildAdapters(CHANNELS, { store, config, log, accept: async () => false });
const workers = startWorkers({
  store,
  brain: createBrain(config.llm),
  settings: { n8n: config.n8n, prequalification: { timeoutDays: config.email.prequalTimeoutDays } },
  classifier: llmClassifier(config.llm, (reason) => log.warn({ reason }, "classifier fell back offline")),
  adapters,
  limiter: rateLimiter(SEND_RATES),
  log,
  working: (event) => adapters.get(event.channel)?.working?.(event) ?? Promise.resolve(),
  underBurst: burstDetector(ingestCounter(ingest).read),
});

log.info("turn worker started");
parentPort?.postMessage("ready");
parentPort?.on("message", (message: string) => {
  if (message === "kick") workers.kick();
  if (message === "stop") {
    void workers.stop().then(() => {
      store.close();
      parentPort?.postMessage("stopped");
      parentPort?.close();
    });
  }
});
