// What each of the sync's jobs does (the runtime registers them with the worker), and the server's
// own polling: one poll job per tenant and time slot, each scheduling the next slot when it ends
// whatever happened, so the chain never breaks and two chains (a restart) fold into one by key.

import { ESPO_JOBS } from "../../store/espocrm.js";
import type { Store } from "../../store/index.js";
import type { Job } from "../../store/jobs.js";
import { noCounts, type PullCounts } from "./apply.js";
import { openSync, type SyncDeps, type TenantSync } from "./context.js";
import { exportLocalLeads, findDeletions, pullChanges, pullLeads } from "./pull.js";
import { createCustomField, createRemote, postToStream, pushLead, writeEmailDraft } from "./push.js";

/** How often the server walks EspoCRM's ids to find deleted leads (webhooks may have missed them). */
const DELETION_CHECK_MS = 6 * 60 * 60_000;

export interface EspoJobSettings extends SyncDeps {
  pollMs: number;
}

/** Queues the tenant's poll for the slot after `from` (once per slot, whoever asks). */
export function schedulePoll(store: Store, tenantId: number, pollMs: number, from = store.clock()): void {
  const slot = Math.floor(from.getTime() / pollMs) + 1;
  store.jobs.enqueueOnce(
    { tenantId, actor: "espocrm" },
    {
      kind: ESPO_JOBS.poll,
      idempotencyKey: `espocrm:poll:${slot}`,
      dueAt: new Date(slot * pollMs),
      payload: {},
    },
  );
}

/** At start-up: every linked tenant has its poll on the queue. */
export function ensureEspoPolls(store: Store, pollMs: number): void {
  for (const link of store.espocrm.listAll()) schedulePoll(store, link.tenantId, pollMs);
}

/** One sync pass: what changed in EspoCRM, the local leads it lacks, and (when due) deletions. */
export async function syncPass(
  sync: TenantSync,
  counts: PullCounts,
  opts: { checkDeletions: boolean; onProgress?: Parameters<typeof pullChanges>[2] },
): Promise<{ exported: number }> {
  await pullChanges(sync, counts, opts.onProgress);
  const exported = exportLocalLeads(sync);
  if (opts.checkDeletions) await findDeletions(sync, counts);
  return { exported };
}

async function poll(settings: EspoJobSettings, sync: TenantSync): Promise<void> {
  const { store, log } = settings;
  const counts = noCounts();
  try {
    const last = sync.link.lastReconcileAt?.getTime() ?? 0;
    const checkDeletions = store.clock().getTime() - last >= DELETION_CHECK_MS;
    await syncPass(sync, counts, { checkDeletions });
    if (counts.created + counts.updated + counts.deleted + counts.merged > 0) {
      log.info({ tenant: sync.tenant.slug, ...counts }, "EspoCRM changes applied");
    }
  } catch (error) {
    const message = (error as Error).message;
    store.espocrm.update(sync.tenant.id, { lastError: message });
    log.warn({ tenant: sync.tenant.slug, err: message }, "EspoCRM poll failed");
  }
}

/** Runs one of the sync's jobs; a thrown error retries it later (the handler's backoff). */
export async function runEspoJob(settings: EspoJobSettings, job: Job): Promise<void> {
  const sync = openSync(settings, job.tenantId);
  if (!sync) return;
  const p = job.payload as Record<string, unknown>;
  const leadId = Number(p.leadId);
  switch (job.kind) {
    case ESPO_JOBS.poll:
      try {
        await poll(settings, sync);
      } finally {
        schedulePoll(settings.store, job.tenantId, settings.pollMs);
      }
      return;
    case ESPO_JOBS.webhook:
      await pullLeads(
        sync,
        [...(p.ids as string[]), ...((p.deleted as string[] | undefined) ?? [])],
        noCounts(),
      );
      return;
    case ESPO_JOBS.create:
      return createRemote(sync, leadId, job.attempts);
    case ESPO_JOBS.push:
      return pushLead(sync, leadId);
    case ESPO_JOBS.note:
      return postToStream(sync, { leadId, ref: String(p.ref), text: String(p.text) }, job.attempts);
    case ESPO_JOBS.email:
      return writeEmailDraft(sync, Number(p.messageId), job.attempts);
    case ESPO_JOBS.field:
      return createCustomField(sync, String(p.name));
  }
}
