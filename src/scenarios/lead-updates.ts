// A step's field updates on the lead (status, heat, tags), written under the scenario's scope. A
// status the tenant's pipeline does not have is left alone; a status the scenario sets itself becomes
// the one it expects, so its own move is never taken for "someone changed the status".
import { checkStatus, pipelineFor } from "../domain/index.js";
import type { Lead, Scope, Store, Tenant } from "../store/index.js";
import type { Enrollment } from "../store/scenarios.js";
import type { FieldUpdates } from "./definitions.js";

function targetStatus(tenant: Tenant, lead: Lead, updates: FieldUpdates): string | null {
  if (updates.nextStatus) {
    const pipeline = pipelineFor(tenant.vertical);
    return pipeline[pipeline.indexOf(lead.status) + 1] ?? null;
  }
  if (updates.status && checkStatus(tenant.vertical, updates.status).ok) return updates.status;
  return null;
}

export function applyUpdates(
  store: Store,
  scope: Scope,
  tenant: Tenant,
  e: Enrollment,
  updates: FieldUpdates | undefined,
): void {
  if (!updates) return;
  const lead = store.leads.require(scope.tenantId, e.leadId);
  const status = targetStatus(tenant, lead, updates);
  if (status && status !== lead.status) {
    store.leads.setStatus(scope, lead.id, status);
    store.scenarios.expectStatus(scope, e.id, status);
  }
  if (updates.heat) store.leads.update(scope, lead.id, { heat: updates.heat });
  if (updates.tags?.length) store.leads.changeTags(scope, lead.id, { add: updates.tags });
}
