// update_status: moves a lead in its pipeline. A status set by a person stops the lead's relances
// whose stop rules include it, at once rather than when their next step comes due.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { applyStopRulesNow } from "../src/scenarios/stop-now.js";

export const updateStatus = defineTool({
  name: "update_status",
  description: "Change le statut d'un lead dans le pipeline du métier (ex. devis_envoye, gagne).",
  schema: z.object({ leadId: z.number().int().positive(), status: z.string().min(1) }),
  effect: "write",
  costKey: "crm_change",
  preview: ({ leadId, status }, { store, tenant }) =>
    `Passer ${store.leads.get(tenant.id, leadId)?.name ?? `le lead #${leadId}`} en « ${status} »`,
  run({ leadId, status }, { store, scope }) {
    const previous = store.leads.require(scope.tenantId, leadId).status;
    const lead = store.leads.setStatus(scope, leadId, status);
    // The status just set stands: a reply's onReply updates are not applied over it.
    const stopped = applyStopRulesNow(store, scope, leadId, false);
    const note = stopped > 0 ? ` ${stopped} séquence(s) de relance arrêtée(s).` : "";
    return {
      ok: true,
      summary: `${lead.name} est maintenant en « ${lead.status} ».${note}`,
      data: { id: lead.id, status: lead.status },
      undo: { tool: "update_status", args: { leadId, status: previous } },
    };
  },
});
