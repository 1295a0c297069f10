// The background loop of the server: runs queued inbound turns one by one (in arrival order, so a
// user's messages are answered in order), then delivers the outbox. A webhook kicks it so a turn
// starts at once; otherwise it polls. Stopping finishes the turn in progress and gives the others
// back to the queue, so nothing is lost and nothing runs twice.
import type { Logger } from "pino";
import type { Job } from "../store/jobs.js";
import { handleInbound, type InboundDeps } from "./handle-inbound.js";
import { INBOUND_JOB, type InboundEvent } from "./inbound.js";
import { deliverDue, type OutboxDeps } from "./outbox.js";

const LEASE_MS = 5 * 60_000;
const MAX_TURN_ATTEMPTS = 3;
const RETRY_MS = 5_000;

export interface Workers {
  /** Wakes the loop now (a webhook just queued something). */
  kick(): void;
  stop(): Promise<void>;
}

export function startWorkers(deps: InboundDeps & OutboxDeps & { log: Logger; pollMs?: number }): Workers {
  const { store, log, pollMs = 250 } = deps;
  let stopping = false;
  let wake: (() => void) | null = null;

  const runJob = async (job: Job) => {
    try {
      await handleInbound(deps, job.payload as unknown as InboundEvent);
      store.jobs.complete(job.tenantId, job.id);
    } catch (err) {
      log.error({ err, job: job.id }, "inbound turn failed");
      const retry =
        job.attempts < MAX_TURN_ATTEMPTS ? new Date(store.ctx.clock().getTime() + RETRY_MS) : null;
      store.jobs.fail(job.tenantId, job.id, (err as Error).message, retry);
    }
  };

  const tick = async () => {
    const jobs = store.jobs.claimDue(LEASE_MS, 20, [INBOUND_JOB]);
    for (const [i, job] of jobs.entries()) {
      if (stopping) {
        for (const rest of jobs.slice(i)) store.jobs.release(rest.tenantId, rest.id);
        break;
      }
      await runJob(job);
    }
    while (!stopping && (await deliverDue(deps)) > 0);
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
