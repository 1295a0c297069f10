// The mode policy: what happens to a tool call given the tenant's mode, the tool's effect and the
// plan. Pure; the agent's gate applies the verdict and the ledger.
import type { CostKey } from "./costs.js";
import { canManageFields, canUseAiCalls, type Plan } from "./plans.js";

export const MODES = ["conseil", "assiste", "auto"] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = { conseil: "Conseil", assiste: "Assisté", auto: "Auto" };

export const EFFECTS = ["read", "write", "send", "schema"] as const;
export type Effect = (typeof EFFECTS)[number];

export type Verdict = "run" | "suggest" | "confirm" | "refuse";
export type DecisionCode =
  | "READ"
  | "CONSEIL_SUGGESTS"
  | "ASSISTE_CONFIRMS"
  | "AUTO_RUNS"
  | "SCHEMA_ALWAYS_CONFIRMS"
  | "ALWAYS_CONFIRMS"
  | "TAINTED_CONFIRMS"
  | "PLAN_NO_FIELDS"
  | "PLAN_NO_AI_CALLS";

export interface Decision {
  verdict: Verdict;
  code: DecisionCode;
  reason: string;
}

export interface PolicyInput {
  mode: Mode;
  effect: Effect;
  costKey: CostKey;
  plan: Plan;
  extensions: readonly string[];
  /** The tool itself asks for a human whatever the mode (a mode change). */
  alwaysConfirm?: boolean;
  /** The turn has read a prospect's text: a side effect it asks for waits for a human, even in Auto. */
  tainted?: boolean;
}

export function decide({
  mode,
  effect,
  costKey,
  plan,
  extensions,
  alwaysConfirm,
  tainted,
}: PolicyInput): Decision {
  const touchesSchema = effect === "schema" || costKey === "field_proposal";
  if (touchesSchema && !canManageFields(plan, extensions)) {
    return {
      verdict: "refuse",
      code: "PLAN_NO_FIELDS",
      reason:
        "Le plan Standard ne crée pas de champs (tags, notes et statuts seulement). Passez en Pro ou activez l'extension « Fiche métier ».",
    };
  }
  if (costKey === "ai_call" && !canUseAiCalls(plan)) {
    return {
      verdict: "refuse",
      code: "PLAN_NO_AI_CALLS",
      reason: "Les appels IA ne sont pas inclus dans le plan Standard. Passez en Pro pour les débloquer.",
    };
  }
  if (alwaysConfirm) {
    return {
      verdict: "confirm",
      code: "ALWAYS_CONFIRMS",
      reason: "Cette action demande toujours votre confirmation, quel que soit le mode.",
    };
  }
  if (effect === "read") return { verdict: "run", code: "READ", reason: "Lecture seule." };
  if (mode === "conseil") {
    return {
      verdict: "suggest",
      code: "CONSEIL_SUGGESTS",
      reason: "Mode Conseil : je suggère sans agir. Passez en Assisté pour que je le prépare.",
    };
  }
  if (effect === "schema") {
    return {
      verdict: "confirm",
      code: "SCHEMA_ALWAYS_CONFIRMS",
      reason: "Toute modification du schéma CRM demande votre confirmation, quel que soit le mode.",
    };
  }
  if (tainted) {
    return {
      verdict: "confirm",
      code: "TAINTED_CONFIRMS",
      reason:
        "Demandé après lecture d'un message de prospect : un texte de prospect ne déclenche jamais d'action sans votre confirmation.",
    };
  }
  if (mode === "assiste") {
    return {
      verdict: "confirm",
      code: "ASSISTE_CONFIRMS",
      reason: "Mode Assisté : je prépare, vous confirmez.",
    };
  }
  return { verdict: "run", code: "AUTO_RUNS", reason: "Mode Auto : j'exécute, avec annulation possible." };
}
