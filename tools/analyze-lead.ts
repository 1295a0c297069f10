import { DateTime } from "luxon";
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import {
  FROM_OUTSIDE,
  fence,
  heatLabel,
  nextBestAction,
  PROSPECT_DATA,
  statusLabel,
  timelineLabel,
} from "../src/domain/index.js";

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
    const timeline = store.activities.list(tenant.id, leadId, 5).map((a) => {
      const body = FROM_OUTSIDE.has(a.kind) ? fence(PROSPECT_DATA, a.body ?? "") : a.body;
      const day = DateTime.fromJSDate(a.occurredAt, { zone: tenant.timezone }).toFormat("dd/LL/yyyy");
      return `- ${day} ${timelineLabel(a.kind, a.meta.status)} : ${body}`;
    });
    const card = [
      `${lead.name}${lead.company ? ` (${lead.company})` : ""} — ${statusLabel(lead.status)}${lead.heat ? `, ${heatLabel(lead.heat)}` : ""}`,
      lead.tags.length ? `Tags : ${lead.tags.join(", ")}` : "",
      ...timeline,
      `Prochaine action : ${next.action} (${next.reason}).`,
    ].filter(Boolean);
    // The timeline carries what prospects wrote: what the model asks next waits for a human.
    return { ok: true, summary: card.join("\n"), data: { leadId, next }, tainted: true };
  },
});
