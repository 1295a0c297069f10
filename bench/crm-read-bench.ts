// Measurement: the store's read models of the dashboard's CRM on 100,000 leads of one tenant (no
// HTTP): the pipeline board (counts, budget sums from free text, first cards), a column's next page,
// the list's page of 50 with its exact total for filter and text shapes, a lead's page, and the CSV
// export of the whole list. Run alone: `node --import tsx bench/crm-read-bench.ts`.
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import type { LeadQuery, Store } from "../src/store/index.js";
import { openStore } from "../src/store/index.js";
import { pools, Rng } from "./lib/fixtures.js";
import { loadLeads } from "./lib/load-leads.js";
import { type Latency, latency, ms } from "./lib/stats.js";
import { withTempDb } from "./lib/tmpdb.js";
import { buildLeads } from "./search-bench.js";

const BUDGET_SHARE = 0.6;
const AUDIT_ROWS = 100_000;

export interface CrmReadResults {
  leads: number;
  boardWarm: Timing;
  boardCold: Timing;
  boardCounts: Timing;
  column: Timing;
  list: Array<{ shape: string; total: number; totalExact: boolean; latency: Timing }>;
  detail: Timing;
  statusFromAudit: Timing;
  exportCsv: { rows: number; seconds: number; cpuSeconds: number; bytes: number; heapPeakMb: number };
}

/**
 * Wall time, and the process's own CPU time: on a machine shared with other work (the load of other
 * test runs), CPU time is what the call costs; wall time adds the wait for a core.
 */
export interface Timing {
  wall: Latency;
  cpu: Latency;
}

function sample(calls: number, run: () => unknown, warmup = 5): Timing {
  for (let i = 0; i < warmup; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < calls; i++) {
    const c = process.cpuUsage();
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: latency(wall), cpu: latency(cpu) };
}

/** Budgets as people type them, on 60 % of the leads. */
function writeBudgets(store: Store, ids: readonly number[]): void {
  const rng = new Rng(11);
  const forms = (n: number) => [
    `${n.toLocaleString("fr-FR")} €`,
    `${n}`,
    `${Math.round(n / 1000)}k€`,
    `${n} euros`,
    `environ ${n} €`,
    `${Math.round(n / 2)} - ${n} €`,
    "à définir",
  ];
  const update = store.ctx.sqlite.prepare("update leads set budget_indicatif = ? where id = ?");
  store.ctx.sqlite.transaction(() => {
    for (const id of ids)
      if (rng.chance(BUDGET_SHARE)) update.run(rng.pick(forms(rng.int(5, 500) * 100)), id);
  })();
}

/** One lead with a full page: messages, notes, status changes, appointments, a sequence's steps. */
function richLead(store: Store, tenantId: number, leadId: number): void {
  const scope = { tenantId, actor: "bench" };
  for (let i = 0; i < 40; i++) {
    const m = store.messages.create(scope, {
      channel: i % 2 ? "email" : "whatsapp",
      direction: i % 3 ? "out" : "in",
      status: i % 3 ? "sent" : "received",
      leadId,
      subject: "Votre devis",
      bodyText: `Message ${i} `.repeat(40),
    });
    store.activities.add(scope, leadId, { kind: "email_out", body: m.bodyText, meta: { messageId: m.id } });
    store.activities.add(scope, leadId, { kind: "note", body: `Note ${i}` });
  }
  for (const status of ["en_qualif", "devis_envoye", "en_negociation", "devis_envoye", "en_negociation"]) {
    store.leads.setStatus(scope, leadId, status);
  }
  for (let i = 0; i < 3; i++)
    store.appointments.create(scope, { leadId, startsAt: new Date(Date.now() + i * 86_400_000) });
  const enrollment = store.scenarios.enroll(scope, {
    leadId,
    scenario: "b2b-relance-devis",
    anchorAt: new Date(),
    expectedStatus: "en_negociation",
  });
  for (let i = 0; i < 3; i++)
    store.scenarios.recordStep(scope, enrollment.id, { index: i, key: `j${i}`, outcome: "sent" });
}

/** The tenant's audit history a real CRM of this size has: one lead.create row per lead, its JSON. */
function auditHistory(store: Store, tenantId: number, ids: readonly number[]): void {
  const insert = store.ctx.sqlite.prepare(
    `insert into audit_log (tenant_id, actor, action, entity, entity_id, after, created_at)
     values (?, 'bench', 'lead.create', 'lead', ?, ?, ?)`,
  );
  const after = JSON.stringify({ firstName: "x".repeat(20), notes: "y".repeat(600), fields: {}, tags: [] });
  store.ctx.sqlite.transaction(() => {
    for (let i = 0; i < AUDIT_ROWS; i++) insert.run(tenantId, String(ids[i % ids.length]), after, Date.now());
  })();
}

const LIST_SHAPES: Array<[string, LeadQuery]> = [
  ["no filter", {}],
  ["status", { status: "devis_envoye" }],
  ["two statuses", { status: ["nouveau", "en_qualif"] }],
  ["common tag (25 %)", { tag: "newsletter" }],
  ["rare tag (3 %)", { tag: "export" }],
  ["status + tag", { status: "devis_envoye", tag: "relance" }],
  ["heat", { heat: "chaud" }],
  ["heat + status", { heat: "chaud", status: "nouveau" }],
  ["inactive 30 days", { inactiveDays: 30 }],
  ["inactive 30 days + status", { inactiveDays: 30, status: "nouveau" }],
  ["text: surname", { text: "Martin" }],
  ["text: common company word", { text: "Conseil" }],
  ["text: city (19 %)", { text: "Paris" }],
  ["text: 3-letter prefix", { text: "Nat" }],
  ["text + status", { text: "Conseil", status: "nouveau" }],
  ["text + inactive", { text: "Conseil", inactiveDays: 30 }],
  ["vertical field (no lead has it)", { fields: { taille_entreprise: "PME" } }],
  ["tag, page 11 (offset 500)", { tag: "newsletter", offset: 500 }],
  ["sort by name, whole list", { sort: "name" }],
  ["sort by score, whole list", { sort: "score" }],
];

export async function crmReadBench(log: (line: string) => void): Promise<CrmReadResults> {
  const leads = buildLeads(pools());
  return withTempDb("crm-read", (path) => {
    const store = openStore({ path });
    try {
      const tenant = store.tenants.create({ slug: "bench-crm", name: "Bench", plan: "pro", vertical: "b2b" });
      log(`crm: loading ${leads.length.toLocaleString("en-US")} leads`);
      const ids = loadLeads(store, tenant.id, leads);
      writeBudgets(store, ids);
      const rich = ids[ids.length - 1] as number;
      richLead(store, tenant.id, rich);
      auditHistory(store, tenant.id, ids);
      store.ctx.sqlite.exec("ANALYZE");
      store.maintenance.optimize();
      const T = tenant.id;

      log("crm: board");
      const boardWarm = sample(50, () => store.board.get(T));
      // A lead changed before each call: the budget sums are read again.
      const touch = store.ctx.sqlite.prepare("update leads set notes = notes where id = ?");
      let n = 0;
      const boardCold = sample(20, () => {
        touch.run(ids[n++ % ids.length]);
        return store.board.get(T);
      });
      const counts = store.ctx.sqlite.prepare(
        "select status, count(*) from leads where tenant_id = ? group by status",
      );
      const boardCounts = sample(50, () => counts.all(T));
      const column = sample(50, () => store.board.column(T, "devis_envoye", { offset: 500 }));

      log("crm: list with exact totals");
      const list = LIST_SHAPES.map(([shape, query]) => {
        const run = () => store.leads.search(T, { limit: 50, ...query }, { exactTotal: true });
        const page = run();
        return { shape, total: page.total, totalExact: page.totalExact, latency: sample(30, run, 3) };
      });

      log("crm: lead page");
      const detail = sample(100, () => store.leadDetail.get(T, rich));
      const fromAudit = store.ctx.sqlite.prepare(
        `select before, after, created_at from audit_log
         where tenant_id = ? and entity = 'lead' and entity_id = ? and action = 'lead.status' order by id desc limit 100`,
      );
      const statusFromAudit = sample(10, () => fromAudit.all(T, String(rich)), 1);

      log("crm: CSV export of the whole list");
      globalThis.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      let bytes = 0;
      let chunks = 0;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (const chunk of store.leadExport.csv(T)) {
        bytes += Buffer.byteLength(chunk);
        if (++chunks % 20 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
      const seconds = (performance.now() - start) / 1000;
      const cpuUsed = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
      return {
        leads: ids.length,
        boardWarm,
        boardCold,
        boardCounts,
        column,
        list,
        detail,
        statusFromAudit,
        exportCsv: {
          rows: ids.length,
          seconds,
          cpuSeconds,
          bytes,
          heapPeakMb: (heapPeak - heapBefore) / 1e6,
        },
      };
    } finally {
      store.close();
    }
  });
}

const line = (name: string, t: Timing) =>
  `${name.padEnd(46)} cpu p50 ${ms(t.cpu.p50).padStart(6)} · p95 ${ms(t.cpu.p95).padStart(6)} ms | wall p50 ${ms(t.wall.p50).padStart(6)} · p95 ${ms(t.wall.p95).padStart(6)} ms`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await crmReadBench((s) => process.stderr.write(`${s}\n`));
  const out = [
    `CRM read models on ${r.leads.toLocaleString("en-US")} leads of one tenant (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`,
    line("board (sums kept: no lead changed)", r.boardWarm),
    line("board (a lead changed: sums read again)", r.boardCold),
    line("  board counts alone (index)", r.boardCounts),
    line("board column, offset 500", r.column),
    ...r.list.map((l) => line(`list: ${l.shape} (${l.total}${l.totalExact ? "" : "+"})`, l.latency)),
    line("lead page (40 messages, 85 activities…)", r.detail),
    line(`  status changes from audit_log (${AUDIT_ROWS / 1000}k rows)`, r.statusFromAudit),
    `CSV export: ${r.exportCsv.rows} rows in ${r.exportCsv.seconds.toFixed(1)} s (cpu ${r.exportCsv.cpuSeconds.toFixed(1)} s), ${(r.exportCsv.bytes / 1e6).toFixed(1)} MB, heap growth ≤ ${r.exportCsv.heapPeakMb.toFixed(0)} MB`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}
