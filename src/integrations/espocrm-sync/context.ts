// One tenant's sync as it runs: its link, its EspoCRM client, the shape of what is synced, and the
// guard every call goes through. EspoCRM locks an address out after ten failed logins in a minute,
// so a 401 is never tried again: the link is marked and nothing is sent until `max connect espocrm`
// fixes the key; a lockout pauses the tenant's sync for the minute it lasts.
import type { Logger } from "../../log.js";
import { ESPO_ACTOR, ESPO_JOBS, type EspoLeadLink, type EspoLink } from "../../store/espocrm.js";
import type { Scope, Store, Tenant } from "../../store/index.js";
import { type EspoClient, espoClient, isEspoError } from "../espocrm/index.js";
import type { SyncShape } from "./mapping.js";

export interface SyncDeps {
  store: Store;
  log: Logger;
  /** Per call to EspoCRM. */
  timeoutMs: number;
}

export interface TenantSync {
  deps: SyncDeps;
  store: Store;
  tenant: Tenant;
  link: EspoLink;
  client: EspoClient;
  /** The sync writes as `espocrm`: what it applies locally is not pushed back. */
  scope: Scope;
  shape: SyncShape;
}

/** Nothing is sent for now (a refused key, a lockout): the job waits and is tried again later. */
export class SyncPaused extends Error {
  override readonly name = "SyncPaused";
}

const LOCKOUT_PAUSE_MS = 60_000;

export function clientFor(
  link: Pick<EspoLink, "url" | "apiKey" | "hmacSecret" | "adminUser" | "adminPassword">,
  timeoutMs: number,
) {
  return espoClient({
    url: link.url,
    apiKey: link.apiKey,
    ...(link.hmacSecret ? { hmacSecret: link.hmacSecret } : {}),
    ...(link.adminUser && link.adminPassword
      ? { admin: { user: link.adminUser, password: link.adminPassword } }
      : {}),
    timeoutMs,
  });
}

export function shapeOf(store: Store, tenant: Tenant, link: EspoLink): SyncShape {
  return { vertical: tenant.vertical, fieldMap: link.fieldMap, custom: store.customFields.specs(tenant.id) };
}

/** The tenant's sync, or null when it has no EspoCRM. */
export function openSync(deps: SyncDeps, tenantId: number): TenantSync | null {
  const { store } = deps;
  const link = store.espocrm.get(tenantId);
  if (!link) return null;
  const tenant = store.tenants.require(tenantId);
  return {
    deps,
    store,
    tenant,
    link,
    client: clientFor(link, deps.timeoutMs),
    scope: { tenantId, actor: ESPO_ACTOR },
    shape: shapeOf(store, tenant, link),
  };
}

/** Runs calls to EspoCRM unless the tenant's sync is paused; a 401 or a lockout pauses it. */
export async function guarded<T>(sync: TenantSync, fn: () => Promise<T>): Promise<T> {
  const { store, link } = sync;
  const reconnect = `relancez « max connect espocrm --tenant ${sync.tenant.slug} » avec une clé valide`;
  if (link.status === "unauthorized") {
    throw new SyncPaused(`EspoCRM refuse la clé d'API de M.A.X. : ${reconnect}.`);
  }
  const now = store.clock();
  if (link.pausedUntil && link.pausedUntil > now) {
    throw new SyncPaused(
      "EspoCRM bloque notre adresse après trop d'échecs de connexion : nouvel essai dans une minute.",
    );
  }
  try {
    return await fn();
  } catch (error) {
    if (isEspoError(error, "unauthorized")) {
      sync.link = store.espocrm.update(link.tenantId, { status: "unauthorized", lastError: error.message });
      throw new SyncPaused(`EspoCRM refuse la clé d'API de M.A.X. : ${reconnect}.`);
    }
    if (isEspoError(error, "locked_out")) {
      sync.link = store.espocrm.update(link.tenantId, {
        pausedUntil: new Date(store.clock().getTime() + LOCKOUT_PAUSE_MS),
        lastError: error.message,
      });
      throw new SyncPaused(error.message);
    }
    throw error;
  }
}

/** Asks for one more push of the lead (the sync's own writes do not go through the audit hook). */
export function requestPush(sync: TenantSync, row: EspoLeadLink): void {
  const { store, scope } = sync;
  const version = row.version + 1;
  store.espocrm.saveLeadLink(scope.tenantId, row.leadId, { version });
  store.jobs.enqueueOnce(scope, {
    kind: ESPO_JOBS.push,
    idempotencyKey: `espocrm:push:${row.leadId}:${version}`,
    dueAt: store.clock(),
    payload: { leadId: row.leadId },
  });
}

/** A Stream post on the lead in EspoCRM, through the outbox (once per key). */
export function requestNote(sync: TenantSync, leadId: number, key: string, text: string): void {
  const { store, scope } = sync;
  store.jobs.enqueueOnce(scope, {
    kind: ESPO_JOBS.note,
    idempotencyKey: `espocrm:${key}`,
    dueAt: store.clock(),
    payload: { leadId, ref: key, text },
  });
}
