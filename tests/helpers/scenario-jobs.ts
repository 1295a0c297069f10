// Runs the scenario engine's due jobs on a test store, as the server's worker would (same handlers,
// same complete/fail bookkeeping), without its timers: the test moves the clock, then drains.
import type { JobDeps } from "../../src/inbound/jobs.js";
import { runJobs } from "../../src/inbound/run-jobs.js";
import type { Runtime } from "../../src/runtime.js";
import { SCENARIO_JOB_HANDLERS } from "../../src/scenarios/jobs.js";
import type { Store } from "../../src/store/index.js";
import { testRuntime } from "./runtime.js";

export function jobDeps(store: Store, n8nSecret?: string): Runtime {
  return testRuntime(store, n8nSecret ? { MAX_N8N_SECRET: n8nSecret } : {});
}

/** Runs every job of these kinds (the scenario engine's by default) due now, until none is left. */
export async function drain(
  deps: JobDeps & Pick<Runtime, "handlers">,
  kinds = Object.keys(SCENARIO_JOB_HANDLERS),
): Promise<number> {
  let ran = 0;
  for (;;) {
    const jobs = deps.store.jobs.claimDue(60_000, 100, kinds);
    if (jobs.length === 0) return ran;
    ran += jobs.length;
    await runJobs(deps, jobs, { handlers: deps.handlers });
  }
}
