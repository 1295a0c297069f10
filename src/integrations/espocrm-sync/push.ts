// The outbox towards EspoCRM: each job reads what to send when it runs (never an old copy), sends
// it, then records what both sides now agree on in one commit. A failure that may have been applied
// (a 503 after the commit, a connection dropped) is simply tried again: an update or a tag added or
// removed says the same thing twice, and what would be created twice — a lead, a Stream post, an
// e-mail draft — is looked for first on every retry (the lead among those our API user created, a
// post or a draft by the reference it carries). A value EspoCRM refuses is left out, kept here and
// said on the timeline, and not sent again until it changes.

import type { EspoLeadLink } from "../../store/espocrm.js";
import { sameValue, syncValuesOf } from "../../store/espocrm-outbox.js";
import type { Lead } from "../../store/index.js";
import { type EspoLead, type EspoWhere, isEspoError, storedFieldName } from "../espocrm/index.js";
import { applyRemoteLeads, noCounts, statusAligned } from "./apply.js";
import { guarded, requestPush, type TenantSync } from "./context.js";
import { handleGone } from "./gone.js";
import {
  espoFieldFor,
  espoStatusOf,
  espoValues,
  keyLabel,
  keysOfAttribute,
  remoteValues,
  syncKeys,
  valueWords,
} from "./mapping.js";

/** A job that must wait for another (a post on a lead not created in EspoCRM yet). */
class NotYet extends Error {
  override readonly name = "NotYet";
}

/** The keys whose local value EspoCRM does not have yet (a refused value is not sent again). */
function pendingKeys(sync: TenantSync, local: Record<string, unknown>, row: EspoLeadLink): string[] {
  return syncKeys(sync.shape).filter((key) => {
    const value = local[key] ?? null;
    if (key in row.rejected && sameValue(value, row.rejected[key])) return false;
    if (key === "status" && !statusAligned(sync, String(value), row.synced, true)) return true;
    return !sameValue(value, row.synced[key] ?? null);
  });
}

/** Calls `write` with the values, leaving out those EspoCRM refuses (400 on a field), one by one. */
async function writeKeeping<T>(
  sync: TenantSync,
  keys: readonly string[],
  local: Record<string, unknown>,
  write: (values: Record<string, unknown>) => Promise<T>,
  extra: Record<string, unknown> = {},
): Promise<{ answer: T; rejected: string[] }> {
  const rejected: string[] = [];
  for (;;) {
    const kept = keys.filter((k) => !rejected.includes(k));
    const values = { ...espoValues(sync.shape, kept, local), ...(rejected.includes("tags") ? {} : extra) };
    try {
      return { answer: await write(values), rejected };
    } catch (error) {
      const refused =
        isEspoError(error, "validation") && error.field ? keysOfAttribute(sync.shape, error.field) : [];
      const fresh = refused.filter((k) => !rejected.includes(k));
      if (fresh.length === 0) throw error;
      rejected.push(...fresh);
    }
  }
}

/** After a write: what EspoCRM now holds, what it refused, and the next push if the lead moved on. */
function recordSent(
  sync: TenantSync,
  leadId: number,
  sent: { keys: readonly string[]; rejected: readonly string[]; local: Record<string, unknown> },
  patch: { espoId?: string; state?: "linked"; remoteModifiedAt?: string | null },
  startedAt: number,
): void {
  const { store, scope } = sync;
  store.transaction(() => {
    const row = store.espocrm.leadLink(scope.tenantId, leadId);
    if (!row || row.state === "deleted" || row.state === "merged") return;
    const synced = { ...row.synced };
    const dirty = { ...row.dirty };
    const rejected = { ...row.rejected };
    for (const key of sent.keys) {
      if (!sent.rejected.includes(key)) {
        synced[key] = sent.local[key] ?? null;
        delete rejected[key];
      }
      if ((dirty[key] ?? 0) <= startedAt) delete dirty[key];
    }
    if (sent.keys.includes("status") && !sent.rejected.includes("status")) {
      synced.espoStatus = espoStatusOf(String(sent.local.status));
      synced.statusField = sync.shape.fieldMap.status ? sent.local.status : null;
    }
    const lead = store.leads.get(scope.tenantId, leadId);
    for (const key of sent.rejected) {
      if (sameValue(row.rejected[key], sent.local[key])) continue;
      rejected[key] = sent.local[key] ?? null;
      if (lead) {
        store.activities.add(scope, leadId, {
          kind: "note",
          body: `EspoCRM refuse ${valueWords(key, sent.local[key])} pour « ${keyLabel(key)} » : la valeur reste dans M.A.X. et n'y est pas envoyée tant qu'elle ne change pas.`,
          meta: { source: "espocrm", rejected: key },
        });
      }
    }
    const remoteModifiedAt = patch.remoteModifiedAt ?? row.remoteModifiedAt;
    const saved = store.espocrm.saveLeadLink(scope.tenantId, leadId, {
      ...patch,
      synced,
      dirty,
      rejected,
      remoteModifiedAt,
    });
    // A change made while this one was on its way goes next.
    if (lead && saved.espoId && pendingKeys(sync, syncValuesOf(lead), saved).length > 0)
      requestPush(sync, saved);
  });
}

/** The lead as EspoCRM has it now, merged first when someone changed it there since we last saw it. */
async function mergeRemoteFirst(sync: TenantSync, row: EspoLeadLink, espoId: string) {
  const current = await guarded(sync, () => sync.client.getLead(espoId));
  if (current.modifiedAt !== row.remoteModifiedAt) applyRemoteLeads(sync, [current], noCounts());
  return typeof current.versionNumber === "number" ? current.versionNumber : undefined;
}

/**
 * A linked lead's local changes, sent: fields by update, tags by MassAction add/remove (which never
 * overwrite a tag added or removed there meanwhile). Before fields are written, the lead is read:
 * a change made in EspoCRM since the last sync is merged first (a conflict is decided there), so a
 * push never silently overwrites it; where EspoCRM counts versions, the write carries it.
 */
export async function pushLead(sync: TenantSync, leadId: number): Promise<void> {
  const { store, scope } = sync;
  let row = store.espocrm.leadLink(scope.tenantId, leadId);
  // Not created there yet: its creation sends everything, then looks for what changed since.
  if (row?.state !== "linked" || !row.espoId) return;
  const espoId = row.espoId;
  const startedAt = store.clock().getTime();
  let answer: EspoLead | null = null;
  let rejected: string[] = [];
  let sent: { keys: string[]; local: Record<string, unknown> } | null = null;
  try {
    await guarded(sync, async () => {
      let lead = store.leads.get(scope.tenantId, leadId);
      if (!lead || !row) return;
      let local = syncValuesOf(lead);
      let keys = pendingKeys(sync, local, row);
      let version: number | undefined;
      if (keys.some((k) => k !== "tags")) {
        version = await mergeRemoteFirst(sync, row, espoId);
        row = store.espocrm.leadLink(scope.tenantId, leadId);
        lead = store.leads.get(scope.tenantId, leadId);
        if (!lead || row?.state !== "linked") return;
        local = syncValuesOf(lead);
        keys = pendingKeys(sync, local, row);
      }
      if (keys.length === 0) return;
      sent = { keys, local };
      const fieldKeys = keys.filter((k) => k !== "tags");
      if (fieldKeys.length > 0) {
        const written = await writeKeeping(sync, fieldKeys, local, (values) =>
          Object.keys(values).length
            ? sync.client.updateLead(espoId, values, version === undefined ? {} : { versionNumber: version })
            : Promise.resolve(null),
        );
        answer = written.answer;
        rejected = written.rejected;
      }
      const tagField = sync.shape.fieldMap.tags;
      if (keys.includes("tags") && tagField) {
        const before = (row.synced.tags ?? []) as string[];
        const now = local.tags as string[];
        const add = now.filter((t) => !before.includes(t));
        const remove = before.filter((t) => !now.includes(t));
        if (add.length) await sync.client.addLeadTags([espoId], add, tagField);
        if (remove.length) await sync.client.removeLeadTags([espoId], remove, tagField);
      }
    });
  } catch (error) {
    if (isEspoError(error, "not_found")) {
      await handleGone(sync, espoId);
      return;
    }
    throw error;
  }
  const done = sent as { keys: string[]; local: Record<string, unknown> } | null;
  if (!done) return;
  const modifiedAt = (answer as EspoLead | null)?.modifiedAt ?? null;
  recordSent(
    sync,
    leadId,
    { ...done, rejected },
    modifiedAt ? { remoteModifiedAt: modifiedAt } : {},
    startedAt,
  );
}

/** Where a lead created by our API user in an attempt that failed on the way back would be. */
function identityOf(lead: Lead): EspoWhere[] | null {
  if (lead.email) return [{ type: "equals", attribute: "emailAddress", value: lead.email }];
  if (lead.firstName || lead.lastName) {
    return [
      { type: "equals", attribute: "firstName", value: lead.firstName },
      { type: "equals", attribute: "lastName", value: lead.lastName },
    ];
  }
  if (lead.company) return [{ type: "equals", attribute: "accountName", value: lead.company }];
  if (lead.phone) return [{ type: "equals", attribute: "phoneNumber", value: lead.phone }];
  return null;
}

const unmapped = (sync: TenantSync, candidates: readonly EspoLead[]) => {
  const mapped = sync.store.espocrm.leadLinksByEspoIds(
    sync.tenant.id,
    candidates.map((c) => c.id),
  );
  return candidates.filter((c) => !mapped.has(c.id));
};

/** A copy of the lead our API user created in an earlier attempt, if that attempt was applied. */
async function ownCopy(sync: TenantSync, lead: Lead): Promise<EspoLead | null> {
  const identity = identityOf(lead);
  if (!identity) return null;
  const by = sync.link.apiUserId
    ? [{ type: "equals", attribute: "createdById", value: sync.link.apiUserId }]
    : [];
  const found = await sync.client.listLeads({
    where: [...identity, ...by],
    maxSize: 5,
    orderBy: "createdAt",
    order: "asc",
  });
  return unmapped(sync, found.list)[0] ?? null;
}

/**
 * Creates the lead in EspoCRM. A retry looks first for the copy an earlier attempt may have made; a
 * person already there with the same e-mail (EspoCRM's duplicate check) is linked, not doubled;
 * a mere namesake is created beside it.
 */
export async function createRemote(sync: TenantSync, leadId: number, attempt: number): Promise<void> {
  const { store, scope } = sync;
  const row = store.espocrm.leadLink(scope.tenantId, leadId);
  if (row?.state !== "creating" || row.espoId) return;
  const lead = store.leads.get(scope.tenantId, leadId);
  if (!lead) return;
  const startedAt = store.clock().getTime();
  const local = syncValuesOf(lead);
  const keys = syncKeys(sync.shape);
  const tagField = sync.shape.fieldMap.tags;
  const tags = tagField && (local.tags as string[]).length ? { [tagField]: local.tags } : {};
  const outcome = await guarded(sync, async () => {
    const earlier = attempt > 1 ? await ownCopy(sync, lead) : null;
    if (earlier) return { kind: "copy" as const, remote: earlier };
    try {
      const created = await writeKeeping(sync, keys, local, (v) => sync.client.createLead(v), tags);
      return { kind: "created" as const, remote: created.answer, rejected: created.rejected };
    } catch (error) {
      if (!isEspoError(error, "duplicate")) throw error;
      const sameEmail = unmapped(sync, (error.matches ?? []) as EspoLead[]).find(
        (m) => lead.email && String(m.emailAddress ?? "").toLowerCase() === lead.email,
      );
      if (sameEmail) return { kind: "adopted" as const, remote: sameEmail };
      const created = await writeKeeping(
        sync,
        keys,
        local,
        (v) => sync.client.createLead(v, { skipDuplicateCheck: true }),
        tags,
      );
      return { kind: "created" as const, remote: created.answer, rejected: created.rejected };
    }
  });
  const { remote } = outcome;
  if (outcome.kind === "created") {
    recordSent(
      sync,
      leadId,
      { keys, rejected: outcome.rejected, local },
      { espoId: remote.id, state: "linked", remoteModifiedAt: remote.modifiedAt ?? null },
      startedAt,
    );
    return;
  }
  if (outcome.kind === "copy") {
    // Our own copy: what it holds is the base, anything newer here is pushed.
    const synced = remoteValues(sync.shape, remote, {});
    const field = sync.shape.fieldMap.status;
    synced.statusField = field ? (remote[field] ?? null) : null;
    store.transaction(() => {
      const saved = store.espocrm.saveLeadLink(scope.tenantId, leadId, {
        espoId: remote.id,
        state: "linked",
        synced,
        remoteModifiedAt: remote.modifiedAt ?? null,
      });
      requestPush(sync, saved);
    });
    return;
  }
  // Someone else's lead with this e-mail: linked, then merged field by field like any other.
  store.transaction(() => {
    store.espocrm.saveLeadLink(scope.tenantId, leadId, { espoId: remote.id, state: "linked", synced: {} });
    applyRemoteLeads(sync, [remote], noCounts());
  });
}

/** A Stream post on the lead, carrying its reference, made once. */
export async function postToStream(
  sync: TenantSync,
  payload: { leadId: number; ref: string; text: string },
  attempt: number,
): Promise<void> {
  const row = sync.store.espocrm.leadLink(sync.tenant.id, payload.leadId);
  if (row?.state === "creating") throw new NotYet("en attente de la création du lead dans EspoCRM");
  if (row?.state !== "linked" || !row.espoId) return;
  const espoId = row.espoId;
  const marker = `(réf. M.A.X. ${payload.ref})`;
  try {
    await guarded(sync, async () => {
      if (attempt > 1) {
        const stream = await sync.client.leadStream(espoId, { maxSize: 50 });
        if (stream.list.some((n) => typeof n.post === "string" && n.post.includes(marker))) return;
      }
      await sync.client.postNote(espoId, `${payload.text}\n\n${marker}`);
    });
  } catch (error) {
    // "No access to parent" or 404: the lead may be gone from EspoCRM.
    if (isEspoError(error, "forbidden") || isEspoError(error, "not_found")) {
      await handleGone(sync, espoId);
      return;
    }
    throw error;
  }
}

/** A newsletter draft of the Espace Créa, as an HTML e-mail draft in EspoCRM (never sent from there). */
export async function writeEmailDraft(sync: TenantSync, messageId: number, attempt: number): Promise<void> {
  const { store, tenant } = sync;
  const message = store.messages.get(tenant.id, messageId);
  if (!message?.bodyHtml) return;
  const from = sync.link.fromAddress ?? store.emailAccounts.get(tenant.id)?.fromAddress;
  if (!from) {
    sync.link = store.espocrm.update(tenant.id, {
      lastError: `Brouillon n°${messageId} non écrit dans EspoCRM : aucune adresse d'expédition (relancez max connect espocrm avec --from, ou reliez la boîte e-mail du compte).`,
    });
    return;
  }
  const row = message.leadId ? store.espocrm.leadLink(tenant.id, message.leadId) : undefined;
  const parentId = row?.state === "linked" && row.espoId ? row.espoId : undefined;
  const marker = `max-ref:m${messageId}`;
  try {
    await guarded(sync, async () => {
      if (attempt > 1) {
        const found = await sync.client.listEmails({
          where: [{ type: "contains", attribute: "body", value: marker }],
          maxSize: 1,
        });
        if (found.list.length > 0) return;
      }
      await sync.client.createEmailDraft({
        subject: message.subject ?? "(sans objet)",
        html: `${message.bodyHtml}\n<!-- ${marker} -->`,
        from,
        ...(parentId ? { parentId } : {}),
      });
    });
  } catch (error) {
    if (!isEspoError(error, "forbidden")) throw error;
    sync.link = store.espocrm.update(tenant.id, {
      lastError: `Brouillon n°${messageId} refusé par EspoCRM (${error.reason ?? "accès refusé"}) : vérifiez que ${from} est une adresse d'expédition permise à l'utilisateur API.`,
    });
  }
}

/**
 * A custom field applied in M.A.X. ("MAX Fields Rebuild"), created through EspoCRM's field manager
 * (admin credentials needed); its stored name (`cIncoterm`) is found in the metadata. The leads that
 * already hold a value for it are pushed.
 */
export async function createCustomField(sync: TenantSync, name: string): Promise<void> {
  const { store, tenant } = sync;
  const def = store.customFields.get(tenant.id, name);
  const spec = store.customFields.specs(tenant.id).find((f) => f.name === name);
  if (!def || !spec || sync.link.fieldMap.custom[name]) return;
  if (!sync.link.adminUser || !sync.link.adminPassword) {
    sync.link = store.espocrm.update(tenant.id, {
      lastError: `Le champ « ${def.label} » n'a pas été créé dans EspoCRM : relancez max connect espocrm avec --admin-user et --admin-password (un administrateur), puis max sync espocrm.`,
    });
    return;
  }
  const field = espoFieldFor(spec, def.label);
  const stored = await guarded(sync, async () => {
    try {
      await sync.client.createField(field);
    } catch (error) {
      if (!isEspoError(error, "conflict")) throw error;
    }
    return storedFieldName(await sync.client.leadFields(), field.name);
  });
  if (!stored) throw new Error(`champ ${field.name} introuvable dans EspoCRM après sa création`);
  store.transaction(() => {
    const link = store.espocrm.get(tenant.id);
    if (!link) return;
    const fieldMap = { ...link.fieldMap, custom: { ...link.fieldMap.custom, [name]: stored } };
    sync.link = store.espocrm.update(tenant.id, { fieldMap });
    sync.shape = { ...sync.shape, fieldMap };
    for (const leadId of store.espocrm.leadIdsWithCustomValue(tenant.id, name)) {
      const row = store.espocrm.leadLink(tenant.id, leadId);
      if (row?.state === "linked") requestPush(sync, row);
    }
  });
}
