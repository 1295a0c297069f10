// The lead a tool acts on, or several: the dashboard's bulk actions (tag, status, scenario, analysis
// on a selection or on a whole filtered list) send the ids. The list is the gate's, not the model's:
// it is left out of the schema the model reads (model-schema.ts), so the chat's prompt does not grow,
// and the model keeps calling these tools with one leadId. A call on several leads is one card, one
// debit and one audit row, priced per lead (`units`).
import { z } from "zod";
import type { ToolContext } from "../src/agent/tool.js";
import type { Lead } from "../src/store/index.js";

/**
 * The most leads one bulk call may change (tags, status): each change is a lead row rewritten, its
 * search index and audit, a few milliseconds, twice (the card's dry run, then the run).
 */
export const MAX_BULK_LEADS = 1_000;
/** An analysis only reads: more leads per call. */
export const MAX_BULK_ANALYSES = 5_000;

const leadId = z.number().int().positive();

/** `leadId`: one id (what the model sends) or a list of them (the dashboard). */
export const leadTarget = (max = MAX_BULK_LEADS) =>
  z.union([leadId, z.array(leadId).min(1).max(max).meta({ offered: false })], {
    error: `un numéro de lead, ou une liste de ${new Intl.NumberFormat("fr-FR").format(max)} au plus`,
  });

export type LeadTarget = number | number[];

export const idsOf = (target: LeadTarget): number[] => (Array.isArray(target) ? target : [target]);

/** How many leads the call touches: the units its cost is counted in. */
export const unitsOf = (target: LeadTarget): number => idsOf(target).length;

/**
 * The leads of a bulk call, each once, in the order given; or why not, when some are not in this
 * account (another tenant's id is never reached).
 */
export function bulkLeads(ctx: ToolContext, target: number[]): Lead[] | { unavailable: string } {
  const ids = [...new Set(target)];
  const leads = ctx.store.leads.list(ctx.tenant.id, ids);
  if (leads.length < ids.length) {
    const missing = ids.length - leads.length;
    return {
      unavailable: `${missing} lead${missing > 1 ? "s" : ""} de la sélection ${missing > 1 ? "sont introuvables" : "est introuvable"} dans ce compte : rechargez la liste.`,
    };
  }
  return leads;
}

const count = (n: number) => `${new Intl.NumberFormat("fr-FR").format(n)} lead${n > 1 ? "s" : ""}`;

/** « 240 leads (Marie Dupont, Paul Martin, Julie Roux…) »: the count and the first names, for a card. */
export function someLeads(ctx: ToolContext, ids: readonly number[]): string {
  const first = ctx.store.leads.list(ctx.tenant.id, ids.slice(0, 3)).map((l) => l.name);
  return `${count(ids.length)} (${first.join(", ")}${ids.length > first.length ? "…" : ""})`;
}

export { count as leadCount };
