// EspoCRM's leads applied to M.A.X.: a page of a poll, the leads a webhook named, the import. Each
// field is compared three ways — what EspoCRM says now, what M.A.X. holds now, what both last agreed
// on — so an echo of M.A.X.'s own write changes nothing, a change made on one side only is taken,
// and a change made on both sides is a conflict: the later one wins (EspoCRM's modifiedAt against
// the local change's time), the other value is written on the lead's timeline so nothing is
// silently lost. Tags merge instead (an add or a remove on either side stands). Each lead is applied
// whole or not at all; a page is one commit, with the cursor that follows it.
import { DateTime } from "luxon";
import type { EspoLeadLink } from "../../store/espocrm.js";
import { sameValue, syncValuesOf } from "../../store/espocrm-outbox.js";
import { type Lead, StoreError } from "../../store/index.js";
import type { LeadPatch, NewLead } from "../../store/lead-input.js";
import { type EspoLead, fromEspoDateTime, type LeadCursor } from "../espocrm/index.js";
import { requestNote, requestPush, type TenantSync } from "./context.js";
import { keyLabel, remoteValues, statusFromEspo, syncKeys, valueWords } from "./mapping.js";

export interface PullCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  conflicts: number;
  deleted: number;
  merged: number;
}

export const noCounts = (): PullCounts => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  conflicts: 0,
  deleted: 0,
  merged: 0,
});

const CONTACT_KEYS = new Set(["firstName", "lastName", "company", "email", "phone", "city", "notes"]);
const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length);

/** A three-way merge of tag sets: an add or a removal on either side stands. */
function mergeTags(base: readonly string[], local: readonly string[], remote: readonly string[]) {
  const merged = new Set<string>();
  for (const tag of new Set([...local, ...remote])) {
    const both = local.includes(tag) && remote.includes(tag);
    if (both || !base.includes(tag)) merged.add(tag);
  }
  return [...merged].sort();
}

/**
 * EspoCRM's own status says M.A.X.'s (read back, it gives this status), and so does the vertical's
 * status field — when filled, or always when `strict` (a push writes it whenever it sends anything).
 */
export function statusAligned(
  sync: TenantSync,
  status: string,
  synced: Record<string, unknown>,
  strict = false,
): boolean {
  const native = typeof synced.espoStatus === "string" ? synced.espoStatus : "";
  if (!native || statusFromEspo(sync.shape.vertical, native, status) !== status) return false;
  const field = synced.statusField;
  return !sync.shape.fieldMap.status || (!strict && isEmpty(field)) || field === status;
}

interface Conflict {
  key: string;
  kept: unknown;
  lost: unknown;
  winner: "espocrm" | "max";
  localAt: number;
  remoteAt: number;
}

function when(sync: TenantSync, ms: number): string {
  return DateTime.fromMillis(ms, { zone: sync.tenant.timezone })
    .setLocale("fr")
    .toFormat("dd/LL/yyyy 'à' HH:mm:ss");
}

/** The conflict on the lead's timeline, and in EspoCRM's stream when M.A.X.'s value won there. */
function recordConflict(sync: TenantSync, lead: Lead, c: Conflict, remoteStamp: string): void {
  const label = keyLabel(c.key);
  const espo = `EspoCRM, modifié le ${when(sync, c.remoteAt)}`;
  const max = `M.A.X., modifié le ${when(sync, c.localAt)}`;
  const body =
    c.winner === "espocrm"
      ? `Conflit de synchronisation sur « ${label} » : ${valueWords(c.key, c.kept)} (${espo}) remplace ${valueWords(c.key, c.lost)} (${max}), plus ancien.`
      : `Conflit de synchronisation sur « ${label} » : ${valueWords(c.key, c.kept)} (${max}) est conservé et renvoyé à EspoCRM ; la valeur d'EspoCRM ${valueWords(c.key, c.lost)} (${espo}), plus ancienne, est gardée ici.`;
  sync.store.activities.add(sync.scope, lead.id, {
    kind: "note",
    body,
    meta: { source: "espocrm", conflict: { ...c, kept: c.kept ?? null, lost: c.lost ?? null } },
  });
  if (c.winner === "max") {
    requestNote(
      sync,
      lead.id,
      `conflict-${lead.id}-${c.key}-${remoteStamp}`,
      `Conflit avec M.A.X. sur « ${label} » : ${valueWords(c.key, c.kept)} (${max}) est plus récent et remplace ${valueWords(c.key, c.lost)} saisi ici le ${when(sync, c.remoteAt)}. L'ancienne valeur reste sur la fiche du lead dans M.A.X.`,
    );
  }
}

/** Writes the fields EspoCRM changed into the local lead, as the sync (never pushed back). */
function applyLocally(sync: TenantSync, lead: Lead, patch: Record<string, unknown>): void {
  const { store, scope } = sync;
  const contact: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (CONTACT_KEYS.has(key)) contact[key] = value;
    else if (key.startsWith("f:")) fields[key.slice(2)] = value;
    else if (key.startsWith("c:")) custom[key.slice(2)] = value;
  }
  if (Object.keys(contact).length || Object.keys(fields).length) {
    const change = { ...contact, ...(Object.keys(fields).length ? { fields } : {}) } as LeadPatch;
    store.leads.update(scope, lead.id, change);
  }
  if (typeof patch.status === "string") store.leads.setStatus(scope, lead.id, patch.status);
  if (Array.isArray(patch.tags)) {
    const tags = patch.tags as string[];
    store.leads.changeTags(scope, lead.id, {
      add: tags.filter((t) => !lead.tags.includes(t)),
      remove: lead.tags.filter((t) => !tags.includes(t)),
    });
  }
  if (Object.keys(custom).length) store.leads.setCustomFields(scope, lead.id, custom);
}

/** A lead that exists in EspoCRM only: created in M.A.X., linked, not pushed back. */
function createLocal(
  sync: TenantSync,
  remote: EspoLead,
  values: Record<string, unknown>,
): "created" | "skipped" {
  const { store, scope } = sync;
  const fields: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null) continue;
    if (key.startsWith("f:")) fields[key.slice(2)] = value;
    if (key.startsWith("c:")) custom[key.slice(2)] = value;
  }
  const input: NewLead = {
    firstName: values.firstName as string,
    lastName: values.lastName as string,
    company: values.company as string | null,
    email: values.email as string | null,
    phone: values.phone as string | null,
    city: values.city as string | null,
    notes: values.notes as string,
    status: values.status as string,
    source: typeof remote.source === "string" && remote.source ? remote.source : "EspoCRM",
    ...(Array.isArray(values.tags) ? { tags: values.tags as string[] } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(Object.keys(custom).length ? { customFields: custom } : {}),
  };
  if (!input.firstName && !input.lastName && !input.company && !input.email && !input.phone) return "skipped";
  const lead = store.leads.create(scope, input);
  store.espocrm.saveLeadLink(scope.tenantId, lead.id, {
    espoId: remote.id,
    state: "linked",
    synced: syncedOf(sync, values, remote),
    remoteModifiedAt: remote.modifiedAt ?? null,
  });
  return "created";
}

/** What both sides agree on once `values` (EspoCRM's, in M.A.X.'s terms) are applied. */
function syncedOf(sync: TenantSync, values: Record<string, unknown>, remote: EspoLead) {
  const synced: Record<string, unknown> = {};
  for (const key of syncKeys(sync.shape)) synced[key] = values[key] ?? null;
  synced.espoStatus = values.espoStatus;
  const field = sync.shape.fieldMap.status;
  synced.statusField = field ? (remote[field] ?? null) : null;
  return synced;
}

type Outcome = "created" | "updated" | "unchanged" | "skipped";

/** A linked lead: field by field, EspoCRM's change, M.A.X.'s, or a conflict. */
function mergeLinked(sync: TenantSync, lead: Lead, row: EspoLeadLink, remote: EspoLead, counts: PullCounts) {
  const { store, scope } = sync;
  const local = syncValuesOf(lead);
  const theirs = remoteValues(sync.shape, remote, row.synced);
  const remoteAt = fromEspoDateTime(remote.modifiedAt)?.getTime() ?? store.clock().getTime();
  const synced: Record<string, unknown> = { ...row.synced };
  const dirty = { ...row.dirty };
  const patch: Record<string, unknown> = {};
  const conflicts: Conflict[] = [];
  let push = false;
  for (const key of syncKeys(sync.shape)) {
    const r = theirs[key] ?? null;
    const l = local[key] ?? null;
    const known = key in row.synced;
    const base = row.synced[key] ?? null;
    if (key === "tags") {
      const merged = mergeTags((known ? base : []) as string[], l as string[], r as string[]);
      if (!sameValue(merged, l)) patch.tags = merged;
      synced.tags = r;
      if (sameValue(merged, r)) delete dirty.tags;
      else push = true;
      continue;
    }
    if (known && sameValue(r, base)) continue;
    if (sameValue(l, r)) {
      synced[key] = r;
      delete dirty[key];
      continue;
    }
    const localChanged = known ? !sameValue(l, base) : !isEmpty(l);
    if (!localChanged) {
      patch[key] = r;
      synced[key] = r;
      delete dirty[key];
      continue;
    }
    if (!known && isEmpty(r)) {
      synced[key] = r;
      push = true;
      continue;
    }
    const localAt = dirty[key] ?? lead.updatedAt.getTime();
    // modifiedAt has whole seconds: within the same second, EspoCRM (the CRM of record) wins.
    if (remoteAt + 1000 > localAt) {
      patch[key] = r;
      synced[key] = r;
      delete dirty[key];
      conflicts.push({ key, kept: r, lost: l, winner: "espocrm", localAt, remoteAt });
    } else {
      synced[key] = r;
      dirty[key] = localAt;
      push = true;
      conflicts.push({ key, kept: l, lost: r, winner: "max", localAt, remoteAt });
    }
  }
  synced.espoStatus = theirs.espoStatus;
  const field = sync.shape.fieldMap.status;
  synced.statusField = field ? (remote[field] ?? null) : null;
  // A status moved in EspoCRM gets the vertical's field written to match; an import leaves it be.
  const moved = typeof patch.status === "string";
  if (!statusAligned(sync, String(patch.status ?? local.status), synced, moved)) push = true;
  applyLocally(sync, lead, patch);
  for (const c of conflicts) recordConflict(sync, lead, c, String(remote.modifiedAt ?? remoteAt));
  const saved = store.espocrm.saveLeadLink(scope.tenantId, lead.id, {
    synced,
    dirty,
    remoteModifiedAt: remote.modifiedAt ?? null,
  });
  if (push) requestPush(sync, saved);
  counts.conflicts += conflicts.length;
  return Object.keys(patch).length || conflicts.length ? "updated" : "unchanged";
}

function applyOne(
  sync: TenantSync,
  remote: EspoLead,
  row: EspoLeadLink | undefined,
  counts: PullCounts,
): Outcome {
  const { store, scope } = sync;
  if (row && row.state !== "linked") return "unchanged";
  if (row) {
    const lead = store.leads.get(scope.tenantId, row.leadId);
    return lead ? mergeLinked(sync, lead, row, remote, counts) : "skipped";
  }
  // A lead M.A.X. has too (same e-mail) and has not linked yet: linked now, not created twice.
  const values = remoteValues(sync.shape, remote, {});
  const twinId =
    typeof values.email === "string"
      ? store.espocrm.unlinkedLeadByEmail(scope.tenantId, values.email)
      : undefined;
  const twin = twinId === undefined ? undefined : store.leads.get(scope.tenantId, twinId);
  if (twin) {
    const linked = store.espocrm.saveLeadLink(scope.tenantId, twin.id, {
      espoId: remote.id,
      state: "linked",
      synced: {},
    });
    mergeLinked(sync, twin, linked, remote, counts);
    return "updated";
  }
  return createLocal(sync, remote, values);
}

/**
 * Applies EspoCRM leads in one commit, each whole or not at all (a lead the store refuses is
 * skipped and logged), and moves the cursor with them when one is given.
 */
export function applyRemoteLeads(
  sync: TenantSync,
  list: readonly EspoLead[],
  counts: PullCounts,
  cursor?: LeadCursor | null,
): void {
  const { store, scope } = sync;
  store.transaction(() => {
    const rows = store.espocrm.leadLinksByEspoIds(
      scope.tenantId,
      list.map((l) => l.id),
    );
    for (const remote of list) {
      try {
        counts[store.transaction(() => applyOne(sync, remote, rows.get(remote.id), counts))] += 1;
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        counts.skipped += 1;
        sync.deps.log.warn(
          { tenant: scope.tenantId, espoId: remote.id, reason: error.message },
          "EspoCRM lead skipped",
        );
      }
    }
    if (cursor) {
      const link = store.espocrm.get(scope.tenantId);
      const ahead =
        !link?.cursorModifiedAt ||
        cursor.modifiedAt > link.cursorModifiedAt ||
        (cursor.modifiedAt === link.cursorModifiedAt && cursor.id > (link.cursorId ?? ""));
      if (ahead) {
        sync.link = store.espocrm.update(scope.tenantId, {
          cursorModifiedAt: cursor.modifiedAt,
          cursorId: cursor.id,
        });
      }
    }
  });
}
