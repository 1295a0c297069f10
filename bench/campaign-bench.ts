// Measurement: e-mail campaigns. (1) A campaign of 10,000 recipients started: the segment walked, each
// lead's consent checked, a token and a Message-ID each, queued in one transaction. (2) Sent by the
// campaign loop (as the worker runs it, in this process) through the tenant's mailbox to an SMTP sink
// in its own process, at MAX_CAMPAIGN_RATE=200 (forty times the default pace; the sender's ceiling on
// 2 vCPU is about 300 mails/s): the rate achieved against the one configured, each
// recipient exactly once, and the duplicate window (the SMTP server's 250 to the commit of `sent`)
// measured on every mail. (3) The tracking endpoints (pixel and click redirect) of the server in its
// own process, at 500 requests/s over real HTTP (open loop, lib/paced-load.ts), every hit recorded.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startCampaignLoop } from "../channels/email/campaign-loop.js";
import { parseConfig } from "../src/config.js";
import { prepareEmailHtml } from "../src/domain/email-html.js";
import { htmlToText, IMAGE_PLACEHOLDER, pipelineFor } from "../src/domain/index.js";
import { createLogger } from "../src/log.js";
import { openStore, type Store } from "../src/store/index.js";
import { pacedLoad } from "./lib/paced-load.js";
import { type Latency, latency } from "./lib/stats.js";
import { tempDb } from "./lib/tmpdb.js";

const RECIPIENTS = 10_000;
const RATE = 200;
const TRACKING_PER_SECOND = 500;
const TRACKING_SECONDS = 10;
const TRACKING_CONNECTIONS = 50;
/** One hit in five is a click, the others opens. */
const CLICK_EVERY = 5;
const SETTLE_MS = 3_000;
const FROM = "bench@campaign.test";
const PASSWORD = "bench-secret";
const SINK = fileURLToPath(new URL("./campaign-sink-worker.ts", import.meta.url));
const SERVER = fileURLToPath(new URL("./campaign-server-worker.ts", import.meta.url));

interface SinkTally {
  mails: number;
  recipients: number;
  mostToOne: number;
  messageIds: number;
  seconds: number;
}

export interface CampaignResults {
  recipients: number;
  queueSeconds: number;
  configuredRate: number;
  /** Mails per second between the sink's first and last arrival. */
  achievedRate: number;
  /** From the loop's start to the campaign finished. */
  sendSeconds: number;
  sink: SinkTally;
  recordedSent: number;
  /** The SMTP server's acceptance to the commit of `sent`, per mail: the one duplicate risk. */
  window: Latency;
  exact: boolean;
  tracking: {
    requests: number;
    perSecond: number;
    p50: number;
    p99: number;
    max: number;
    errors: number;
    unexpected: number;
    recorded: number;
    connections: number;
    /** The load offered: requests per second, for how long. */
    offered: number;
    seconds: number;
  };
  trackingExact: boolean;
}

function spawnWorker(file: string, args: string[]) {
  return spawn(process.execPath, ["--import", "tsx", file, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
}

async function firstLine(child: ReturnType<typeof spawnWorker>): Promise<string> {
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  return chunk.toString().trim();
}

/** A tenant with RECIPIENTS leads who may receive e-mail, loaded with raw inserts in one transaction. */
function seed(store: Store, smtpUrl: string) {
  const tenant = store.tenants.create({
    slug: "bench-shop",
    name: "Bench Shop",
    plan: "pro",
    vertical: "b2b",
  });
  const scope = { tenantId: tenant.id, actor: "bench" };
  store.emailAccounts.set(scope, { smtpUrl, imapUrl: "imap://bench:x@127.0.0.1:1/INBOX", fromAddress: FROM });
  const insert = store.ctx.sqlite.prepare(
    `insert into leads (tenant_id, first_name, last_name, company, email, email_opt_in_at, status, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const status = pipelineFor("b2b")[0];
  const now = Date.now();
  store.ctx.sqlite.transaction(() => {
    for (let i = 0; i < RECIPIENTS; i++)
      insert.run(
        tenant.id,
        `Prénom${i}`,
        `Nom${i}`,
        `Société ${i}`,
        `lead${i}@shop.test`,
        now,
        status,
        now,
        now,
      );
  })();
  const template = readFileSync(
    new URL("../prompts/newsletters/annonce-produit.html", import.meta.url),
    "utf8",
  )
    .replace(IMAGE_PLACEHOLDER, '<img src="https://cdn.shop.test/produit.png" alt="Produit" width="560">')
    .replace("[Votre lien ici]", "https://shop.test/nouveaute?utm_source=max");
  const body = prepareEmailHtml(template);
  const campaign = store.campaigns.create(scope, {
    name: "Bench",
    subject: "Nouveauté",
    bodyHtml: body.html,
    bodyText: htmlToText(body.html),
    links: body.links,
    segment: {},
    scheduledAt: new Date(),
    recipients: RECIPIENTS,
    excluded: 0,
  });
  return { scope, campaign };
}

async function send(store: Store, campaignId: number, tenantId: number) {
  const config = parseConfig({
    LOG_LEVEL: "silent",
    MAX_PUBLIC_URL: "http://bench.max.test",
    MAX_CAMPAIGN_RATE: String(RATE),
  });
  const windows: number[] = [];
  const started = performance.now();
  const loop = startCampaignLoop(
    { store, config, log: createLogger(config) },
    { pollMs: 100, onRecorded: (ms) => windows.push(ms) },
  );
  while (store.campaigns.get(tenantId, campaignId)?.status === "sending") {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await loop.stop();
  return { sendSeconds, window: latency(windows) };
}

async function track(dbPath: string, tokens: string[], log: (line: string) => void) {
  const server = spawnWorker(SERVER, [dbPath]);
  try {
    const url = await firstLine(server);
    // Measured once settled, as a server in service is: its worker thread loads the offline brain first.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    log(`campaigns: tracking endpoints at ${TRACKING_PER_SECOND}/s × ${TRACKING_SECONDS} s against ${url}`);
    let unexpected = 0;
    const isClick = (i: number) => i % CLICK_EVERY === 0;
    const result = await pacedLoad({
      url,
      connections: TRACKING_CONNECTIONS,
      perSecond: TRACKING_PER_SECOND,
      seconds: TRACKING_SECONDS,
      warmupSeconds: 1,
      next: (i) => {
        const token = tokens[(i * 7_919) % tokens.length] as string;
        return {
          method: "GET",
          path: isClick(i) ? `/t/click?r=${token}&l=0` : `/t/open?r=${token}`,
          headers: {},
          body: "",
        };
      },
      onAnswer: (i, status) => {
        if (status !== (isClick(i) ? 302 : 200)) unexpected += 1;
      },
    });
    server.kill("SIGTERM");
    const { opens, clicks } = JSON.parse(await firstLine(server)) as { opens: number; clicks: number };
    return {
      ...result,
      unexpected,
      recorded: opens + clicks,
      connections: TRACKING_CONNECTIONS,
      offered: TRACKING_PER_SECOND,
      seconds: TRACKING_SECONDS,
    };
  } finally {
    server.kill("SIGKILL");
  }
}

export async function campaignBench(log: (line: string) => void): Promise<CampaignResults> {
  const db = tempDb("campaigns");
  const sink = spawnWorker(SINK, [FROM, PASSWORD]);
  try {
    const smtpUrl = await firstLine(sink);
    const store = openStore({ path: db.path });
    const { scope, campaign } = seed(store, smtpUrl);
    log(`campaigns: ${RECIPIENTS} recipients loaded; starting the campaign`);
    const queueStart = performance.now();
    const started = store.campaigns.start(scope, campaign.id, "campaign.test");
    const queueSeconds = (performance.now() - queueStart) / 1000;
    if (!started) throw new Error("the campaign did not start");
    log(`campaigns: queued in ${queueSeconds.toFixed(2)} s; sending at ${RATE}/s`);
    const { sendSeconds, window } = await send(store, campaign.id, scope.tenantId);
    sink.kill("SIGTERM");
    const tally = JSON.parse(await firstLine(sink)) as SinkTally;
    const recordedSent = store.campaigns.perCampaign(scope.tenantId, campaign.id).sent;
    const tokens = (
      store.ctx.sqlite
        .prepare("select token from campaign_recipients where campaign_id = ?")
        .all(campaign.id) as Array<{
        token: string;
      }>
    ).map((r) => r.token);
    store.close();
    const tracking = await track(db.path, tokens, log);
    return {
      recipients: RECIPIENTS,
      queueSeconds,
      configuredRate: RATE,
      achievedRate: tally.seconds > 0 ? (tally.mails - 1) / tally.seconds : 0,
      sendSeconds,
      sink: tally,
      recordedSent,
      window,
      exact:
        tally.mails === RECIPIENTS &&
        tally.recipients === RECIPIENTS &&
        tally.mostToOne === 1 &&
        tally.messageIds === RECIPIENTS &&
        recordedSent === RECIPIENTS,
      tracking,
      trackingExact:
        tracking.unexpected === 0 && tracking.errors === 0 && tracking.recorded === tracking.requests,
    };
  } finally {
    sink.kill("SIGKILL");
    db.remove();
  }
}
