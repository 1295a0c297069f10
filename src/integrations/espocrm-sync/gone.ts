// A lead that left EspoCRM: deleted, or merged into another (EspoCRM's merge keeps the target and
// deletes the others, which usually share its e-mail or name). M.A.X. keeps its own copy — it has
// history EspoCRM never had — but stops syncing it and says so on its timeline; a merge is told on
// both leads' timelines when the target is linked too. Nothing is concluded before EspoCRM answers
// 404 for the lead itself: a lead missing from a list may only be out of the API user's sight.
import { type EspoLead, isEspoError } from "../espocrm/index.js";
import type { PullCounts } from "./apply.js";
import { guarded, type TenantSync } from "./context.js";

/** The live lead a gone one was merged into, found as EspoCRM's duplicate check would. */
async function mergeTarget(sync: TenantSync, leadId: number, goneId: string): Promise<EspoLead | null> {
  const lead = sync.store.leads.get(sync.tenant.id, leadId);
  if (!lead) return null;
  const where = lead.email
    ? [{ type: "equals", attribute: "emailAddress", value: lead.email }]
    : lead.firstName || lead.lastName
      ? [
          { type: "equals", attribute: "firstName", value: lead.firstName },
          { type: "equals", attribute: "lastName", value: lead.lastName },
        ]
      : null;
  if (!where) return null;
  const found = await sync.client.listLeads({ where, maxSize: 5, orderBy: "modifiedAt", order: "desc" });
  return found.list.find((l) => l.id !== goneId) ?? null;
}

/**
 * Checks that the EspoCRM lead is gone and records it: merged (into the lead with its e-mail or
 * name) or deleted. Returns what it was, or null when it is still there.
 */
export async function handleGone(
  sync: TenantSync,
  espoId: string,
  counts?: PullCounts,
): Promise<"deleted" | "merged" | null> {
  const { store, scope } = sync;
  const row = store.espocrm.leadLinksByEspoIds(scope.tenantId, [espoId]).get(espoId);
  if (!row || (row.state !== "linked" && row.state !== "creating")) return null;
  const stillThere = await guarded(sync, () =>
    sync.client.getLead(espoId).then(
      () => true,
      (error: unknown) => {
        if (isEspoError(error, "not_found")) return false;
        throw error;
      },
    ),
  );
  if (stillThere) return null;
  const target = await guarded(sync, () => mergeTarget(sync, row.leadId, espoId));
  const into = target
    ? store.espocrm.leadLinksByEspoIds(scope.tenantId, [target.id]).get(target.id)
    : undefined;
  const outcome = target ? "merged" : "deleted";
  store.transaction(() => {
    const lead = store.leads.get(scope.tenantId, row.leadId);
    store.espocrm.saveLeadLink(scope.tenantId, row.leadId, {
      state: outcome,
      mergedInto: target?.id ?? null,
      dirty: {},
    });
    if (!lead) return;
    const name = target ? [target.firstName, target.lastName].filter(Boolean).join(" ") || target.id : "";
    const body = target
      ? `Fusionné dans EspoCRM avec « ${name} »${into ? ` (lead n°${into.leadId})` : ""} : ce lead n'est plus synchronisé, son historique reste ici.`
      : "Supprimé dans EspoCRM : ce lead n'est plus synchronisé, son historique reste ici.";
    store.activities.add(scope, lead.id, {
      kind: "note",
      body,
      meta: { source: "espocrm", [outcome]: espoId },
    });
    if (into && into.leadId !== lead.id) {
      store.activities.add(scope, into.leadId, {
        kind: "note",
        body: `« ${lead.name} » (lead n°${lead.id}) a été fusionné dans ce lead dans EspoCRM.`,
        meta: { source: "espocrm", mergedFrom: lead.id },
      });
    }
  });
  if (counts) counts[outcome] += 1;
  return outcome;
}
