// apply_fields ("MAX Fields Rebuild", step two): creates the custom fields of a stored proposal. Its
// effect is "schema", so the gate always asks for a confirmation; every definition is made in the
// gate's transaction, so one conflict rolls them all back and the debit is refunded.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { describeField, FIELD_CATALOG, selectFields } from "../src/domain/index.js";
import type { FieldProposal } from "../src/store/index.js";
import { fieldNamesSchema } from "./propose-fields.js";

function unknownFields(proposal: FieldProposal, unknown: string[]): string {
  const known = proposal.proposal.fields.map((f) => f.name).join(", ");
  return `Champs absents de la proposition n°${proposal.id} : ${unknown.join(", ")}. Champs proposés : ${known}.`;
}

const tradeLabel = (proposal: FieldProposal) => FIELD_CATALOG[proposal.proposal.trade].label;

export const applyFields = defineTool({
  name: "apply_fields",
  description:
    "Crée les champs personnalisés d'une proposition de propose_fields (tous, ou ceux de `only`) ; toujours confirmé.",
  schema: z.object({
    proposalId: z.number().int().positive(),
    only: fieldNamesSchema.optional(),
  }),
  effect: "schema",
  costKey: "field_apply",
  preview({ proposalId, only }, { store, tenant }) {
    // The card says up front when confirming would only fail (and be refunded).
    const proposal = store.fieldProposals.get(tenant.id, proposalId);
    if (!proposal) return `Proposition de champs n°${proposalId} introuvable : rien ne sera créé`;
    if (proposal.status === "applied") {
      return `La proposition de champs n°${proposalId} est déjà appliquée : rien ne sera créé`;
    }
    const selection = selectFields(proposal.proposal.fields, only);
    if (!selection.ok) return unknownFields(proposal, selection.unknown);
    const fields = selection.fields.map(describeField).join(" ; ");
    return `Créer ${selection.fields.length} champ(s) de la fiche ${tradeLabel(proposal)} (proposition n°${proposalId}) : ${fields}`;
  },
  run({ proposalId, only }, { store, scope }) {
    // Marked first: an applied or foreign proposal is refused before anything is defined.
    const proposal = store.fieldProposals.markApplied(scope, proposalId);
    const selection = selectFields(proposal.proposal.fields, only);
    if (!selection.ok) return { ok: false, error: unknownFields(proposal, selection.unknown) };
    const created = selection.fields.map((f) => store.customFields.define(scope, f));
    const names = created.map((f) => f.name);
    return {
      ok: true,
      summary: `Fiche ${tradeLabel(proposal)} appliquée : ${created.length} champ(s) créé(s) — ${names.join(", ")}. Vous pouvez les remplir sur vos leads et filtrer dessus.`,
      data: { proposalId, fields: names },
    };
  },
});
