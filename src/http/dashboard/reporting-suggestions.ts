// What Reporting suggests: the Espace M.A.X.'s suggestions (suggestions.ts, the same read models and
// definitions, unchanged there), each with the CRM list it is about when the list can show it, and
// each with an action M.A.X. prepares — « Créer une action IA » runs its tool calls through the gate,
// so in Assisté a card opens. The Espace answers « à relancer » in the chat; here, where there is no
// chat, it becomes the analysis of the longest silent of those leads (a card with its total cost).
import type { GateContext } from "../../agent/gate.js";
import { FOLLOW_UP_AFTER_DAYS } from "../../agent/nlu/vocabulary.js";
import { frenchCount, openStatuses, type Vertical } from "../../domain/index.js";
import { crmList } from "./reporting-links.js";
import { ANALYSES_PER_CLICK, type Suggestion, suggestionsFor } from "./suggestions.js";

export type ReportSuggestion = Omit<Suggestion, "ask"> & { href: string | null };

/** The CRM list a suggestion is about, from its id (suggestions.ts names them). */
function listOf(id: string, vertical: Vertical): string | null {
  const open = openStatuses(vertical);
  if (id === "stale") return crmList({ status: open, inactiveDays: FOLLOW_UP_AFTER_DAYS });
  if (id === "hot") return crmList({ status: open, heat: "chaud" });
  const [kind, , status] = id.split(":");
  if (kind === "sequence" && status) return crmList({ status: [status], inactiveDays: FOLLOW_UP_AFTER_DAYS });
  return null;
}

/** « à relancer » as an analysis of the longest silent of them: the least recent activity first. */
function staleAnalysis(ctx: GateContext, s: Suggestion): Pick<Suggestion, "act" | "run"> {
  const silent = ctx.store.leads.search(ctx.tenant.id, {
    status: openStatuses(ctx.tenant.vertical as Vertical),
    inactiveDays: FOLLOW_UP_AFTER_DAYS,
    sort: "last_activity",
    order: "asc",
    limit: ANALYSES_PER_CLICK,
  }).leads;
  const n = silent.length;
  return {
    act:
      n < s.count
        ? `Analyser les ${frenchCount(n)} plus anciens ?`
        : n > 1
          ? "Les analyser ?"
          : "L'analyser ?",
    run: [{ tool: "analyze_lead", args: { leadId: silent.map((l) => l.id) } }],
  };
}

export function reportingSuggestions(ctx: GateContext): ReportSuggestion[] {
  const vertical = ctx.tenant.vertical as Vertical;
  return suggestionsFor(ctx).map(({ ask, ...s }) => ({
    ...s,
    ...(ask && !s.run && !s.cards ? staleAnalysis(ctx, s) : {}),
    href: listOf(s.id, vertical),
  }));
}
