import { DateTime } from "luxon";
import { z } from "zod";
import { defineTool, type ToolContext, type ToolResult } from "../src/agent/tool.js";
import {
  FROM_OUTSIDE,
  fence,
  heatLabel,
  nextBestAction,
  PROSPECT_DATA,
  statusLabel,
  timelineLabel,
} from "../src/domain/index.js";
import { bulkLeads, leadCount, leadTarget, MAX_BULK_ANALYSES, someLeads, unitsOf } from "./lead-target.js";

const DAY_MS = 86_400_000;

/** How many leads of a bulk analysis are listed one by one in its data (the rest are counted). */
const LISTED = 200;

const daysSince = (at: Date | null, now: number) => (at ? Math.floor((now - at.getTime()) / DAY_MS) : null);

/**
 * Several leads (the dashboard's « Analyser » on a selection): the next action of each, grouped. Only
 * the lead rows are read, never what prospects wrote, so the result is not tainted.
 */
function analyzeMany(leadIds: number[], { store, tenant }: ToolContext): ToolResult {
  const now = store.clock().getTime();
  const leads = store.leads.list(tenant.id, [...new Set(leadIds)]);
  const rows = leads.map((lead) => ({
    id: lead.id,
    name: lead.name,
    ...nextBestAction({
      status: lead.status,
      heat: lead.heat,
      daysSinceActivity: daysSince(lead.lastActivityAt, now),
      fields: lead.fields,
    }),
  }));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
  const byAction = [...counts]
    .map(([action, count]) => ({ action, count }))
    .sort((a, b) => b.count - a.count);
  const advised = byAction.map((a) => `${a.action} (${leadCount(a.count)})`).join(" ; ");
  const summary = `Analyse de ${leadCount(rows.length)} — prochaines actions conseillées : ${advised}.`;
  return {
    ok: true,
    summary,
    data: { count: rows.length, byAction, leads: rows.slice(0, LISTED) },
  };
}

export const analyzeLead = defineTool({
  name: "analyze_lead",
  description:
    "Analyse un lead : sa fiche, ses dernières activités et la prochaine action conseillée, avec la raison.",
  schema: z.object({ leadId: leadTarget(MAX_BULK_ANALYSES) }),
  effect: "read",
  costKey: "lead_analysis",
  units: (a) => unitsOf(a.leadId),
  // One lead is read at once; a bulk analysis is paid per lead, so its card is always shown.
  confirmations: (a) => (Array.isArray(a.leadId) ? 1 : 0),
  prepare(args, ctx) {
    if (!Array.isArray(args.leadId)) return { args };
    const leads = bulkLeads(ctx, args.leadId);
    return Array.isArray(leads) ? { args: { leadId: leads.map((l) => l.id) } } : leads;
  },
  preview: ({ leadId }, ctx) =>
    `Analyser ${Array.isArray(leadId) ? someLeads(ctx, leadId) : (ctx.store.leads.get(ctx.tenant.id, leadId)?.name ?? `le lead #${leadId}`)}`,
  run({ leadId }, ctx) {
    if (Array.isArray(leadId)) return analyzeMany(leadId, ctx);
    const { store, tenant } = ctx;
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
