// What the background worker does with each kind of scheduled job. A feature that needs durable,
// retried work (a turn, a scenario step, a timeout) registers its kind here; the worker claims only
// these kinds, so jobs of a kind nobody handles wait instead of failing.
import type { Logger } from "pino";
import { EMAIL_RECEIVED_JOB } from "../../channels/email/receive.js";
import { handleReceivedEmail } from "../../channels/email/received-job.js";
import { abandonUndelivered, N8N_RUN_EXPIRY_JOB } from "../../tools/schedule-n8n-scenario.js";
import { SCENARIO_JOB_HANDLERS } from "../scenarios/jobs.js";
import { PREQUAL_TIMEOUT_JOB, prequalificationTimeout } from "../scenarios/prequalification/index.js";
import type { Job } from "../store/jobs.js";
import { DELIVERY_REPORT_JOB, deliveryReportHandler } from "./delivery-report.js";
import { handleInbound, type InboundDeps } from "./handle-inbound.js";
import { INBOUND_JOB, type InboundEvent } from "./inbound.js";
import type { OutboxDeps } from "./outbox.js";

export type JobDeps = InboundDeps & OutboxDeps & { log: Logger };

export interface JobHandler {
  run(deps: JobDeps, job: Job): Promise<void>;
  /**
   * Runs several due jobs of this kind in one transaction, each in its own savepoint, and completes
   * those that ran: one commit for the lot instead of one per job. Returns the failures by job id.
   */
  runMany?(deps: JobDeps, jobs: readonly Job[]): Map<number, Error>;
  /** Attempts before the job is failed for good (a thrown error retries it until then). */
  maxAttempts: number;
  /** Delay before the first retry; doubled at each further attempt. */
  retryMs: number;
}

export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [INBOUND_JOB]: {
    run: (deps, job) => handleInbound(deps, job.payload as unknown as InboundEvent),
    maxAttempts: 3,
    retryMs: 5_000,
  },
  [DELIVERY_REPORT_JOB]: deliveryReportHandler,
  ...SCENARIO_JOB_HANDLERS,
  [EMAIL_RECEIVED_JOB]: {
    run: (deps, job) => handleReceivedEmail(deps, job.tenantId, job.payload),
    maxAttempts: 3,
    retryMs: 30_000,
  },
  [N8N_RUN_EXPIRY_JOB]: {
    run: async ({ store }, job) => abandonUndelivered(store, job.tenantId, job.payload),
    maxAttempts: 3,
    retryMs: 60_000,
  },
  [PREQUAL_TIMEOUT_JOB]: {
    run: async (deps, job) => {
      await prequalificationTimeout(deps, job.tenantId, job.payload);
    },
    maxAttempts: 3,
    retryMs: 60_000,
  },
};

/** When a failed job runs again, or null when it has used its attempts. */
export function retryAt(handler: JobHandler, attempts: number, now: Date): Date | null {
  if (attempts >= handler.maxAttempts) return null;
  return new Date(now.getTime() + handler.retryMs * 2 ** Math.max(0, attempts - 1));
}
