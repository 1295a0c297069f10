// Measurement: the Reporting API over real HTTP on one tenant with 100,000 leads and a year of history —
// 1,000,000 activities (status changes among them), an audit row for each plus M.A.X.'s tool calls,
// 200,000 messages and 20 campaigns of 5,000 recipients — written in time order as the product writes
// them. Timed: the first report (the history read whole, once per tenant and process), the report
// for 7, 30 and 90 days on still data, the same while another connection commits status changes, tool
// calls and messages before every call (each report then follows the new rows), the activity feed
// and the suggestions.
import { webChannel } from "../channels/web/index.js";
import { openSession } from "../channels/web/session.js";
import { parseConfig } from "../src/config.js";
import { pipelineFor } from "../src/domain/index.js";
import { serve } from "../src/main.js";
import { openStore, type Store } from "../src/store/index.js";
import { timed } from "./dashboard-bench.js";
import { pools } from "./lib/fixtures.js";
import { loadLeads } from "./lib/load-leads.js";
import { Rng } from "./lib/prng.js";
import { type Row, verdict } from "./lib/report.js";
import { int, type Latency, ms, secondsSince } from "./lib/stats.js";
import { withTempDb } from "./lib/tmpdb.js";
import { buildLeads } from "./search-bench.js";

const ACTIVITIES = 1_000_000;
/** A message row for this share of the e-mail and WhatsApp activities: about 200,000. */
const MESSAGE_CHANCE = 0.45;
const TOOL_SHARE = 0.05;
const CAMPAIGNS = 20;
const RECIPIENTS = 5_000;
const REPORT_CALLS = 300;
const LIVE_CALLS = 200;
const FEED_CALLS = 200;
const SUGGESTION_CALLS = 30;
const DAY_MS = 86_400_000;
const SEED = 1616;
const REPORT_P95_TARGET_MS = 100;

const STATUSES = pipelineFor("b2b");
const KINDS: [string, number][] = [
  ["note", 20],
  ["call", 10],
  ["email_out", 20],
  ["email_in", 8],
  ["whatsapp_out", 12],
  ["whatsapp_in", 6],
  ["meeting", 4],
  ["status_change", 12],
  ["appointment", 8],
];
const TOOLS: [string, number][] = [
  ["tool.update_status", 30],
  ["tool.apply_tags", 20],
  ["tool.add_note", 15],
  ["tool.analyze_lead", 10],
  ["tool.search_leads", 15],
  ["tool.send_message", 8],
  ["tool.send_message.failed", 2],
];
const OUT_STATES: [string, number][] = [
  ["delivered", 60],
  ["sent", 30],
  ["failed", 7],
  ["queued", 3],
];

export interface ReportingResults {
  leads: number;
  activities: number;
  auditRows: number;
  messages: number;
  recipients: number;
  loadSeconds: number;
  /** The first report of the tenant: its whole history read once. */
  coldMs: number;
  report: Latency;
  live: Latency;
  feed: Latency;
  suggestions: Latency;
}

/** A year of history for the tenant's leads, in time order, with raw prepared statements. */
function loadHistory(store: Store, tenantId: number, leadIds: number[]) {
  const { sqlite } = store.ctx;
  const rng = new Rng(SEED);
  const now = Date.now();
  const start = now - 365 * DAY_MS;
  const activity = sqlite.prepare(
    "insert into activities (tenant_id, lead_id, kind, body, meta, actor, occurred_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const audit = sqlite.prepare(
    "insert into audit_log (tenant_id, actor, action, entity, entity_id, after, cost, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const message = sqlite.prepare(
    `insert into messages (tenant_id, lead_id, channel, direction, body_text, status, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let audits = 0;
  let messages = 0;
  sqlite.transaction(() => {
    for (let i = 0; i < ACTIVITIES; i++) {
      const at = start + Math.floor((i / ACTIVITIES) * 365 * DAY_MS);
      const lead = rng.pick(leadIds);
      const kind = rng.weighted(KINDS);
      const meta =
        kind === "status_change"
          ? JSON.stringify({ from: rng.pick(STATUSES), to: rng.pick(STATUSES) })
          : "{}";
      activity.run(
        tenantId,
        lead,
        kind,
        "Échange avec le lead au sujet de sa demande.",
        meta,
        "user:1",
        at,
        at,
      );
      const after = JSON.stringify({
        id: i,
        leadId: lead,
        kind,
        body: "Échange avec le lead au sujet de sa demande.",
      });
      audit.run(tenantId, "user:1", "activity.add", "lead", String(lead), after, 0, at);
      audits += 1;
      if (rng.chance(TOOL_SHARE)) {
        const action = rng.weighted(TOOLS);
        audit.run(
          tenantId,
          "agent",
          action,
          "tool",
          null,
          JSON.stringify({ summary: `${action} : fait` }),
          1,
          at,
        );
        audits += 1;
      }
      if ((kind.endsWith("_out") || kind.endsWith("_in")) && rng.chance(MESSAGE_CHANCE)) {
        const inbound = kind.endsWith("_in");
        const channel = kind.startsWith("email") ? "email" : "whatsapp";
        const status = inbound ? "received" : rng.weighted(OUT_STATES);
        message.run(tenantId, lead, channel, inbound ? "in" : "out", "Bonjour", status, at, at);
        messages += 1;
      }
    }
  })();
  return { audits, messages };
}

function loadCampaigns(store: Store, tenantId: number, leadIds: number[]): number {
  const { sqlite } = store.ctx;
  const rng = new Rng(SEED + 1);
  const now = Date.now();
  const campaign = sqlite.prepare(
    `insert into campaigns (tenant_id, name, subject, body_html, status, scheduled_at, started_at, created_at)
     values (?, ?, 'Offre', '<p>Offre</p>', 'sent', ?, ?, ?)`,
  );
  const recipient = sqlite.prepare(
    `insert into campaign_recipients (tenant_id, campaign_id, lead_id, email, status, token, sent_at, opened_at,
       clicked_at, created_at, updated_at) values (?, ?, ?, 'r@x.fr', 'sent', ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let c = 0; c < CAMPAIGNS; c++) {
      const at = now - Math.floor(((CAMPAIGNS - c) / CAMPAIGNS) * 180 * DAY_MS);
      const id = Number(campaign.run(tenantId, `Campagne ${c + 1}`, at, at, at).lastInsertRowid);
      const start = rng.int(0, leadIds.length - RECIPIENTS);
      for (let r = 0; r < RECIPIENTS; r++) {
        const opened = rng.chance(0.3) ? at + 3_600_000 : null;
        const clicked = opened && rng.chance(0.2) ? opened + 60_000 : null;
        recipient.run(tenantId, id, leadIds[start + r], `tok-${id}-${r}`, at, opened, clicked, at, at);
      }
    }
  })();
  return CAMPAIGNS * RECIPIENTS;
}

export async function reportingBench(log: (line: string) => void): Promise<ReportingResults> {
  const leads = buildLeads(pools());
  return withTempDb("reporting", async (path) => {
    const store = openStore({ path });
    const tenant = store.tenants.create({
      slug: "bench-reporting",
      name: "Bench",
      plan: "pro",
      vertical: "b2b",
    });
    const owner = store.users.create(
      { tenantId: tenant.id, actor: "bench" },
      { name: "Bench", role: "owner" },
    );
    const loading = performance.now();
    log(`reporting: loading ${leads.length.toLocaleString("en-US")} leads and a year of history`);
    const ids = loadLeads(store, tenant.id, leads);
    const { audits, messages } = loadHistory(store, tenant.id, ids);
    const recipients = loadCampaigns(store, tenant.id, ids);
    store.ctx.sqlite.exec("ANALYZE");
    store.maintenance.optimize();
    const loadSeconds = secondsSince(loading);
    const token = openSession(store, tenant, owner);
    const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_DB_PATH: path });
    const running = await serve(config, store, [webChannel]);
    const other = openStore({ path });
    try {
      log("reporting: first report (history read whole)");
      const cold = performance.now();
      const first = await fetch(`${running.url}/api/reporting?days=90`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await first.arrayBuffer();
      const coldMs = performance.now() - cold;
      const reports = ["/api/reporting?days=7", "/api/reporting?days=30", "/api/reporting?days=90"];
      log("reporting: reports on still data");
      const report = await timed(running.url, token, REPORT_CALLS, reports);
      // Before each call, another connection commits what a busy tenant does meanwhile.
      const rng = new Rng(SEED + 2);
      const scope = { tenantId: tenant.id, actor: "bench" };
      const meanwhile = () => {
        for (let i = 0; i < 3; i++) other.leads.setStatus(scope, rng.pick(ids), rng.pick(STATUSES));
        other.audit.record(scope, {
          action: "tool.update_status",
          entity: "tool",
          after: { summary: "fait" },
        });
        other.messages.create(scope, {
          channel: "email",
          direction: "out",
          status: "sent",
          leadId: rng.pick(ids),
          bodyText: "Bonjour",
        });
      };
      log("reporting: reports while changes are committed");
      const live = await timed(running.url, token, LIVE_CALLS, reports, meanwhile);
      log("reporting: activity feed");
      const feed = await timed(running.url, token, FEED_CALLS, ["/api/reporting/activity"], meanwhile);
      log("reporting: suggestions");
      const suggestions = await timed(running.url, token, SUGGESTION_CALLS, ["/api/reporting/suggestions"]);
      return {
        leads: ids.length,
        activities: ACTIVITIES,
        auditRows: audits,
        messages,
        recipients,
        loadSeconds,
        coldMs,
        report,
        live,
        feed,
        suggestions,
      };
    } finally {
      other.close();
      await running.close();
      store.close();
    }
  });
}

const percentiles = (l: Latency) => `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} ms`;

/** A timed route against the room's target. */
const targetRow = (benchmark: string, l: Latency): Row => ({
  benchmark,
  result: percentiles(l),
  target: `p95 ≤ ${REPORT_P95_TARGET_MS} ms`,
  status: verdict(l.p95 <= REPORT_P95_TARGET_MS),
});

/** The results table's rows: the target is on the report, still and while changes come in. */
export function reportingRows(r: ReportingResults): Row[] {
  const data = `${int(r.leads)} leads, ${int(r.activities)} activities, ${int(r.auditRows)} audit rows, ${int(r.messages)} messages, ${int(r.recipients)} campaign recipients`;
  return [
    targetRow(`reporting: GET /api/reporting, 7/30/90 days in turn (${data})`, r.report),
    targetRow(
      "  · the same, 3 status changes, a tool call and a message committed on another connection before each",
      r.live,
    ),
    {
      benchmark: "  · first report of the tenant in the process (its history read whole, once)",
      result: `${int(r.coldMs)} ms`,
      target: "—",
      status: "info",
    },
    targetRow(
      "reporting: GET /api/reporting/activity (the live feed), changes committed before each",
      r.feed,
    ),
    targetRow("reporting: GET /api/reporting/suggestions", r.suggestions),
  ];
}
