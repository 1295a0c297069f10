// What the user is told about the actions of a turn, built from the gate's outcomes and never from
// the model's words: a model may say "c'est fait", the footer says what really happened.
import { costWords, jetons, MODE_LABELS, type Mode } from "../domain/index.js";
import type { DecisionOutcome } from "./confirmations.js";

/** One line per outcome the user must know about; reads that cost nothing need no line. */
export function outcomeLine(outcome: DecisionOutcome): string | null {
  switch (outcome.kind) {
    case "pending": {
      const a = outcome.action;
      return `⏳ Action n°${a.id} en attente : ${a.preview}. Mode ${MODE_LABELS[a.mode as Mode]}, coût ${costWords(a.cost)}, solde après ${a.balanceAfter}. Répondez « confirme ${a.id} » ou « annule ${a.id} ».`;
    }
    case "executed":
      if (outcome.cost > 0)
        return `✅ ${outcome.message} (−${jetons(outcome.cost)}, solde ${outcome.balance})`;
      return outcome.free ? `✅ ${outcome.message} (sans frais)` : null;
    case "suggested":
      return `💡 Suggestion, rien n'a été fait : ${outcome.message}`;
    case "failed":
      return `❌ ${outcome.message}`;
    case "insufficient":
      return `⛔ ${outcome.message}`;
    case "refused":
      return `🔒 ${outcome.message}`;
    case "unavailable":
      return `⚠️ ${outcome.message}`;
    default:
      return null;
  }
}

/** The whole reply about one outcome, when there is no model to word it. */
export function replyFor(outcome: DecisionOutcome): string {
  return outcomeLine(outcome) ?? outcome.message;
}

export function outcomeFooter(outcomes: DecisionOutcome[]): string {
  return outcomes
    .map(outcomeLine)
    .filter((line): line is string => line !== null)
    .join("\n");
}

/** What the model reads back from a tool call: the verdict first, so it cannot mistake it. */
export function toolMessageFor(outcome: DecisionOutcome): string {
  const verdict: Record<DecisionOutcome["kind"], string> = {
    executed: "EXÉCUTÉ",
    pending: "EN ATTENTE DE CONFIRMATION HUMAINE (rien n'est fait pour l'instant)",
    suggested: "SUGGESTION SEULEMENT (mode Conseil, rien n'a été fait)",
    failed: "ÉCHEC (rien n'a été fait)",
    insufficient: "SOLDE INSUFFISANT (rien n'a été fait)",
    refused: "REFUSÉ (rien n'a été fait)",
    unavailable: "IMPOSSIBLE POUR L'INSTANT (rien n'a été fait ni débité)",
    invalid: "ARGUMENTS INVALIDES (rien n'a été fait, corrige l'appel)",
    not_found: "INTROUVABLE",
    forbidden: "INTERDIT",
    already: "DÉJÀ TRAITÉ",
    expired: "EXPIRÉ",
    cancelled: "ANNULÉ",
    confirm_again: "SECONDE CONFIRMATION ATTENDUE",
  };
  return `[${verdict[outcome.kind]}] ${outcome.message}`;
}
