// The budget alerts: when a debit takes the period's usage to 80 % and then 100 % of the allowance,
// the owner is told once per threshold and period, on the channel they last used. The alert's row
// and the notice are written in one transaction (inside the debit's own when called from the gate),
// so two processes crossing the threshold together send it once; a usage that jumps past both sends
// one notice, of the higher. Called after every paid run (agent/gate.ts), which every debit is.
import { BUDGET_THRESHOLDS, budgetAlertText, jetons, thresholdsReached } from "../domain/index.js";
import type { Scope, Store } from "../store/index.js";
import { queueReply, staffConversation } from "./compose.js";

const ICONS = { 80: "⚠️", 100: "🚨" } as const;

export function alertOnBudget(store: Store, scope: Scope): void {
  const { tenantId } = scope;
  // Once both thresholds are told, a debit's check is one primary-key read.
  if (store.budgetAlerts.sent(tenantId, store.budget.period(tenantId)).length >= BUDGET_THRESHOLDS.length) {
    return;
  }
  const usage = store.budget.usage(tenantId);
  const reached = thresholdsReached(usage);
  if (reached.length === 0) return;
  const system: Scope = { tenantId, actor: "system" };
  store.transaction(() => {
    const fresh = reached.filter((threshold) => store.budgetAlerts.claim(system, usage.period, threshold));
    const threshold = fresh.at(-1);
    const owner = store.users.owner(tenantId);
    if (threshold === undefined || !owner) return;
    const balance = store.ledger.balance(tenantId);
    const text = `${ICONS[threshold]} Budget IA : ${budgetAlertText(usage, threshold)} Solde : ${jetons(balance)}. Un propriétaire ou un administrateur peut ajouter un pack depuis le Budget IA du tableau de bord.`;
    queueReply(
      store,
      system,
      staffConversation(store, tenantId, owner),
      { text, cards: [] },
      { meta: { budgetAlert: { period: usage.period, threshold } } },
    );
  });
}
