import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import type { Lead } from "../src/store/index.js";
import { bulkLeads, idsOf, leadCount, leadTarget, someLeads, unitsOf } from "./lead-target.js";

/** What the change would do to the lead's tags; nothing when it has them as asked already. */
const changes = (lead: Lead, add: string[] = [], remove: string[] = []) =>
  add.some((tag) => !lead.tags.includes(tag)) || remove.some((tag) => lead.tags.includes(tag));

export const applyTags = defineTool({
  name: "apply_tags",
  description: "Ajoute et/ou retire des tags sur un lead.",
  schema: z
    .object({
      leadId: leadTarget(),
      add: z.array(z.string().min(1)).max(20).optional(),
      remove: z.array(z.string().min(1)).max(20).optional(),
    })
    .refine(
      (a) => (a.add?.length ?? 0) + (a.remove?.length ?? 0) > 0,
      "indiquez au moins un tag à ajouter ou retirer",
    ),
  effect: "write",
  costKey: "crm_change",
  units: (a) => unitsOf(a.leadId),
  // Several leads: only those the change would change are kept, and paid for.
  prepare(args, ctx) {
    if (!Array.isArray(args.leadId)) return { args };
    const leads = bulkLeads(ctx, args.leadId);
    if (!Array.isArray(leads)) return leads;
    const kept = leads.filter((l) => changes(l, args.add, args.remove)).map((l) => l.id);
    if (kept.length === 0) {
      return { unavailable: `Rien à changer : les ${leadCount(leads.length)} ont déjà ces tags.` };
    }
    return { args: { ...args, leadId: kept } };
  },
  changedSince({ args }, { store, tenant }) {
    for (const id of idsOf(args.leadId)) {
      const lead = store.leads.get(tenant.id, id);
      if (!lead) return "le lead n'existe plus.";
      const gone = (args.add ?? []).filter((tag) => !lead.tags.includes(tag));
      const back = (args.remove ?? []).filter((tag) => lead.tags.includes(tag));
      if (gone.length) return `le tag ${gone.join(", ")} a été retiré de ${lead.name} depuis.`;
      if (back.length) return `le tag ${back.join(", ")} a été remis sur ${lead.name} depuis.`;
    }
    return null;
  },
  preview: ({ leadId, add, remove }, ctx) => {
    const who = Array.isArray(leadId)
      ? someLeads(ctx, leadId)
      : (ctx.store.leads.get(ctx.tenant.id, leadId)?.name ?? `lead #${leadId}`);
    const parts = [
      add?.length ? `ajouter ${add.join(", ")}` : "",
      remove?.length ? `retirer ${remove.join(", ")}` : "",
    ];
    return `Tags de ${who} : ${parts.filter(Boolean).join(" ; ")}`;
  },
  run({ leadId, add, remove }, { store, scope }) {
    const runs = idsOf(leadId).map((id) => {
      const before = new Set(store.leads.require(scope.tenantId, id).tags);
      const lead = store.leads.changeTags(scope, id, { add, remove });
      const after = new Set(lead.tags);
      return {
        lead,
        // What undoes it on this lead: the tags it gained removed, the ones it lost put back.
        undo: {
          add: [...before].filter((tag) => !after.has(tag)),
          remove: [...after].filter((tag) => !before.has(tag)),
        },
      };
    });
    const [first] = runs;
    if (!Array.isArray(leadId) && first) {
      return {
        ok: true,
        summary: `Tags de ${first.lead.name} : ${first.lead.tags.join(", ") || "aucun"}.`,
        data: { id: first.lead.id, tags: first.lead.tags },
        undo: { tool: "apply_tags", args: { leadId, ...first.undo } },
      };
    }
    // One undo for the whole run when it did the same to every lead (a tag added to a selection).
    const key = (u: { add: string[]; remove: string[] }) => JSON.stringify([u.add.sort(), u.remove.sort()]);
    const same = runs.every((r) => key(r.undo) === key(first?.undo ?? { add: [], remove: [] }));
    const undo = first?.undo;
    const done = [
      add?.length ? `ajouté ${add.join(", ")}` : "",
      remove?.length ? `retiré ${remove.join(", ")}` : "",
    ];
    return {
      ok: true,
      summary: `Tags de ${leadCount(runs.length)} : ${done.filter(Boolean).join(" ; ")}.`,
      data: { ids: runs.map((r) => r.lead.id), count: runs.length },
      ...(same && undo && (undo.add.length || undo.remove.length)
        ? { undo: { tool: "apply_tags", args: { leadId: runs.map((r) => r.lead.id), ...undo } } }
        : {}),
    };
  },
});
