// Runs the scenario engine's due jobs on a test store, as the server's worker would (same handlers,
// same complete/fail bookkeeping), without its timers: the test moves the clock, then drains.
import pino from "pino";
import { JOB_HANDLERS, type JobDeps } from "../../src/messaging/job-handlers.js";
import { rateLimiter } from "../../src/messaging/rate-limit.js";
import { runJobs } from "../../src/messaging/run-jobs.js";
import { SCENARIO_JOB_HANDLERS } from "../../src/scenarios/jobs.js";
import type { Store } from "../../src/store/index.js";

export function jobDeps(store: Store, n8nSecret?: string): JobDeps {
  return {
    store,
    brain: { kind: "offline" },
    settings: { n8n: { secret: n8nSecret, timeoutMs: 2_000 } },
    adapters: new Map(),
    limiter: rateLimiter({}),
    log: pino({ level: "silent" }),
  };
}

/** Runs every job of these kinds (the scenario engine's by default) due now, until none is left. */
export async function drain(deps: JobDeps, kinds = Object.keys(SCENARIO_JOB_HANDLERS)): Promise<number> {
  let ran = 0;
  for (;;) {
    const jobs = deps.store.jobs.claimDue(60_000, 100, kinds);
    if (jobs.length === 0) return ran;
    ran += jobs.length;
    await runJobs(deps, jobs, { handlers: JOB_HANDLERS });
  }
}
