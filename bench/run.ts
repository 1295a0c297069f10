// `npm run bench`: lead search latency, token debit throughput, the agent's turn overhead, webhooks, e-mail replies and the offline brain, each on a fresh temporary SQLite
// file. Prints the results table on stdout (progress goes to stderr) and saves it under
// bench/results/. Exits 0 when a speed target is missed (the table says FAIL), 1 when the ledger is
// not exact or anything throws.
import { cpus, platform } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AgentResults, agentBench } from "./agent-bench.js";
import { type CampaignResults, campaignBench } from "./campaign-bench.js";
import { type DashboardResults, dashboardBench } from "./dashboard-bench.js";
import { type EmailResults, emailBench } from "./email-bench.js";
import { type EspocrmResults, espocrmBench } from "./espocrm-bench.js";
import { type LedgerCase, type LedgerResults, ledgerBench } from "./ledger-bench.js";
import { localDate, markdownTable, type Row, saveResults, verdict } from "./lib/report.js";
import { int, type Latency, ms, secondsSince } from "./lib/stats.js";
import { reportingBench, reportingRows } from "./reporting-bench.js";
import { type ScenarioResults, scenarioBench } from "./scenario-bench.js";
import { type SearchResults, searchBench } from "./search-bench.js";
import { type UnderstandingResults, understandingBench } from "./understanding-bench.js";
import { type WebhookResults, webhookBench } from "./webhook-bench.js";

const SEARCH_P95_TARGET_MS = 5;
const DEBITS_PER_SECOND_TARGET = 5_000;
const TURN_OVERHEAD_RATIO_TARGET = 1.2;
const PROMPT_TOKENS_TARGET = 2_000;
const ACK_P99_TARGET_MS = 50;
const QUEUED_PER_SECOND_TARGET = 1_000;
const STEPS_PER_SECOND_TARGET = 1_000;
const EMAIL_SECONDS_TARGET = 30;
const UNDERSTAND_P95_TARGET_MS = 5;
const MODEL_LOAD_TARGET_MS = 2_000;
const HELD_OUT_ACCURACY_TARGET = 0.95;
const LIST_P95_TARGET_MS = 30;
const BOARD_P95_TARGET_MS = 50;
const LIVE_P95_TARGET_MS = 300;
const BUNDLE_GZIP_TARGET_KB = 250;
const FIRST_LOAD_TARGET_MS = 1_500;
const CAMPAIGN_QUEUE_SECONDS_TARGET = 10;
/** A campaign is paced at the configured rate: never faster, and at least this share of it. */
const CAMPAIGN_RATE_SHARE_TARGET = 0.8;
const TRACKING_P99_TARGET_MS = 20;
const ESPO_IMPORT_SECONDS_TARGET = 60;
const ESPO_PUSH_SECONDS_TARGET = 30;
const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "results");

const log = (line: string) => process.stderr.write(`${line}\n`);
const percentiles = (l: Latency) => `p50 ${ms(l.p50)} · p95 ${ms(l.p95)} · p99 ${ms(l.p99)} ms`;

function searchRows(s: SearchResults): Row[] {
  return [
    {
      benchmark: `lead search, mix of ${s.shapes.length} shapes (${int(s.mix.calls)} calls, ${int(s.leads)} leads)`,
      result: percentiles(s.mix),
      target: `p95 < ${SEARCH_P95_TARGET_MS} ms`,
      status: verdict(s.mix.p95 < SEARCH_P95_TARGET_MS),
    },
    ...s.shapes.map(
      (shape): Row => ({
        benchmark: `  · ${shape.shape} (${int(shape.meanTotal)} hits avg)`,
        result: percentiles(shape.latency),
        target: "—",
        status: "info",
      }),
    ),
    {
      benchmark: `lead search, filter only: status + tag (${int(s.filterOnly.meanTotal)} hits avg)`,
      result: percentiles(s.filterOnly),
      target: "—",
      status: "info",
    },
    {
      benchmark: "lead create through store.leads.create",
      result: `${int(s.createPerSecond)} leads/s`,
      target: "—",
      status: "info",
    },
  ];
}

function exactnessRow(c: LedgerCase): Row {
  const e = c.exactness;
  return {
    benchmark: `ledger exactness, ${c.processes === 1 ? "1 process" : `${c.processes} processes`}`,
    result:
      `Σ amount ${int(e.sumOfAmounts)} vs last balance ${int(e.lastBalance)}; ` +
      `${e.negativeBalances} negative; ${e.chainBreaks} chain breaks; ` +
      `${int(e.debitRows)} debit rows vs ${int(e.expectedDebits)} debits ok`,
    target: "exact",
    status: verdict(e.ok),
  };
}

const debitDetail = (c: LedgerCase, requested: number) =>
  `${int(c.tally.ok)} of ${int(requested)} debits in ${c.wallSeconds.toFixed(1)} s` +
  (c.tally.busy || c.tally.refused ? `, ${c.tally.busy} busy, ${c.tally.refused} refused` : "");

function ledgerRows(l: LedgerResults): Row[] {
  const rates = l.single.tally.chunkRates;
  return [
    {
      benchmark: "ledger debit, 1 process",
      result: `${int(l.single.perSecond)} debits/s (${debitDetail(l.single, l.requested)})`,
      target: `≥ ${int(DEBITS_PER_SECOND_TARGET)} debits/s`,
      status: verdict(l.single.perSecond >= DEBITS_PER_SECOND_TARGET),
    },
    {
      benchmark: "  · 1 process, rate as the ledger grows",
      result:
        rates.length > 1
          ? `first 1,000: ${int(rates[0] ?? 0)}/s → last 1,000: ${int(rates[rates.length - 1] ?? 0)}/s`
          : "fewer than 2,000 debits",
      target: "—",
      status: "info",
    },
    exactnessRow(l.single),
    {
      benchmark: `ledger debit, ${l.multi.processes} processes (aggregate, wall time)`,
      result: `${int(l.multi.perSecond)} debits/s (${debitDetail(l.multi, l.requested)})`,
      target: "— (target is for 1 process)",
      status: "info",
    },
    exactnessRow(l.multi),
  ];
}

function agentRows(a: AgentResults): Row[] {
  const p = a.prompt;
  const total = p.systemTokens + p.toolTokens;
  return [
    {
      benchmark: `agent turn through M.A.X. (tool call + answer, ${a.turns} turns)`,
      result: percentiles(a.max),
      target: "—",
      status: "info",
    },
    {
      benchmark: "agent turn through a bare createAgent, one equivalent tool",
      result: percentiles(a.bare),
      target: "—",
      status: "info",
    },
    {
      benchmark: "  · M.A.X. / bare agent at p50",
      result: `${a.ratioP50.toFixed(2)}x`,
      target: `≤ ${TURN_OVERHEAD_RATIO_TARGET}x`,
      status: verdict(a.ratioP50 <= TURN_OVERHEAD_RATIO_TARGET),
    },
    {
      benchmark: "  · M.A.X. in one long conversation (history replayed)",
      result: percentiles(a.maxWithHistory),
      target: "—",
      status: "info",
    },
    {
      benchmark: `prompt per turn: system prompt + ${p.tools} tool schemas (${p.encoding})`,
      result: `${int(total)} tokens (system ${int(p.systemTokens)} + tools ${int(p.toolTokens)})`,
      target: `< ${int(PROMPT_TOKENS_TARGET)} tokens`,
      status: verdict(total < PROMPT_TOKENS_TARGET),
    },
  ];
}

function webhookRows(w: WebhookResults): Row[] {
  return [
    ...w.cases.flatMap((c): Row[] => [
      {
        benchmark: `${c.name} webhooks, signed, ${w.connections} connections (${int(c.requests)} requests)`,
        result: `ack p50 ${ms(c.p50)} · p99 ${ms(c.p99)} ms; ${c.non2xx} non-2xx, ${c.errors} errors`,
        target: `p99 < ${ACK_P99_TARGET_MS} ms`,
        status: verdict(c.p99 < ACK_P99_TARGET_MS && c.non2xx === 0 && c.errors === 0),
      },
      {
        benchmark: `  · ${c.name}: distinct events deduplicated and queued`,
        result: `${int(c.distinctIds / w.seconds)}/s (${int(c.distinctIds)} distinct of ${int(c.requests)})`,
        target: `≥ ${int(QUEUED_PER_SECOND_TARGET)}/s`,
        status: verdict(c.distinctIds / w.seconds >= QUEUED_PER_SECOND_TARGET),
      },
    ]),
    {
      benchmark: "webhooks: each distinct event queued once (replays never add one)",
      result: `${int(w.ackedIds)} acked ≤ ${int(w.queued)} queued ≤ ${int(w.sentIds)} distinct ids sent`,
      target: "acked ≤ queued ≤ sent",
      status: verdict(w.ackedIds <= w.queued && w.queued <= w.sentIds),
    },
  ];
}

function scenarioRows(r: ScenarioResults): Row[] {
  const x = r.exactness;
  return [
    {
      benchmark: `scenario steps dispatched in Auto (${int(r.enrollments)} enrollments, one due step each)`,
      result: `${int(r.perSecond)} steps/s (${r.dispatchSeconds.toFixed(1)} s; setup ${r.setupSeconds.toFixed(1)} s)`,
      target: `≥ ${int(STEPS_PER_SECOND_TARGET)} steps/s`,
      status: verdict(r.perSecond >= STEPS_PER_SECOND_TARGET),
    },
    {
      benchmark: "  · each step exactly once (sent steps, enrollments, messages, debits; jobs left leased)",
      result: `${int(x.steps)} / ${int(x.distinctEnrollments)} / ${int(x.messages)} / ${int(x.debits)}; ${x.leftLeased} leased`,
      target: `all ${int(r.enrollments)}; 0 leased`,
      status: verdict(x.ok),
    },
  ];
}

function emailRows(e: EmailResults): Row[] {
  return [
    {
      benchmark: `email: ${int(e.replies)} replies in Dovecot fetched (IMAP), matched and classified offline`,
      result: `${e.totalSeconds.toFixed(1)} s (fetch + queue ${e.fetchSeconds.toFixed(1)} s, store + match + classify ${e.classifySeconds.toFixed(1)} s)`,
      target: `< ${EMAIL_SECONDS_TARGET} s`,
      status: verdict(e.totalSeconds < EMAIL_SECONDS_TARGET),
    },
    {
      benchmark: "  · email: each reply exactly once",
      result: `${int(e.stored)} stored, ${int(e.refetched)} on a second fetch, ${int(e.answered)} answered`,
      target: "exact",
      status: verdict(e.exact),
    },
  ];
}

function notes(search: SearchResults, ledger: LedgerResults): string[] {
  const d = search.dataset;
  return [
    `Data: ${int(search.leads)} leads and ${int(search.tagRows)} tags in one tenant, loaded with raw ` +
      `inserts in one transaction plus ANALYZE in ${search.loadSeconds.toFixed(1)} s. "Martin" is ` +
      `${(d.martinShare * 100).toFixed(2)} % of rows; ${int(d.distinctSurnames)} distinct surnames, ` +
      `median ${d.medianSurnameRows} rows each.`,
    `Search: each call is store.leads.search (validation, count query, page query, loading 20 leads), ` +
      `timed with performance.now() after ${search.warmupCalls} warm-up calls.`,
    `Ledger: ${int(ledger.requested)} debits of 1 token requested per case; a case stops after ` +
      `${ledger.timeCapSeconds} s so the run stays short when debits are slow. The ${ledger.multi.processes}-process ` +
      "rate is total successful debits over the wall time from the start signal to the last worker's tally. " +
      '"busy" counts debits that threw SQLITE_BUSY after the store\'s 5 s busy timeout (nothing written).',
    "Agent: a loopback OpenAI-compatible server answers at once (a tool call, then a text); both sides use " +
      "ChatOpenAI over real HTTP. Each M.A.X. turn is runTurn in Auto on a fresh conversation (memory loaded " +
      "and saved, system prompt built, gate, 1-token debit, note written, audit); the bare agent's tool writes " +
      "the same note with store.activities.add. The two are interleaved. The long-conversation row replays " +
      "up to 40 stored messages to the model each turn.",
    "Webhooks: the server (`serve()` with the demo seeded, its worker running the turns) runs in its own " +
      "process and runs its turns in a worker thread; the bench process sends 1,200 requests/s per channel, " +
      "evenly paced over 200 keep-alive connections (open loop: a latency counts from the request's " +
      "scheduled time), each a correctly signed request signed before the run; every tenth replays the " +
      "previous event id, as a provider's retry would. Queued counts distinct acknowledged ids.",
    "Scenarios: one tenant in Auto, 10,000 leads each enrolled in b2b-relance-devis with its first step due now; " +
      "the step runner leases 100 jobs at a time and runs each step's transaction (stop rules, 15-token debit " +
      "through the gate, outbox row, timeline activity, audit, next step's job, completion), as the worker does.",
    "Campaigns: 10,000 leads with an e-mail opt-in in one tenant; store.campaigns.start walks the segment, checks " +
      "each lead's consent and queues the recipients (token, Message-ID) in one transaction. The campaign loop runs " +
      "in the bench process (as in the worker thread) with MAX_CAMPAIGN_RATE=200 and sends through a pooled " +
      "nodemailer transport to the tests' SMTP sink in its own process; the achieved rate runs from the sink's first " +
      "to last arrival. The tracking load is GET /t/open and /t/click (one in five) on random recipients' tokens " +
      "against `serve()` in its own process (worker thread), open loop as for the webhooks.",
  ];
}

function plansMarkdown(search: SearchResults): string {
  return search.plans
    .map((p) => {
      const statements = p.statements
        .map((s) => `\`\`\`sql\n${s.sql}\n\`\`\`\n\n${s.plan.map((line) => `    ${line}`).join("\n")}`)
        .join("\n\n");
      const call = `slowest call: \`${JSON.stringify(p.query)}\`, ${ms(p.ms)} ms, ${int(p.total)} hits`;
      return `### ${p.shape}\n\n${call}\n\n${statements}`;
    })
    .join("\n\n");
}

function understandingRows(u: UnderstandingResults): Row[] {
  return [
    {
      benchmark: "offline brain: model loaded at start-up (saved model)",
      result: `${int(u.loadMs)} ms (training from the corpus: ${int(u.trainMs)} ms)`,
      target: `< ${int(MODEL_LOAD_TARGET_MS)} ms`,
      status: verdict(u.loadMs < MODEL_LOAD_TARGET_MS),
    },
    {
      benchmark: `offline brain: one message understood, lead named resolved (${int(u.understand.calls)} calls, ${int(u.leads)} leads)`,
      result: percentiles(u.understand),
      target: `p95 < ${UNDERSTAND_P95_TARGET_MS} ms`,
      status: verdict(u.understand.p95 < UNDERSTAND_P95_TARGET_MS),
    },
    {
      benchmark: `offline brain: held-out accuracy (${u.evaluation.total} phrasings never trained on)`,
      result: `${(100 * u.evaluation.accuracy).toFixed(1)} %`,
      target: `≥ ${HELD_OUT_ACCURACY_TARGET * 100} %`,
      status: verdict(u.evaluation.accuracy >= HELD_OUT_ACCURACY_TARGET),
    },
  ];
}

function dashboardRows(d: DashboardResults): Row[] {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    {
      benchmark: `dashboard: list API, page of 50 with its total, ${LIST_QUERIES_NOTE} (${int(d.leads)} leads)`,
      result: percentiles(d.list),
      target: `p95 ≤ ${LIST_P95_TARGET_MS} ms`,
      status: verdict(d.list.p95 <= LIST_P95_TARGET_MS),
    },
    {
      benchmark: "dashboard: pipeline board (counts, budget sums, first cards)",
      result: percentiles(d.board),
      target: `p95 ≤ ${BOARD_P95_TARGET_MS} ms`,
      status: verdict(d.board.p95 <= BOARD_P95_TARGET_MS),
    },
    {
      benchmark: "dashboard: commit on another connection → event read from the SSE stream",
      result: percentiles(d.live),
      target: `p95 ≤ ${LIVE_P95_TARGET_MS} ms`,
      status: verdict(d.live.p95 <= LIVE_P95_TARGET_MS),
    },
    {
      benchmark: `dashboard: the app's JavaScript and CSS, gzipped (${d.bundle.files.map((f) => `${f.path} ${kb(f.bytes)} → ${kb(f.gzip)}`).join(", ")})`,
      result: kb(d.bundle.gzipTotal),
      target: `≤ ${BUNDLE_GZIP_TARGET_KB} KB`,
      status: verdict(d.bundle.gzipTotal <= BUNDLE_GZIP_TARGET_KB * 1024),
    },
    d.firstLoad
      ? {
          benchmark: `dashboard: cold first load of #/crm to interactive in headless Chromium (${d.firstLoad.samplesMs.length} loads, median; worst ${int(d.firstLoad.worstMs)} ms)`,
          result: `${int(d.firstLoad.medianMs)} ms`,
          target: `≤ ${int(FIRST_LOAD_TARGET_MS)} ms`,
          status: verdict(d.firstLoad.medianMs <= FIRST_LOAD_TARGET_MS),
        }
      : {
          benchmark: "dashboard: first load in Chromium",
          result: "skipped: no /usr/bin/chromium",
          target: "—",
          status: "info",
        },
  ];
}

const LIST_QUERIES_NOTE = "7 filter, sort, text and paging shapes";

function campaignRows(c: CampaignResults): Row[] {
  const t = c.tracking;
  const paced =
    c.achievedRate <= c.configuredRate * 1.05 &&
    c.achievedRate >= c.configuredRate * CAMPAIGN_RATE_SHARE_TARGET;
  return [
    {
      benchmark: `campaign: ${int(c.recipients)} recipients queued (segment walked, consent checked, token + Message-ID each, one transaction)`,
      result: `${c.queueSeconds.toFixed(2)} s`,
      target: `≤ ${CAMPAIGN_QUEUE_SECONDS_TARGET} s`,
      status: verdict(c.queueSeconds <= CAMPAIGN_QUEUE_SECONDS_TARGET),
    },
    {
      benchmark: `campaign: sent to the SMTP sink at MAX_CAMPAIGN_RATE=${c.configuredRate} (achieved vs configured)`,
      result: `${int(c.achievedRate)} mails/s of ${int(c.configuredRate)} configured (${c.sendSeconds.toFixed(1)} s)`,
      target: `≤ ${int(c.configuredRate)}/s, ≥ ${CAMPAIGN_RATE_SHARE_TARGET * 100} % of it`,
      status: verdict(paced),
    },
    {
      benchmark:
        "  · campaign: each recipient exactly once (mails, recipients, most to one, Message-IDs, recorded sent)",
      result: `${int(c.sink.mails)} / ${int(c.sink.recipients)} / ${c.sink.mostToOne} / ${int(c.sink.messageIds)} / ${int(c.recordedSent)}`,
      target: `all ${int(c.recipients)}; most 1`,
      status: verdict(c.exact),
    },
    {
      benchmark:
        "  · campaign: duplicate window, SMTP 250 → `sent` committed (a crash inside it resends, same Message-ID)",
      result: percentiles(c.window),
      target: "—",
      status: "info",
    },
    {
      benchmark: `campaign tracking: pixel + click redirect (1 in 5), ${int(t.offered)} req/s × ${t.seconds} s over ${t.connections} connections`,
      result: `p50 ${ms(t.p50)} · p99 ${ms(t.p99)} ms; ${t.unexpected} unexpected answers, ${t.errors} errors`,
      target: `p99 ≤ ${TRACKING_P99_TARGET_MS} ms`,
      status: verdict(t.p99 <= TRACKING_P99_TARGET_MS && t.unexpected === 0 && t.errors === 0),
    },
    {
      benchmark: "  · campaign tracking: every hit recorded (batched writer)",
      result: `${int(t.recorded)} recorded of ${int(t.requests)}`,
      target: "exact",
      status: verdict(c.trackingExact),
    },
  ];
}

function espocrmRows(e: EspocrmResults): Row[] {
  return [
    {
      benchmark: `EspoCRM: first import of ${int(e.imported)} leads from the fake over HTTP (${int(e.pages)} pages of 200)`,
      result: `${e.importSeconds.toFixed(1)} s (${int(e.importPerSecond)} leads/s)`,
      target: `≤ ${ESPO_IMPORT_SECONDS_TARGET} s`,
      status: verdict(e.importSeconds <= ESPO_IMPORT_SECONDS_TARGET),
    },
    {
      benchmark: `EspoCRM: ${int(e.changes)} local changes pushed through the outbox, 10 % injected 503s (${int(e.faultsInjected)} of ${int(e.requests)} requests)`,
      result: `${e.pushSeconds.toFixed(1)} s`,
      target: `≤ ${ESPO_PUSH_SECONDS_TARGET} s`,
      status: verdict(e.pushSeconds <= ESPO_PUSH_SECONDS_TARGET),
    },
    {
      benchmark: "  · EspoCRM: after the push, both sides equal (statuses, tags) and each note posted once",
      result: `${e.mismatched} differing, ${e.doubledNotes} doubled, ${e.missingNotes} missing`,
      target: "none",
      status: verdict(e.exact),
    },
  ];
}

/** Accuracy per intent and the confusions, as a markdown section. */
function accuracyMarkdown(u: UnderstandingResults): string {
  const ev = u.evaluation;
  const rows = ev.perIntent.map(
    (r) => `| ${r.intent} | ${r.right}/${r.total} | ${((100 * r.right) / r.total).toFixed(0)} % |`,
  );
  const misses = ev.misses.map((m) => `- ${m.expected} → ${m.got} (${m.score.toFixed(2)}): « ${m.text} »`);
  return ["| intent | right | accuracy |", "|---|---|---|", ...rows, "", "Confusions:", "", ...misses].join(
    "\n",
  );
}

function markdown(
  started: Date,
  seconds: number,
  rows: Row[],
  extra: string[],
  plans: string,
  accuracy: string,
): string {
  const cpu = cpus();
  return [
    `# Benchmark ${started.toISOString()}`,
    "",
    `Node ${process.version} · ${platform()} · ${cpu[0]?.model ?? "cpu"} × ${cpu.length} · run ${seconds.toFixed(0)} s`,
    "",
    markdownTable(rows),
    "",
    ...extra.map((n) => `- ${n}`),
    "",
    "## Offline brain: held-out accuracy per intent",
    "",
    accuracy,
    "",
    "## Query plans of the slowest call of each shape (EXPLAIN QUERY PLAN, with its bound values)",
    "",
    plans,
    "",
  ].join("\n");
}

async function main() {
  const started = new Date();
  const clock = performance.now();
  const search = await searchBench(log);
  const ledger = await ledgerBench(log);
  const agent = await agentBench(log);
  const webhooks = await webhookBench(log);
  const scenarios = await scenarioBench(log);
  const email = await emailBench(log);
  const understanding = await understandingBench(log);
  const dashboard = await dashboardBench(log);
  const reporting = await reportingBench(log);
  const espocrm = await espocrmBench(log);
  const campaigns = await campaignBench(log);
  const seconds = secondsSince(clock);

  const rows = [
    ...searchRows(search),
    ...ledgerRows(ledger),
    ...agentRows(agent),
    ...webhookRows(webhooks),
    ...scenarioRows(scenarios),
    ...emailRows(email),
    ...understandingRows(understanding),
    ...dashboardRows(dashboard),
    ...reportingRows(reporting),
    ...espocrmRows(espocrm),
    ...campaignRows(campaigns),
  ];
  const table = markdownTable(rows);
  process.stdout.write(`${table}\n`);

  const md = markdown(
    started,
    seconds,
    rows,
    notes(search, ledger),
    plansMarkdown(search),
    accuracyMarkdown(understanding),
  );
  const json = {
    startedAt: started.toISOString(),
    node: process.version,
    cpus: cpus().length,
    seconds,
    rows,
  };
  const files = saveResults(
    RESULTS_DIR,
    localDate(started),
    {
      ...json,
      search,
      ledger,
      agent,
      webhooks,
      scenarios,
      email,
      understanding,
      dashboard,
      reporting,
      espocrm,
      campaigns,
    },
    md,
  );
  log(`run took ${seconds.toFixed(1)} s; wrote ${files.join(", ")}`);

  if (!email.exact) {
    log("email exactness check FAILED");
    process.exitCode = 1;
  }
  if (!ledger.single.exactness.ok || !ledger.multi.exactness.ok) {
    log("ledger exactness check FAILED");
    process.exitCode = 1;
  }
  if (!campaigns.exact || !campaigns.trackingExact) {
    log("campaign exactly-once check FAILED");
    process.exitCode = 1;
  }
  if (!espocrm.exact) {
    log("EspoCRM sync exactness check FAILED");
    process.exitCode = 1;
  }
  if (!scenarios.exactness.ok) {
    log("scenario exactly-once check FAILED");
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
