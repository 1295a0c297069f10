// What each ledger row was spent on, as the Budget IA room splits a period's spending: one table from
// the ledger's `action` (the cost key the gate debited) to a kind and its words. A key missing here is
// shown under « Autres » rather than lost, and a test keeps every cost key of COST_TABLE mapped.
export const SPEND_KINDS = [
  "creation",
  "automatisation",
  "messages",
  "analyses",
  "crm",
  "appels_ia",
] as const;
export type SpendKind = (typeof SPEND_KINDS)[number] | "autres";

export const SPEND_KIND_LABELS: Record<SpendKind, string> = {
  creation: "Création",
  automatisation: "Automatisation",
  messages: "Messages",
  analyses: "Analyses",
  crm: "Changements CRM",
  appels_ia: "Appels IA",
  autres: "Autres",
};

/** What the kind covers, in a reader's words (under its name in the split). */
export const SPEND_KIND_HINTS: Record<SpendKind, string> = {
  creation: "newsletters et campagnes",
  automatisation: "scénarios n8n, relances automatiques, étapes de scénario",
  messages: "e-mails et WhatsApp",
  analyses: "analyses de leads, propositions de champs",
  crm: "statuts, tags, notes, champs",
  appels_ia: "appels vocaux passés par M.A.X.",
  autres: "actions sans catégorie",
};

const ACTIONS: Record<string, { kind: SpendKind; label: string }> = {
  newsletter_draft: { kind: "creation", label: "Brouillon de newsletter" },
  email_campaign: { kind: "creation", label: "Campagne e-mail" },
  n8n_automation: { kind: "automatisation", label: "Scénario n8n" },
  auto_followup: { kind: "automatisation", label: "Relance automatique" },
  email_message: { kind: "messages", label: "E-mail" },
  whatsapp_message: { kind: "messages", label: "Message WhatsApp" },
  lead_analysis: { kind: "analyses", label: "Analyse de lead" },
  field_proposal: { kind: "analyses", label: "Proposition de champs" },
  crm_change: { kind: "crm", label: "Changement CRM" },
  field_apply: { kind: "crm", label: "Ajout de champs" },
  ai_call: { kind: "appels_ia", label: "Appel IA" },
};

/** The kind a ledger action counts under; a row without action or of an unknown key is « autres ». */
export function spendKindOf(action: string | null | undefined): SpendKind {
  return (action ? ACTIONS[action]?.kind : undefined) ?? "autres";
}

/** A ledger action in words (« Message WhatsApp »), never its key. */
export function spendActionLabel(action: string | null | undefined): string {
  return (action ? ACTIONS[action]?.label : undefined) ?? "Autre action";
}

/** The ledger actions of a kind, for a list of that kind's rows. */
export function actionsOfKind(kind: SpendKind): string[] {
  return Object.entries(ACTIONS)
    .filter(([, a]) => a.kind === kind)
    .map(([action]) => action);
}
