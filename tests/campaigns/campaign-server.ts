// A separate process running what the server's worker thread runs (src/worker.ts: the job loop and
// the campaign sender) over a database, to be killed with SIGKILL in the middle of a campaign. Its
// clock may run ahead (second argument, in ms) so that a restart finds the dead process's leases run
// out, as a restart that long after would.
import { startCampaignLoop } from "../../channels/email/campaign-loop.js";
import { CHANNELS } from "../../channels/index.js";
import { parseConfig } from "../../src/config.js";
import { startWorkers } from "../../src/inbound/workers.js";
import { createRuntime } from "../../src/runtime.js";
import { openStore } from "../../src/store/index.js";

const [path = "", ahead = "0"] = process.argv.slice(2);
const store = openStore({
  path,
  busyTimeoutMs: 30_000,
  clock: () => new Date(Date.now() + Number(ahead)),
});
const config = parseConfig({
  LOG_LEVEL: "silent",
  MAX_PUBLIC_URL: "https://max.example.fr",
  MAX_CAMPAIGN_RATE: process.env.MAX_CAMPAIGN_RATE ?? "50",
});
const runtime = createRuntime(config, store, { channels: CHANNELS });
startWorkers(runtime, { handlers: runtime.handlers });
startCampaignLoop(runtime);
process.stdout.write("ready\n");
