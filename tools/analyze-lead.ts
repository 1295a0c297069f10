import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { nextBestAction } from "../src/domain/index.js";

const DAY_MS = 86_400_000;

export const analyzeLead = defineTool({
  name: "analyze_lead",
  description:
    "Analyse un lead : sa fiche, ses dernières activités et la prochaine action conseillée, avec la raison.",
  schema: z.object({ leadId: z.number().int().positive() }),
  effect: "read",
  costKey: "lead_analysis",
  preview: ({ leadId }, { store, tenant }) =>
    `Analyser ${store.leads.get(tenant.id, leadId)?.name ?? `le lead #${leadId}`}`,
  run({ leadId }, { store, tenant }) {
    const lead = store.leads.get(tenant.id, leadId);
    if (!lead) return { ok: false, error: `Lead ${leadId} introuvable.` };
    const now = store.clock().getTime();
    const daysSinceActivity = lead.lastActivityAt
      ? Math.floor((now - lead.lastActivityAt.getTime()) / DAY_MS)
      : null;
    const next = nextBestAction({
      status: lead.status,
      heat: lead.heat,
      daysSinceActivity,
      fields: lead.fields,
    });
    const timeline = store.activities
      .list(tenant.id, leadId, 5)
      .map((a) => `- ${a.occurredAt.toISOString().slice(0, 10)} ${a.kind} : ${a.body}`);
    const card = [
      `${lead.name}${lead.company ? ` (${lead.company})` : ""} — ${lead.status}${lead.heat ? `, ${lead.heat}` : ""}`,
      lead.tags.length ? `Tags : ${lead.tags.join(", ")}` : "",
      ...timeline,
      `Prochaine action : ${next.action} (${next.reason}).`,
    ].filter(Boolean);
    return { ok: true, summary: card.join("\n"), data: { leadId, next } };
  },
});
