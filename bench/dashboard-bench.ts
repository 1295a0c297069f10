// Measurement: the dashboard on 100,000 leads over real HTTP — a page of 50 leads with its total, the
// pipeline board, a change's way from its commit (on another connection, as the CLI writes) to an open
// page's live stream, the app's gzipped weight, and a cold first load to interactive in Chromium.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { webChannel } from "../channels/web/index.js";
import { openSession } from "../channels/web/session.js";
import { parseConfig } from "../src/config.js";
import { bundleApp } from "../src/http/app-bundle.js";
import { serve } from "../src/main.js";
import { openStore } from "../src/store/index.js";
import { pools } from "./lib/fixtures.js";
import { loadLeads } from "./lib/load-leads.js";
import { type Latency, latency } from "./lib/stats.js";
import { withTempDb } from "./lib/tmpdb.js";
import { buildLeads } from "./search-bench.js";

const CHROMIUM = "/usr/bin/chromium";
const LIST_CALLS = 400;
const BOARD_CALLS = 100;
const LIVE_CHANGES = 100;
const COLD_LOADS = 5;

export interface DashboardResults {
  leads: number;
  list: Latency;
  board: Latency;
  live: Latency;
  bundle: { files: { path: string; bytes: number; gzip: number }[]; gzipTotal: number };
  firstLoad: { samplesMs: number[]; medianMs: number; worstMs: number } | null;
}

const LIST_QUERIES = [
  "limit=50",
  "limit=50&status=devis_envoye",
  "limit=50&heat=chaud&sort=score&order=desc",
  "limit=50&text=martin",
  "limit=50&inactiveDays=30",
  "limit=50&tag=newsletter&offset=100",
  "limit=50&sort=name&order=asc&offset=5000",
];

/** GETs of the paths in turn after 20 warm-up calls; `before` runs ahead of each (untimed). */
export async function timed(
  url: string,
  token: string,
  calls: number,
  paths: readonly string[],
  before?: () => void,
): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < calls + 20; i++) {
    before?.();
    const path = paths[i % paths.length] as string;
    const start = performance.now();
    const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    if (i >= 20) samples.push(performance.now() - start);
  }
  return latency(samples);
}

/** Commit on another connection -> the event read by an open stream, one change at a time. */
async function liveLatency(url: string, token: string, dbPath: string, tenantId: number, leadIds: number[]) {
  const other = openStore({ path: dbPath });
  const controller = new AbortController();
  const res = await fetch(`${url}/api/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (!res.body) throw new Error("no stream");
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const samples: number[] = [];
  try {
    for (let i = 0; i < LIVE_CHANGES; i++) {
      const leadId = leadIds[i] as number;
      other.leads.changeTags({ tenantId, actor: "bench" }, leadId, { add: [`live-${i}`] });
      const committed = performance.now();
      const needle = new RegExp(`"lead":\\[[^\\]]*\\b${leadId}\\b`);
      while (!needle.test(buffer)) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += decoder.decode(value, { stream: true });
      }
      samples.push(performance.now() - committed);
      buffer = "";
    }
  } finally {
    controller.abort();
    other.close();
  }
  return latency(samples);
}

async function firstLoad(url: string): Promise<DashboardResults["firstLoad"]> {
  if (!existsSync(CHROMIUM)) return null;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const samplesMs: number[] = [];
  try {
    for (let i = 0; i < COLD_LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(`${url}/#/crm`);
      // Interactive: the header's balance and the first page of leads are on screen.
      await page
        .locator("header")
        .getByText(/\d jetons?\b/)
        .waitFor();
      await page.locator("main table tbody tr").first().waitFor();
      samplesMs.push(performance.now() - start);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { samplesMs, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, worstMs: sorted.at(-1) ?? 0 };
}

export async function dashboardBench(log: (line: string) => void): Promise<DashboardResults> {
  const assets = await bundleApp();
  const bundle = {
    files: assets.map((a) => ({ path: a.path, bytes: a.body.length, gzip: a.gzip.length })),
    gzipTotal: assets.reduce((n, a) => n + a.gzip.length, 0),
  };
  const leads = buildLeads(pools());
  return withTempDb("dashboard", async (path) => {
    const store = openStore({ path });
    const tenant = store.tenants.create({
      // The demo's slug: a cold page on loopback opens its demo session, as `npm start`'s does.
      slug: "demo-coaching",
      name: "Bench",
      plan: "pro",
      vertical: "b2b",
    });
    const owner = store.users.create(
      { tenantId: tenant.id, actor: "bench" },
      { name: "Bench", role: "owner" },
    );
    log(`dashboard: loading ${leads.length.toLocaleString("en-US")} leads`);
    const ids = loadLeads(store, tenant.id, leads);
    store.ctx.sqlite.exec("ANALYZE");
    store.maintenance.optimize();
    const token = openSession(store, tenant, owner);
    const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_DB_PATH: path });
    const running = await serve(config, store, [webChannel]);
    try {
      log("dashboard: list API");
      const list = await timed(
        running.url,
        token,
        LIST_CALLS,
        LIST_QUERIES.map((q) => `/api/leads?${q}`),
      );
      log("dashboard: board API");
      const board = await timed(running.url, token, BOARD_CALLS, ["/api/board"]);
      log("dashboard: commit to live event");
      const live = await liveLatency(running.url, token, path, tenant.id, ids.slice(0, LIVE_CHANGES));
      log("dashboard: cold first loads in Chromium");
      const load = await firstLoad(running.url);
      return { leads: ids.length, list, board, live, bundle, firstLoad: load };
    } finally {
      await running.close();
      store.close();
    }
  });
}
