// `max sync espocrm --tenant SLUG [--json]`: one sync of the tenant with its EspoCRM, now, and what it
// did. Reads what changed there (everything the first time, with a progress bar on a terminal),
// queues the local leads EspoCRM lacks, looks for leads deleted or merged there, then sends the
// tenant's outbox (only this tenant's jobs; a job the server's worker holds is left to it). Also
// the end of `max connect espocrm`, which imports this way.
import { frenchCount } from "../domain/index.js";
import { espoJobHandlers } from "../inbound/espocrm-jobs.js";
import { type JobHandler, retryAt } from "../inbound/jobs.js";
import { holdLeases, JOB_LEASE_MS } from "../inbound/lease.js";
import { EspoError } from "../integrations/espocrm/index.js";
import {
  type EspoJobSettings,
  noCounts,
  openSync,
  type PullCounts,
  runEspoJob,
  SyncPaused,
  syncPass,
} from "../integrations/espocrm-sync/index.js";
import { createLogger } from "../log.js";
import { ESPO_OUTBOX_KINDS, maskedLink } from "../store/espocrm.js";
import type { Store, Tenant } from "../store/index.js";
import { type CommandContext, parseFlags, printJson, UsageError } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

const n = frenchCount;
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count > 1 ? many : one}`;

/** `[██████░░░░] 1 200 / 2 000 leads`, redrawn in place on a terminal. */
function progressBar(write: (text: string) => void) {
  const width = 30;
  return ({ done, total }: { done: number; total: number }) => {
    const filled = total > 0 ? Math.round((width * done) / total) : width;
    write(
      `\r  Import EspoCRM [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${n(done)} / ${n(total)} leads`,
    );
  };
}

export interface SyncOutcome {
  tenant: string;
  url: string;
  /** The first import happened in this run. */
  imported: boolean;
  pulled: PullCounts;
  queuedForEspo: number;
  pushed: { sent: number; retrying: number; failed: number };
  lastError: string | null;
}

/**
 * Sends the tenant's due outbox jobs, batch after batch, until none is due; a failure is retried at
 * its handler's pace, as the worker would.
 */
async function sendOutbox(settings: EspoJobSettings, tenant: Tenant) {
  const { store } = settings;
  const handlers = espoJobHandlers(settings);
  const before = store.espocrm.outbox(tenant.id).byStatus;
  for (;;) {
    const jobs = store.espocrm.claimJobs(tenant.id, ESPO_OUTBOX_KINDS, JOB_LEASE_MS, 50);
    if (jobs.length === 0) break;
    const stop = holdLeases(settings, jobs);
    try {
      for (const job of jobs) {
        try {
          await runEspoJob(settings, job);
          store.jobs.complete(job.tenantId, job.id);
        } catch (error) {
          const handler = handlers[job.kind] as JobHandler;
          store.jobs.fail(
            job.tenantId,
            job.id,
            (error as Error).message,
            retryAt(handler, job.attempts, store.clock()),
          );
        }
      }
    } finally {
      stop();
    }
  }
  const after = store.espocrm.outbox(tenant.id).byStatus;
  const delta = (s: string) => (after[s] ?? 0) - (before[s] ?? 0);
  return {
    sent: delta("done"),
    retrying: (after.pending ?? 0) + (after.leased ?? 0),
    failed: delta("failed"),
  };
}

export async function runEspoSync(
  context: CommandContext,
  store: Store,
  tenant: Tenant,
  { json }: { json: boolean },
): Promise<SyncOutcome> {
  const { io, config } = context;
  const settings: EspoJobSettings = { store, log: createLogger(config), ...config.espocrm };
  const sync = openSync(settings, tenant.id);
  if (!sync) {
    throw new UsageError(
      `${tenant.slug} n'est relié à aucun EspoCRM : lancez d'abord max connect espocrm --tenant ${tenant.slug} --url URL --api-key CLÉ`,
    );
  }
  const importing = !sync.link.importedAt;
  const tty = !json && Boolean(process.stderr.isTTY);
  const pulled = noCounts();
  let queuedForEspo = 0;
  try {
    const pass = await syncPass(sync, pulled, {
      checkDeletions: !importing,
      ...(tty ? { onProgress: progressBar(io.stderr) } : {}),
    });
    queuedForEspo = pass.exported;
  } catch (error) {
    if (!(error instanceof EspoError) && !(error instanceof SyncPaused)) throw error;
    store.espocrm.update(tenant.id, { lastError: error.message });
    throw new UsageError(
      `synchronisation EspoCRM interrompue : ${error.message} (relancez max sync espocrm : elle reprend où elle s'est arrêtée)`,
    );
  } finally {
    if (tty) io.stderr("\n");
  }
  const pushed = await sendOutbox(settings, tenant);
  const link = store.espocrm.get(tenant.id);
  return {
    tenant: tenant.slug,
    url: maskedLink(sync.link).url,
    imported: importing,
    pulled,
    queuedForEspo,
    pushed,
    lastError: link?.lastError ?? null,
  };
}

export function printSync(context: CommandContext, o: SyncOutcome): void {
  const p = o.pulled;
  const lines = [
    o.imported
      ? `Import depuis EspoCRM terminé : ${plural(p.created, "lead créé", "leads créés")}, ${plural(p.updated, "mis à jour", "mis à jour")}, ${plural(p.skipped, "ignoré")}.`
      : `Depuis EspoCRM : ${plural(p.created, "lead créé", "leads créés")}, ${plural(p.updated, "mis à jour", "mis à jour")}, ${plural(p.skipped, "ignoré")}, ${plural(p.deleted, "supprimé")}, ${plural(p.merged, "fusionné")}.`,
    ...(p.conflicts > 0
      ? [
          `${plural(p.conflicts, "conflit")} : la modification la plus récente l'emporte, l'autre valeur est gardée sur la fiche du lead.`,
        ]
      : []),
    ...(o.queuedForEspo > 0 ? [`${plural(o.queuedForEspo, "lead")} de M.A.X. à créer dans EspoCRM.`] : []),
    `Vers EspoCRM : ${plural(o.pushed.sent, "envoi fait", "envois faits")}, ${plural(o.pushed.retrying, "en attente de nouvel essai", "en attente de nouvel essai")}, ${plural(o.pushed.failed, "en échec")}.`,
    ...(o.lastError ? [`Dernier problème : ${o.lastError}`] : []),
  ];
  context.io.stdout(`EspoCRM de ${o.tenant} (${o.url}) :\n${lines.map((l) => `  ${l}`).join("\n")}\n`);
}

export async function syncCommand(context: CommandContext): Promise<number> {
  const [target = "", ...args] = context.args;
  if (target !== "espocrm")
    throw new UsageError(`précisez ce qu'il faut synchroniser (espocrm), reçu « ${target} »`);
  const flags = parseFlags(args, { tenant: { type: "string" } });
  const store = context.openStore();
  try {
    const tenant = requireTenant(store, flags.tenant);
    const outcome = await runEspoSync(context, store, tenant, { json: Boolean(flags.json) });
    if (flags.json) printJson(context.io, outcome);
    else printSync(context, outcome);
    return 0;
  } finally {
    store.close();
  }
}
