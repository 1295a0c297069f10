// Kill and restart mid-run: a worker in its own process is killed with SIGKILL while it dispatches
// 300 due steps; a new worker then runs what is left once the dead one's leases ran out (30 s). Every step
// is sent exactly once and debited exactly once: nothing lost, nothing doubled.
import { spawn } from "node:child_process";
import { afterEach, beforeEach, expect, it } from "vitest";
import { enrollLead } from "../../src/scenarios/enroll.js";
import { enqueueStep } from "../../src/scenarios/schedule.js";
import { drain, jobDeps } from "../helpers/scenario-jobs.js";
import { reachableLead, world } from "../helpers/scenario-world.js";
import { type TestStore, testStore } from "../helpers/store.js";
import { waitFor } from "../helpers/wait-for.js";

const STEPS = 300;
let t: TestStore;
beforeEach(() => {
  t = testStore(new Date().toISOString());
});
afterEach(() => t.cleanup());

const count = (sql: string) => (t.store.ctx.sqlite.prepare(sql).get() as { n: number }).n;

it("sends every due step exactly once across a SIGKILL mid-dispatch and a restart", async () => {
  const { tenant, scope } = world(t, "agence", "b2b", "auto");
  t.store.ledger.addPacks(scope, 10);
  for (let i = 0; i < STEPS; i++) {
    const lead = reachableLead(t.store, tenant.id, "devis_envoye", i);
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
    // Due now, whatever the hour: this test is about the runner, not the send window.
    enqueueStep(t.store, scope, e, 0, t.clock.now);
  }
  const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/scenario-worker.ts", t.path], {
    cwd: new URL("../..", import.meta.url).pathname,
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await waitFor(() => count("select count(*) as n from scenario_steps") >= 20, {
    timeoutMs: 60_000,
    intervalMs: 2,
    what: "des étapes envoyées",
  });
  child.kill("SIGKILL");
  await exited;
  const beforeRestart = count("select count(*) as n from scenario_steps");
  expect(beforeRestart).toBeLessThan(STEPS);
  // The dead worker's 30 s leases run out (nothing renews them now); a new worker takes over.
  t.clock.now = new Date(Date.now() + 31_000);
  await drain(jobDeps(t.store));
  expect(count("select count(*) as n from scenario_steps where outcome in ('sent', 'delivered')")).toBe(
    STEPS,
  );
  expect(count("select count(distinct enrollment_id) as n from scenario_steps where step_index = 0")).toBe(
    STEPS,
  );
  expect(count("select count(*) as n from messages where direction = 'out' and lead_id is not null")).toBe(
    STEPS,
  );
  expect(
    count("select count(*) as n from token_ledger where kind = 'debit' and action = 'auto_followup'"),
  ).toBe(STEPS);
  expect(
    count(
      "select count(*) as n from scheduled_jobs where kind = 'scenario-step' and status in ('leased', 'failed')",
    ),
  ).toBe(0);
}, 90_000);
