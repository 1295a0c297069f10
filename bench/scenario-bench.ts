// Measurement 5: the scenario scheduler. 10,000 enrollments in Auto each have a due step; the step
// runner dispatches them as the server's worker does (lease 20, run them in one commit with each
// step in its own savepoint: stop rules, debit, outbox row, audit, next step's job, completion). Then the exactly-once check:
// one step record, one message and one debit per enrollment, no job left leased.
import { parseConfig } from "../src/config.js";
import { runJobs } from "../src/inbound/run-jobs.js";
import { createRuntime } from "../src/runtime.js";
import { enrollLead } from "../src/scenarios/enroll.js";
import { enqueueStep, SCENARIO_STEP_JOB } from "../src/scenarios/schedule.js";
import { openStore, type Store } from "../src/store/index.js";
import { withTempDb } from "./lib/tmpdb.js";

export const ENROLLMENTS = Number(process.env.BENCH_ENROLLMENTS ?? 10_000);
// What the server's worker claims per tick.
const BATCH = 20;
// A Monday 10:00 in Paris: inside the send window, so nothing waits for the morning.
const NOW = new Date("2026-11-16T09:00:00Z");

export interface ScenarioResults {
  enrollments: number;
  setupSeconds: number;
  dispatchSeconds: number;
  perSecond: number;
  exactness: {
    steps: number;
    distinctEnrollments: number;
    messages: number;
    debits: number;
    leftLeased: number;
    ok: boolean;
  };
}

function setup(store: Store): void {
  const tenant = store.tenants.create({
    slug: "bench-relances",
    name: "Bench",
    plan: "studio",
    vertical: "b2b",
    defaultMode: "auto",
  });
  const scope = { tenantId: tenant.id, actor: "bench" };
  for (let i = 0; i < 4; i++) store.ledger.addPacks(scope, 100);
  // A connected mailbox, as `max connect email` does: without one each step is refused before paying.
  // Nothing is delivered here (the runtime has no channel); the outbox only queues.
  store.emailAccounts.set(scope, {
    smtpUrl: "smtp://unused@127.0.0.1:1",
    imapUrl: "imap://unused:x@127.0.0.1:1/INBOX",
    fromAddress: "contact@bench.test",
  });
  store.transaction(() => {
    for (let i = 0; i < ENROLLMENTS; i++) {
      const lead = store.leads.create(scope, {
        firstName: `Prospect${i}`,
        lastName: "Bench",
        email: `p${i}@bench.fr`,
        status: "devis_envoye",
        consent: { email: true },
      });
      const e = enrollLead(store, scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
      enqueueStep(store, scope, e, 0, NOW);
    }
  });
}

async function dispatchAll(store: Store): Promise<void> {
  const runtime = createRuntime(parseConfig({ LOG_LEVEL: "silent" }), store);
  for (;;) {
    const jobs = store.jobs.claimDue(60_000, BATCH, [SCENARIO_STEP_JOB]);
    if (jobs.length === 0) return;
    await runJobs(runtime, jobs, { handlers: runtime.handlers });
  }
}

function exactness(store: Store): ScenarioResults["exactness"] {
  const n = (sql: string) => (store.ctx.sqlite.prepare(sql).get() as { n: number }).n;
  const steps = n("select count(*) as n from scenario_steps where outcome = 'sent'");
  const distinctEnrollments = n("select count(distinct enrollment_id) as n from scenario_steps");
  const messages = n("select count(*) as n from messages where lead_id is not null");
  const debits = n(
    "select count(*) as n from token_ledger where kind = 'debit' and action = 'auto_followup'",
  );
  const leftLeased = n(
    "select count(*) as n from scheduled_jobs where kind = 'scenario-step' and status = 'leased'",
  );
  const ok =
    [steps, distinctEnrollments, messages, debits].every((x) => x === ENROLLMENTS) && leftLeased === 0;
  return { steps, distinctEnrollments, messages, debits, leftLeased, ok };
}

export async function scenarioBench(log: (line: string) => void): Promise<ScenarioResults> {
  return withTempDb("scenarios", async (path) => {
    const store = openStore({ path, clock: () => NOW });
    try {
      log(`scenarios: enrolling ${ENROLLMENTS.toLocaleString("en-US")} leads…`);
      let t0 = performance.now();
      setup(store);
      const setupSeconds = (performance.now() - t0) / 1000;
      log("scenarios: dispatching the due steps…");
      t0 = performance.now();
      await dispatchAll(store);
      const dispatchSeconds = (performance.now() - t0) / 1000;
      return {
        enrollments: ENROLLMENTS,
        setupSeconds,
        dispatchSeconds,
        perSecond: ENROLLMENTS / dispatchSeconds,
        exactness: exactness(store),
      };
    } finally {
      store.close();
    }
  });
}

// `node --import tsx bench/scenario-bench.ts` runs this measurement alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  scenarioBench((l) => process.stderr.write(`${l}\n`)).then((r) =>
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
  );
}
