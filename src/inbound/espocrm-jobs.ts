// The EspoCRM sync's jobs as the worker runs them: each kind's handler and its retries. A transient
// failure (a 5xx, a timeout, a dropped connection) or a paused sync (a refused key, a lockout) is
// retried with a doubling delay for about a day and a half, so an EspoCRM down for hours loses nothing;
// what is left failed after that is counted by `max sync espocrm`.
import { type EspoJobSettings, runEspoJob } from "../integrations/espocrm-sync/index.js";
import { ESPO_JOB_KINDS } from "../store/espocrm.js";
import type { JobHandler, JobHandlers } from "./jobs.js";

/** The first retry's delay: 2 s, then 4 s, 8 s… (the 16th try comes some 18 hours after the 15th). */
export const ESPO_RETRY_MS = 2_000;
export const ESPO_MAX_ATTEMPTS = 16;

export function espoJobHandlers(
  settings: Omit<EspoJobSettings, "store" | "log">,
  retry: { retryMs?: number; maxAttempts?: number } = {},
): JobHandlers {
  const handler: JobHandler = {
    run: (deps, job) => runEspoJob({ ...settings, store: deps.store, log: deps.log }, job),
    maxAttempts: retry.maxAttempts ?? ESPO_MAX_ATTEMPTS,
    retryMs: retry.retryMs ?? ESPO_RETRY_MS,
  };
  return Object.fromEntries(ESPO_JOB_KINDS.map((kind) => [kind, handler]));
}
