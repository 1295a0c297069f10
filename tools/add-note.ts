import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";

export const addNote = defineTool({
  name: "add_note",
  description: "Ajoute une note à la timeline d'un lead.",
  schema: z.object({ leadId: z.number().int().positive(), text: z.string().trim().min(1).max(5000) }),
  effect: "write",
  costKey: "crm_change",
  preview: ({ leadId, text }, { store, tenant }) =>
    `Note sur ${store.leads.get(tenant.id, leadId)?.name ?? `le lead #${leadId}`} : « ${text.slice(0, 80)} »`,
  run({ leadId, text }, { store, scope }) {
    const note = store.activities.add(scope, leadId, { kind: "note", body: text });
    return { ok: true, summary: "Note ajoutée.", data: { activityId: note.id } };
  },
});
