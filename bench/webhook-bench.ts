// Measurement 4: signed Slack and Twilio webhooks at 200 concurrent connections (an open-loop paced
// generator, lib/paced-load.ts), against the server in its own process. Every tenth request replays the previous event id, so the run also
// proves the dedupe: the events queued must equal the distinct ids acknowledged, each exactly once.
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import twilio from "twilio";
import { startSlackLoopback } from "../tests/helpers/slack-loopback.js";
import { startTwilioLoopback } from "../tests/helpers/twilio-loopback.js";
import { pacedLoad } from "./lib/paced-load.js";
import { tempDb } from "./lib/tmpdb.js";

const CONNECTIONS = 200;
const SECONDS = 10;
// The first second's answers (JIT, Bolt's first auth.test) are not timed; they are counted.
const WARMUP_SECONDS = 1;
// Offered load per channel, evenly paced over the 200 connections: with a closed loop the latency
// would only measure the generator's own queue (200 in flight / throughput).
const OFFERED_PER_SECOND = 1_200;
const SERVER = fileURLToPath(new URL("./webhook-server-worker.ts", import.meta.url));
const PUBLIC_URL = "http://bench.max.test";

export interface WebhookCase {
  name: string;
  requests: number;
  /** Distinct event ids sent, and those among them that got a 2xx ack. */
  sentIds: number;
  distinctIds: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface WebhookResults {
  cases: WebhookCase[];
  queued: number;
  /** Every acknowledged id must be queued, and nothing beyond the ids sent: ackedIds ≤ queued ≤ sentIds. */
  ackedIds: number;
  sentIds: number;
  connections: number;
  seconds: number;
}

type Signed = { path: string; headers: Record<string, string>; body: string };

function slackRequest(secret: string, id: string): Signed {
  const body = JSON.stringify({
    type: "event_callback",
    team_id: "T0DEMO",
    event_id: id,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: "app_mention",
      user: "U0DEMO",
      text: "<@UMAX> solde",
      channel: "C0DEMO",
      ts: `${Date.now() / 1000}`,
    },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return {
    path: "/slack/events",
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": ts,
      "x-slack-signature": signature,
    },
    body,
  };
}

function twilioRequest(token: string, id: string): Signed {
  const params = {
    From: "whatsapp:+33600000001",
    To: "whatsapp:+33100000000",
    Body: "solde",
    MessageSid: id,
    NumMedia: "0",
  };
  const signature = twilio.getExpectedTwilioSignature(token, `${PUBLIC_URL}/twilio/whatsapp`, params);
  return {
    path: "/twilio/whatsapp",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  };
}

/**
 * The run's requests, signed before it starts: signing inside the generator's loop would bill its
 * CPU to the server's latency on this 2-core machine. Every tenth request is a provider's
 * retry of the previous event.
 */
function signedRequests(name: string, make: (id: string) => Signed): { id: string; request: Signed }[] {
  const count = OFFERED_PER_SECOND * SECONDS;
  const requests: { id: string; request: Signed }[] = [];
  for (let n = 1; n <= count; n++) {
    const previous = requests.at(-1);
    const id = n % 10 === 0 && previous ? previous.id : `${name}-${n}-${randomBytes(4).toString("hex")}`;
    requests.push({ id, request: id === previous?.id ? previous.request : make(id) });
  }
  return requests;
}

async function load(url: string, name: string, make: (id: string) => Signed): Promise<WebhookCase> {
  const prepared = signedRequests(name, make);
  const idOf = (i: number) => (prepared[i] as (typeof prepared)[number]).id;
  const acknowledged = new Set<string>();
  const result = await pacedLoad({
    url,
    connections: CONNECTIONS,
    perSecond: OFFERED_PER_SECOND,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    next: (i) => (prepared[i] as (typeof prepared)[number]).request,
    onAnswer: (i, status) => {
      if (status >= 200 && status < 300) acknowledged.add(idOf(i));
    },
  });
  return {
    name,
    requests: result.requests,
    sentIds: new Set(prepared.map((p) => p.id)).size,
    distinctIds: acknowledged.size,
    perSecond: result.perSecond,
    p50: result.p50,
    p99: result.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function webhookBench(log: (line: string) => void): Promise<WebhookResults> {
  const db = tempDb("webhooks");
  const slackSecret = randomBytes(16).toString("hex");
  const twilioToken = randomBytes(16).toString("hex");
  const slackApi = await startSlackLoopback();
  const twilioApi = await startTwilioLoopback("ACbench", twilioToken);
  const args = [SERVER, db.path, slackSecret, twilioToken, slackApi.apiUrl, twilioApi.url];
  const server = spawn(process.execPath, ["--import", "tsx", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const [chunk] = (await once(server.stdout, "data")) as [Buffer];
    const url = chunk.toString().trim();
    log(`webhooks: ${CONNECTIONS} connections × ${SECONDS} s per channel against ${url}`);
    const cases = [
      await load(url, "slack", (id) => slackRequest(slackSecret, id)),
      await load(url, "whatsapp", (id) => twilioRequest(twilioToken, id)),
    ];
    server.kill("SIGTERM");
    const [summary] = (await once(server.stdout, "data")) as [Buffer];
    const { queued } = JSON.parse(summary.toString()) as { queued: number };
    // An id whose ack timed out or was still in flight may or may not be queued; an acked one must be.
    const ackedIds = cases.reduce((sum, c) => sum + c.distinctIds, 0);
    const sentIds = cases.reduce((sum, c) => sum + c.sentIds, 0);
    return { cases, queued, ackedIds, sentIds, connections: CONNECTIONS, seconds: SECONDS };
  } finally {
    server.kill("SIGKILL");
    await Promise.all([slackApi.close(), twilioApi.close()]);
    db.remove();
  }
}
