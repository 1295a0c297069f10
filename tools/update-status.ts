// update_status: moves a lead in its pipeline. A status set by a person stops the lead's relances
// whose stop rules include it, at once rather than when their next step comes due. The status may be
// given by its code or its label (« Devis envoyé »); the card and the reply show the label. From the
// dashboard, several leads at once: those already there are left out (and not paid for).
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { statusCode, statusLabel } from "../src/domain/index.js";
import { applyStopRulesNow } from "../src/scenarios/stop-now.js";
import { bulkLeads, idsOf, leadCount, leadTarget, someLeads, unitsOf } from "./lead-target.js";

export const updateStatus = defineTool({
  name: "update_status",
  description: "Change le statut d'un lead dans le pipeline du métier (ex. devis_envoye, gagne).",
  schema: z.object({ leadId: leadTarget(), status: z.string().min(1) }),
  effect: "write",
  costKey: "crm_change",
  units: (a) => unitsOf(a.leadId),
  prepare: (args, ctx) => {
    const status = statusCode(ctx.tenant.vertical, args.status) ?? args.status;
    if (!Array.isArray(args.leadId)) return { args: { ...args, status } };
    const leads = bulkLeads(ctx, args.leadId);
    if (!Array.isArray(leads)) return leads;
    const kept = leads.filter((l) => l.status !== status).map((l) => l.id);
    if (kept.length === 0) {
      return {
        unavailable: `Rien à changer : les ${leadCount(leads.length)} sont déjà en « ${statusLabel(status)} ».`,
      };
    }
    return { args: { leadId: kept, status } };
  },
  changedSince({ args }, { store, tenant }) {
    for (const id of idsOf(args.leadId)) {
      const lead = store.leads.get(tenant.id, id);
      if (!lead) return "le lead n'existe plus.";
      if (lead.status !== args.status)
        return `${lead.name} est passé depuis en « ${statusLabel(lead.status)} ».`;
    }
    return null;
  },
  preview: ({ leadId, status }, ctx) =>
    `Passer ${Array.isArray(leadId) ? someLeads(ctx, leadId) : (ctx.store.leads.get(ctx.tenant.id, leadId)?.name ?? `le lead #${leadId}`)} en « ${statusLabel(status)} »`,
  run({ leadId, status }, { store, scope }) {
    const moved: Array<{ id: number; previous: string }> = [];
    let stopped = 0;
    let name = "";
    let now = status;
    for (const id of idsOf(leadId)) {
      const current = store.leads.require(scope.tenantId, id);
      if (current.status === status) {
        if (!Array.isArray(leadId))
          return {
            ok: false,
            error: `${current.name} est déjà en « ${statusLabel(status)} » : rien à changer.`,
          };
        continue;
      }
      const lead = store.leads.setStatus(scope, id, status);
      // The status just set stands: a reply's onReply updates are not applied over it.
      stopped += applyStopRulesNow(store, scope, id, false);
      moved.push({ id, previous: current.status });
      name = lead.name;
      now = lead.status;
    }
    const note = stopped > 0 ? ` ${stopped} séquence(s) de relance arrêtée(s).` : "";
    if (!Array.isArray(leadId)) {
      const previous = moved[0]?.previous ?? status;
      return {
        ok: true,
        summary: `${name} est maintenant en « ${statusLabel(now)} ».${note}`,
        data: { id: leadId, status: now },
        undo: { tool: "update_status", args: { leadId, status: previous } },
      };
    }
    if (moved.length === 0)
      return { ok: false, error: `Les leads sont déjà en « ${statusLabel(status)} » : rien à changer.` };
    // One undo when every lead came from the same status (a column of the board, a filtered list).
    const previous = new Set(moved.map((m) => m.previous));
    const [from] = previous;
    return {
      ok: true,
      summary: `${leadCount(moved.length)} ${moved.length > 1 ? "sont" : "est"} maintenant en « ${statusLabel(status)} ».${note}`,
      data: { ids: moved.map((m) => m.id), status },
      ...(previous.size === 1 && from
        ? { undo: { tool: "update_status", args: { leadId: moved.map((m) => m.id), status: from } } }
        : {}),
    };
  },
});
