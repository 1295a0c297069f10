// The job runner's contract. A feature that needs durable, retried work (a turn, a scenario step, a
// timeout) exports a handler for its kind; the entry point (src/runtime.ts) registers them, and the
// worker claims only registered kinds, so jobs of a kind nobody handles wait instead of failing.
import type { Logger } from "pino";
import type { ToolSet, ToolSettings } from "../agent/tool.js";
import type { Brain } from "../agent/turn.js";
import type { OutboxDeps } from "../outbox/deliver.js";
import type { Classifier } from "../scenarios/prequalification/index.js";
import type { Job } from "../store/jobs.js";

/** What every job handler is run with, built once by the runtime. */
export interface JobDeps extends OutboxDeps {
  tools: ToolSet;
  settings: ToolSettings;
  brain: Brain;
  /** Classifies prospects' answers to the pre-qualification (the model's; offline rules without). */
  classifier?: Classifier;
  log: Logger;
}

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

export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** When a failed job runs again, or null when it has used its attempts. */
export function retryAt(handler: JobHandler, attempts: number, now: Date): Date | null {
  if (attempts >= handler.maxAttempts) return null;
  return new Date(now.getTime() + handler.retryMs * 2 ** Math.max(0, attempts - 1));
}
