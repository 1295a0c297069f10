import { z } from "zod";
import { defineTool } from "./tool.js";

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
    return {
      ok: true,
      summary: `${lead.name} est maintenant en « ${lead.status} ».`,
      data: { id: lead.id, status: lead.status },
      undo: { tool: "update_status", args: { leadId, status: previous } },
    };
  },
});
