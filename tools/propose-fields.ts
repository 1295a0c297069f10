// propose_fields ("MAX Fields Rebuild", step one): stores a trade's proposed fields, stages, tags and
// saved views and shows them in chat. Nothing in the CRM schema changes here: apply_fields does that,
// always after a human confirms.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import {
  costOf,
  describeField,
  FIELD_CATALOG,
  FIELD_TRADES,
  type FieldPlan,
  heatLabel,
  planFor,
  statusLabel,
  type ViewFilters,
} from "../src/domain/index.js";

/** The `only` argument of both Fields Rebuild tools: a subset of the proposed field names. */
export const fieldNamesSchema = z.array(z.string().min(1)).min(1).max(50);

function describeFilters(filters: ViewFilters): string {
  return [
    ...(filters.status ?? []).map((s) => `statut ${statusLabel(s)}`),
    ...(filters.tag ?? []).map((t) => `tag ${t}`),
    filters.heat ? `lead ${heatLabel(filters.heat)}` : "",
    filters.inactiveDays !== undefined ? `inactif depuis ${filters.inactiveDays} j` : "",
    ...Object.entries(filters.customFields ?? {}).map(([name, value]) => `${name} = ${value}`),
  ]
    .filter(Boolean)
    .join(", ");
}

function describePlan(plan: FieldPlan): string {
  return [
    `Champs (${plan.fields.length}) :`,
    ...plan.fields.map((f) => `• ${describeField(f)}`),
    `Étapes du pipeline : ${plan.stages.join(" → ")}`,
    `Tags : ${plan.tags.join(", ")}`,
    `Vues : ${plan.views.map((v) => `« ${v.name} » (${describeFilters(v.filters)})`).join(" ; ") || "aucune"}`,
  ].join("\n");
}

export const proposeFields = defineTool({
  name: "propose_fields",
  description:
    "Propose la fiche d'un métier (champs, étapes, tags, vues) sans rien créer ; `only` restreint aux champs nommés.",
  schema: z.object({
    trade: z.enum(FIELD_TRADES, { error: `métier inconnu ; métiers proposés : ${FIELD_TRADES.join(", ")}` }),
    only: fieldNamesSchema.optional(),
  }),
  effect: "write",
  costKey: "field_proposal",
  preview: ({ trade, only }) =>
    `Préparer la fiche métier ${FIELD_CATALOG[trade].label}${only ? ` (champs : ${only.join(", ")})` : ""}`,
  run({ trade, only }, { store, scope, tenant }) {
    const selected = planFor(trade, only);
    if (!selected.ok) {
      const known = FIELD_CATALOG[trade].fields.map((f) => f.name).join(", ");
      return {
        ok: false,
        error: `Champs inconnus pour ${FIELD_CATALOG[trade].label} : ${selected.unknown.join(", ")}. Champs proposés : ${known}.`,
      };
    }
    const { plan } = selected;
    const proposal = store.fieldProposals.create(scope, plan);
    const applyCost = costOf("field_apply", tenant.costOverrides);
    return {
      ok: true,
      summary: [
        `Fiche métier ${FIELD_CATALOG[trade].label} — proposition n°${proposal.id}`,
        describePlan(plan),
        `Rien n'est encore créé : pour créer ces champs, dites « applique la proposition ${proposal.id} » ; je vous demanderai toujours confirmation (${applyCost} jetons).`,
      ].join("\n"),
      data: { proposalId: proposal.id, ...plan },
    };
  },
});
