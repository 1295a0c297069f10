// Reading EspoCRM: the first import of every lead, then polling by modifiedAt — the safety net under
// webhooks, which come late and can be lost. Pages follow the last lead seen (modifiedAt, then id)
// and each page commits with its cursor, so an import stopped anywhere resumes where it stood and
// applies nothing twice. modifiedAt has whole seconds only: a lead saved in the second of the cursor
// but committed after it was read could have a smaller id, so a poll starts a few seconds before
// the cursor and the overlap is deduped by comparing values (a lead already applied is unchanged).
// Deletions leave no trace in a list: a walk over EspoCRM's ids finds them now and then.
import { ESPO_JOBS } from "../../store/espocrm.js";
import { type EspoLead, type LeadCursor, toEspoDateTime } from "../espocrm/index.js";
import { applyRemoteLeads, type PullCounts } from "./apply.js";
import { guarded, type TenantSync } from "./context.js";
import { handleGone } from "./gone.js";
import { espoAttributes } from "./mapping.js";

/** How far before the cursor a poll starts again. */
const POLL_OVERLAP_MS = 5_000;

interface PullProgress {
  done: number;
  /** Leads to read in all, as EspoCRM counted them at the first page. */
  total: number;
}

/** Reads what changed since the cursor (everything, the first time) and applies it page by page. */
export async function pullChanges(
  sync: TenantSync,
  counts: PullCounts,
  onProgress?: (p: PullProgress) => void,
): Promise<void> {
  const { store, link } = sync;
  const importing = !link.importedAt;
  let since: LeadCursor | null =
    link.cursorModifiedAt && link.cursorId ? { modifiedAt: link.cursorModifiedAt, id: link.cursorId } : null;
  // Resuming an import continues exactly from its cursor; a poll goes back a few seconds.
  if (since && !importing) {
    const at = Date.parse(`${since.modifiedAt.replace(" ", "T")}Z`) - POLL_OVERLAP_MS;
    since = { modifiedAt: toEspoDateTime(new Date(at)), id: "" };
  }
  const before = { ...counts };
  let done = 0;
  let total = 0;
  await guarded(sync, async () => {
    for await (const page of sync.client.pageLeadsByModifiedAt({
      since,
      select: espoAttributes(sync.shape),
    })) {
      if (total === 0) total = page.remaining;
      applyRemoteLeads(sync, page.list as EspoLead[], counts, page.cursor);
      done += page.list.length;
      onProgress?.({ done, total: Math.max(total, done) });
    }
  });
  const now = store.clock();
  if (importing) {
    const imported = {
      created: counts.created - before.created,
      updated: counts.updated - before.updated,
      skipped: counts.skipped - before.skipped,
    };
    sync.link = store.espocrm.update(link.tenantId, {
      importedAt: now,
      importCounts: imported,
      lastPollAt: now,
    });
  } else {
    sync.link = store.espocrm.update(link.tenantId, { lastPollAt: now, lastError: null });
  }
}

/** The leads a webhook batch named, read again now (their current state, whatever the batch said). */
export async function pullLeads(sync: TenantSync, ids: readonly string[], counts: PullCounts): Promise<void> {
  const wanted = [...new Set(ids)];
  for (let i = 0; i < wanted.length; i += 200) {
    const chunk = wanted.slice(i, i + 200);
    const found = await guarded(sync, () =>
      sync.client.listLeads({
        where: [{ type: "in", attribute: "id", value: chunk }],
        maxSize: 200,
        select: espoAttributes(sync.shape),
      }),
    );
    applyRemoteLeads(sync, found.list, counts);
    const seen = new Set(found.list.map((l) => l.id));
    for (const id of chunk) if (!seen.has(id)) await handleGone(sync, id, counts);
  }
}

/** Compares EspoCRM's ids with the linked leads: those gone are handled (deleted or merged). */
export async function findDeletions(sync: TenantSync, counts: PullCounts): Promise<void> {
  const { store, tenant } = sync;
  const live = new Set<string>();
  let after = "";
  for (;;) {
    const page = await guarded(sync, () =>
      sync.client.listLeads({
        select: ["id"],
        orderBy: "id",
        order: "asc",
        maxSize: 200,
        ...(after ? { where: [{ type: "greaterThan", attribute: "id", value: after }] } : {}),
      }),
    );
    for (const l of page.list) live.add(l.id);
    after = page.list.at(-1)?.id ?? after;
    if (page.list.length < 200) break;
  }
  for (const { espoId } of store.espocrm.linkedEspoIds(tenant.id)) {
    if (!live.has(espoId)) await handleGone(sync, espoId, counts);
  }
  sync.link = store.espocrm.update(tenant.id, { lastReconcileAt: store.clock() });
}

/** Local leads EspoCRM does not have yet (made before the link): queued for creation there. */
export function exportLocalLeads(sync: TenantSync): number {
  const { store, scope } = sync;
  let queued = 0;
  let after = 0;
  for (;;) {
    const ids = store.espocrm.untrackedLeadIds(scope.tenantId, after, 500);
    if (ids.length === 0) return queued;
    store.transaction(() => {
      for (const leadId of ids) {
        store.espocrm.saveLeadLink(scope.tenantId, leadId, { state: "creating", version: 1 });
        store.jobs.enqueueOnce(scope, {
          kind: ESPO_JOBS.create,
          idempotencyKey: `espocrm:create:${leadId}`,
          dueAt: store.clock(),
          payload: { leadId },
        });
      }
    });
    queued += ids.length;
    after = ids.at(-1) ?? after;
  }
}
