// The background loop of the server: runs due jobs (inbound turns one by one in arrival order, so a
// user's messages are answered in order; scenario steps; timeouts), then delivers the outbox. A
// webhook kicks it so a turn starts at once; otherwise it polls. Stopping finishes the job in
// progress and gives the others back to the queue, so nothing is lost and nothing runs twice. The
// claimed jobs' leases are renewed while they run (lease.ts).
import { deliverDue } from "../outbox/deliver.js";
import type { JobDeps, JobHandlers } from "./jobs.js";
import { holdLeases, JOB_LEASE_MS, LEASE_RENEW_MS } from "./lease.js";
import { runJobs } from "./run-jobs.js";

/** The pause between two jobs while webhooks arrive in a burst (see ingest-pressure.ts). */
const BURST_YIELD_MS = 20;
const BURST_DELIVERIES = 5;

export interface Workers {
  /** Wakes the loop now (a webhook just queued something). */
  kick(): void;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** The job kinds this loop runs (the runtime's registry). */
  handlers: JobHandlers;
  pollMs?: number;
  /** True while the HTTP thread takes a burst of webhooks: the worker then yields between jobs. */
  underBurst?: () => boolean;
  /** How often the running jobs' leases are renewed (tests shorten it; the lease stays 30 s). */
  leaseRenewMs?: number;
}

export function startWorkers(
  deps: JobDeps,
  { handlers, pollMs = 250, underBurst = () => false, leaseRenewMs = LEASE_RENEW_MS }: WorkerOptions,
): Workers {
  const { store, log } = deps;
  const yieldToAcks = () =>
    underBurst() ? new Promise<void>((resolve) => setTimeout(resolve, BURST_YIELD_MS)) : undefined;
  const kinds = Object.keys(handlers);
  let stopping = false;
  let wake: (() => void) | null = null;

  const tick = async () => {
    const jobs = store.jobs.claimDue(JOB_LEASE_MS, 20, kinds);
    const stopRenewing = holdLeases(deps, jobs, leaseRenewMs);
    try {
      await runJobs(deps, jobs, {
        handlers,
        stopping: () => stopping,
        pause: yieldToAcks,
        singly: underBurst,
      });
    } finally {
      stopRenewing();
    }
    while (!stopping && (await deliverDue(deps, underBurst() ? BURST_DELIVERIES : undefined)) > 0) {
      await yieldToAcks();
    }
    return jobs.length;
  };

  const loop = (async () => {
    let released = false;
    while (!stopping) {
      if (!released) {
        try {
          store.messages.releaseSending();
          released = true;
        } catch (err) {
          log.error({ err }, "could not give interrupted sends back to the outbox");
        }
      }
      const worked = await tick().catch((err: unknown) => {
        log.error({ err }, "worker tick failed");
        return 0;
      });
      if (worked === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, pollMs);
        });
        wake = null;
      }
    }
  })();

  return {
    kick: () => wake?.(),
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
