// How long a claimed job is ours. The lease is short, so a job whose worker died (a killed process)
// is taken again by another within 30 s; while its runner lives, a timer renews it, so a model turn
// longer than the lease is never run twice.
import type { Job } from "../store/jobs.js";
import type { JobDeps } from "./jobs.js";

export const JOB_LEASE_MS = 30_000;
/** A third of the lease: two renewals may be missed (a busy database) before the lease runs out. */
export const LEASE_RENEW_MS = 10_000;

/** Renews the leases of these claimed jobs until the returned function is called. */
export function holdLeases(
  { store, log }: Pick<JobDeps, "store" | "log">,
  jobs: readonly Job[],
  everyMs = LEASE_RENEW_MS,
): () => void {
  if (jobs.length === 0) return () => {};
  const timer = setInterval(() => {
    try {
      store.jobs.renewLease(jobs, store.clock().getTime() + JOB_LEASE_MS);
    } catch (err) {
      // The next tick tries again; a lease that runs out meanwhile lets another worker take the job.
      log.warn({ err }, "could not renew the running jobs' leases");
    }
  }, everyMs);
  return () => clearInterval(timer);
}
