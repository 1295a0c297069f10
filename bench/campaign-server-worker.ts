// The campaign benchmark's server in its own process, for the tracking endpoints (the load generator
// gets the other core): `max serve`'s composition root on the bench's database, its turns and campaign
// sender in a worker thread. Prints its base URL; SIGTERM closes it (the hits waiting are written) and
// prints the opens and clicks recorded, then exits.
import { parseConfig } from "../src/config.js";
import { serve } from "../src/main.js";
import { openStore } from "../src/store/index.js";

const [dbPath] = process.argv.slice(2);
const store = openStore({ path: String(dbPath) });
const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_PUBLIC_URL: "http://bench.max.test" });
const running = await serve(config, store, [], { worker: "thread" });
await running.workerReady;
process.stdout.write(`${running.url}\n`);
process.on("SIGTERM", () => {
  void running.close().then(() => {
    const recorded = store.ctx.sqlite
      .prepare(
        "select coalesce(sum(opens), 0) as opens, coalesce(sum(clicks), 0) as clicks from campaign_recipients",
      )
      .get() as { opens: number; clicks: number };
    process.stdout.write(`${JSON.stringify(recorded)}\n`);
    store.close();
    process.exit(0);
  });
});
