// Per-action token costs: the seeds' table (max-vision.md, "Coûts test (MVP1)") plus our own keys.
export const COST_TABLE = {
  newsletter_draft: 10,
  whatsapp_message: 5,
  n8n_automation: 8,
  auto_followup: 15,
  ai_call: 100,
  lead_analysis: 2,
  email_message: 2,
  /** An e-mail campaign of the Espace Créa, per started hundred recipients (the tool's units). */
  email_campaign: 2,
  crm_change: 1,
  field_proposal: 5,
  field_apply: 20,
  read: 0,
} as const;

export type CostKey = keyof typeof COST_TABLE;
export const COST_KEYS = Object.keys(COST_TABLE) as CostKey[];

/** A campaign is paid per started hundred recipients: « email_campaign » × this many units. */
export const campaignUnits = (recipients: number): number => Math.max(1, Math.ceil(recipients / 100));

/** A tenant may override any cost; a side-effecting action never costs less than 1 token. */
export function costOf(
  key: CostKey,
  overrides: Partial<Record<string, number>> = {},
  sideEffect = key !== "read",
): number {
  const cost = overrides[key] ?? COST_TABLE[key];
  return sideEffect ? Math.max(1, cost) : Math.max(0, cost);
}

/** An amount of tokens in French: « 1 jeton », « 15 jetons ». */
export const jetons = (n: number): string => `${n} jeton${Math.abs(n) > 1 ? "s" : ""}`;

/** A cost as a card shows it: « gratuit » for a correction or a setting, else the tokens. */
export const costWords = (n: number): string => (n === 0 ? "gratuit" : jetons(n));
