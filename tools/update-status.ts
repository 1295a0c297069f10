// update_status: moves a lead in its pipeline. A status set by a person stops the lead's relances
// whose stop rules include it, at once rather than when their next step comes due. The status may be
// given by its code or its label (« Devis envoyé »); the card and the reply show the label.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { statusCode, statusLabel } from "../src/domain/index.js";
import { applyStopRulesNow } from "../src/scenarios/stop-now.js";

export const updateStatus = defineTool({
  name: "update_status",
  description: "Change le statut d'un lead dans le pipeline du métier (ex. devis_envoye, gagne).",
  schema: z.object({ leadId: z.number().int().positive(), status: z.string().min(1) }),
  effect: "write",
  costKey: "crm_change",
  prepare: (args, { tenant }) => ({
    args: { ...args, status: statusCode(tenant.vertical, args.status) ?? args.status },
  }),
  changedSince({ args }, { store, tenant }) {
    const lead = store.leads.get(tenant.id, args.leadId);
    if (!lead) return "le lead n'existe plus.";
    return lead.status === args.status
      ? null
      : `${lead.name} est passé depuis en « ${statusLabel(lead.status)} ».`;
  },
  preview: ({ leadId, status }, { store, tenant }) =>
    `Passer ${store.leads.get(tenant.id, leadId)?.name ?? `le lead #${leadId}`} en « ${statusLabel(status)} »`,
  run({ leadId, status }, { store, scope }) {
    const current = store.leads.require(scope.tenantId, leadId);
    const previous = current.status;
    if (previous === status)
      return { ok: false, error: `${current.name} est déjà en « ${statusLabel(status)} » : rien à changer.` };
    const lead = store.leads.setStatus(scope, leadId, status);
    // The status just set stands: a reply's onReply updates are not applied over it.
    const stopped = applyStopRulesNow(store, scope, leadId, false);
    const note = stopped > 0 ? ` ${stopped} séquence(s) de relance arrêtée(s).` : "";
    return {
      ok: true,
      summary: `${lead.name} est maintenant en « ${statusLabel(lead.status)} ».${note}`,
      data: { id: lead.id, status: lead.status },
      undo: { tool: "update_status", args: { leadId, status: previous } },
    };
  },
});
