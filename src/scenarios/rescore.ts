// The nightly rescore of each tenant's leads. A score counts days of silence (« −15 aucune réponse
// depuis 21 jours »), so it changes with no write to the lead: at 06:00 in the tenant's timezone, before
// the 08:00 digests, every lead is scored again (store.leads.rescore: short transactions, only changed
// scores written). Each run schedules the next one; the job key is the tenant and the day, so one a day.
import type { Store, Tenant } from "../store/index.js";
import type { Job } from "../store/jobs.js";
import { localDay, nextLocalTime } from "./timing.js";

export const RESCORE_JOB = "leads-rescore";
export const RESCORE_TIME = "06:00";
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** Enqueues the tenant's next rescore (idempotent: keyed by tenant and local day). */
export function scheduleRescore(store: Store, tenant: Tenant, after: Date): void {
  const at = nextLocalTime(after, tenant.timezone, RESCORE_TIME, EVERY_DAY);
  store.jobs.enqueueOnce(
    { tenantId: tenant.id, actor: "scenario" },
    { kind: RESCORE_JOB, idempotencyKey: `rescore:${localDay(at, tenant.timezone)}`, dueAt: at },
  );
}

/** At start-up: every tenant has its next rescore queued. */
export function ensureRescores(store: Store): void {
  const now = store.clock();
  for (const tenant of store.tenants.list()) scheduleRescore(store, tenant, now);
}

export async function runRescore({ store }: { store: Store }, job: Job): Promise<void> {
  store.leads.rescore(job.tenantId);
  store.transaction(() => {
    scheduleRescore(store, store.tenants.require(job.tenantId), store.clock());
    store.jobs.complete(job.tenantId, job.id);
  });
}
