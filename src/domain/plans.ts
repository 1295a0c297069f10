// Plans from the seeds (max-vision.md, "Système de Tokens" and "Architecture multi-tenant").
export const PLANS = ["standard", "pro", "studio"] as const;
export type Plan = (typeof PLANS)[number];

export const EXTENSIONS = ["fiche_metier"] as const;
export type Extension = (typeof EXTENSIONS)[number];

export const MONTHLY_ALLOWANCE: Readonly<Record<Plan, number>> = { standard: 100, pro: 500, studio: 1500 };
export const PACK_SIZE = 500;

/** "MAX Fields Rebuild": Standard reads and writes tags, notes and statuses only. */
export function canManageFields(plan: Plan, extensions: readonly string[]): boolean {
  return plan !== "standard" || extensions.includes("fiche_metier");
}

/** AI voice calls are shown but locked on Standard. */
export function canUseAiCalls(plan: Plan): boolean {
  return plan !== "standard";
}
