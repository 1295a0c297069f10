// Runs claimed jobs the way the server's worker does, for the worker itself, the tests and the
// bench: a run of one kind whose handler can share a commit goes together (runMany), anything else
// one by one; a failure is retried at its handler's pace, or failed for good after its attempts.
import type { Job } from "../store/jobs.js";
import { type JobDeps, type JobHandler, type JobHandlers, retryAt } from "./jobs.js";

export interface RunOptions {
  handlers: JobHandlers;
  /** Checked before each group: true gives the rest back to the queue untouched. */
  stopping?(): boolean;
  /** Awaited before each group (the worker yields to webhook acks there). */
  pause?(): Promise<void> | undefined;
  /** One job per group (no shared commits), while webhooks arrive in a burst. */
  singly?(): boolean;
}

/** The next jobs to run together: a run of one kind that can share a commit, else one job. */
function nextGroup(jobs: readonly Job[], o: RunOptions): Job[] {
  const [first] = jobs;
  if (!first || !o.handlers[first.kind]?.runMany || o.singly?.()) return jobs.slice(0, 1);
  const end = jobs.findIndex((j) => j.kind !== first.kind);
  return jobs.slice(0, end < 0 ? jobs.length : end);
}

export async function runJobs(deps: JobDeps, jobs: readonly Job[], o: RunOptions): Promise<void> {
  const { store, log } = deps;
  const fail = (job: Job, handler: JobHandler, err: Error) => {
    log.error({ err, job: job.id, kind: job.kind }, "job failed");
    store.jobs.fail(job.tenantId, job.id, err.message, retryAt(handler, job.attempts, store.clock()));
  };
  let rest = jobs;
  while (rest.length > 0) {
    if (o.stopping?.()) {
      for (const job of rest) store.jobs.release(job.tenantId, job.id);
      return;
    }
    await o.pause?.();
    const group = nextGroup(rest, o);
    rest = rest.slice(group.length);
    const first = group[0] as Job;
    const handler = o.handlers[first.kind];
    if (!handler) continue;
    if (handler.runMany && group.length > 1) {
      for (const [id, err] of handler.runMany(deps, group)) {
        fail(group.find((j) => j.id === id) as Job, handler, err);
      }
      continue;
    }
    try {
      await handler.run(deps, first);
      store.jobs.complete(first.tenantId, first.id);
    } catch (err) {
      fail(first, handler, err instanceof Error ? err : new Error(String(err)));
    }
  }
}
