import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";

export const applyTags = defineTool({
  name: "apply_tags",
  description: "Ajoute et/ou retire des tags sur un lead.",
  schema: z
    .object({
      leadId: z.number().int().positive(),
      add: z.array(z.string().min(1)).max(20).optional(),
      remove: z.array(z.string().min(1)).max(20).optional(),
    })
    .refine(
      (a) => (a.add?.length ?? 0) + (a.remove?.length ?? 0) > 0,
      "indiquez au moins un tag à ajouter ou retirer",
    ),
  effect: "write",
  costKey: "crm_change",
  changedSince({ args }, { store, tenant }) {
    const lead = store.leads.get(tenant.id, args.leadId);
    if (!lead) return "le lead n'existe plus.";
    const gone = (args.add ?? []).filter((tag) => !lead.tags.includes(tag));
    const back = (args.remove ?? []).filter((tag) => lead.tags.includes(tag));
    if (gone.length) return `le tag ${gone.join(", ")} a été retiré de ${lead.name} depuis.`;
    if (back.length) return `le tag ${back.join(", ")} a été remis sur ${lead.name} depuis.`;
    return null;
  },
  preview: ({ leadId, add, remove }, { store, tenant }) => {
    const who = store.leads.get(tenant.id, leadId)?.name ?? `lead #${leadId}`;
    const parts = [
      add?.length ? `ajouter ${add.join(", ")}` : "",
      remove?.length ? `retirer ${remove.join(", ")}` : "",
    ];
    return `Tags de ${who} : ${parts.filter(Boolean).join(" ; ")}`;
  },
  run({ leadId, add, remove }, { store, scope }) {
    const before = new Set(store.leads.require(scope.tenantId, leadId).tags);
    const lead = store.leads.changeTags(scope, leadId, { add, remove });
    const after = new Set(lead.tags);
    const undo = {
      add: [...before].filter((tag) => !after.has(tag)),
      remove: [...after].filter((tag) => !before.has(tag)),
    };
    return {
      ok: true,
      summary: `Tags de ${lead.name} : ${lead.tags.join(", ") || "aucun"}.`,
      data: { id: lead.id, tags: lead.tags },
      undo: { tool: "apply_tags", args: { leadId, ...undo } },
    };
  },
});
