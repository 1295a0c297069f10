// The background loop of the server: runs due jobs (inbound turns one by one in arrival order, so a
// user's messages are answered in order; scenario steps; timeouts), then delivers the outbox. A
// webhook kicks it so a turn starts at once; otherwise it polls. Stopping finishes the job in
// progress and gives the others back to the queue, so nothing is lost and nothing runs twice.
import { deliverDue } from "../outbox/deliver.js";
import type { JobDeps, JobHandlers } from "./jobs.js";
import { runJobs } from "./run-jobs.js";

const LEASE_MS = 5 * 60_000;
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
}

export function startWorkers(
  deps: JobDeps,
  { handlers, pollMs = 250, underBurst = () => false }: WorkerOptions,
): Workers {
  const { store, log } = deps;
  const yieldToAcks = () =>
    underBurst() ? new Promise<void>((resolve) => setTimeout(resolve, BURST_YIELD_MS)) : undefined;
  const kinds = Object.keys(handlers);
  let stopping = false;
  let wake: (() => void) | null = null;

  const tick = async () => {
    const jobs = store.jobs.claimDue(LEASE_MS, 20, kinds);
    await runJobs(deps, jobs, {
      handlers,
      stopping: () => stopping,
      pause: yieldToAcks,
      singly: underBurst,
    });
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
