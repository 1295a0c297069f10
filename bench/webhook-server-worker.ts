// The webhook benchmark's server in its own process (the load generator gets the other core): the
// demo seeded on a fresh file, Slack and Twilio configured with the bench's secrets, `max serve`'s
// composition root on a free port. Prints its base URL; SIGTERM prints how many inbound events were
// queued, then exits.
import { parseConfig } from "../src/config.js";
import { serve } from "../src/main.js";
import { seedDemo } from "../src/seed/seed-demo.js";
import { openStore } from "../src/store/index.js";

// The replies go to loopback Slack and Twilio APIs that the bench process runs, as real ones would be
// elsewhere: their work is not billed to this process.
const [dbPath, slackSecret, twilioToken, slackApiUrl, twilioApiUrl] = process.argv.slice(2);
const store = openStore({ path: String(dbPath) });
seedDemo(store);
const config = parseConfig({
  PORT: "0",
  LOG_LEVEL: "silent",
  SLACK_BOT_TOKEN: "xoxb-bench",
  SLACK_SIGNING_SECRET: slackSecret,
  SLACK_API_URL: slackApiUrl,
  TWILIO_ACCOUNT_SID: "ACbench",
  TWILIO_AUTH_TOKEN: twilioToken,
  TWILIO_WHATSAPP_FROM: "whatsapp:+33100000000",
  TWILIO_API_URL: twilioApiUrl,
  MAX_PUBLIC_URL: "http://bench.max.test",
});
const running = await serve(config, store, undefined, { worker: "thread" });
// Measured once booted, as a server in service is: the worker thread compiles its modules first.
await running.workerReady;
process.stdout.write(`${running.url}\n`);
process.on("SIGTERM", () => {
  void running.close().then(() => {
    const queued = store.ctx.sqlite
      .prepare("select count(*) as n from scheduled_jobs where kind = 'inbound'")
      .get() as {
      n: number;
    };
    process.stdout.write(`${JSON.stringify({ queued: queued.n })}\n`);
    store.close();
    process.exit(0);
  });
});
