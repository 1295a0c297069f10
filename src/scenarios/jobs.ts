// The scenario engine's job kinds, with how often each is tried, for the entry point to register
// with the server's one worker loop: due steps, delivery checks, n8n dispatches and their
// confirmation deadline, the daily digests and the nightly rescore of the leads.
import { DIGEST_JOB, runDigest } from "./digest.js";
import {
  checkDelivery,
  DELIVERY_MAX_ATTEMPTS,
  dispatchToN8n,
  expireUnconfirmed,
  N8N_CONFIRM_JOB,
  N8N_MAX_ATTEMPTS,
} from "./follow-up.js";
import { RESCORE_JOB, runRescore } from "./rescore.js";
import { runScenarioStep, runScenarioSteps } from "./run-step.js";
import { SCENARIO_STEP_JOB } from "./schedule.js";
import { DELIVERY_JOB, N8N_STEP_JOB } from "./send-step.js";

export const SCENARIO_JOB_HANDLERS = {
  [SCENARIO_STEP_JOB]: { run: runScenarioStep, runMany: runScenarioSteps, maxAttempts: 5, retryMs: 60_000 },
  [DELIVERY_JOB]: { run: checkDelivery, maxAttempts: DELIVERY_MAX_ATTEMPTS, retryMs: 60_000 },
  // One more than the dispatch's own count, so its last try can record the failure and refund.
  [N8N_STEP_JOB]: { run: dispatchToN8n, maxAttempts: N8N_MAX_ATTEMPTS + 1, retryMs: 30_000 },
  [N8N_CONFIRM_JOB]: { run: expireUnconfirmed, maxAttempts: 3, retryMs: 60_000 },
  [DIGEST_JOB]: { run: runDigest, maxAttempts: 3, retryMs: 5 * 60_000 },
  [RESCORE_JOB]: { run: runRescore, maxAttempts: 3, retryMs: 15 * 60_000 },
} as const;
