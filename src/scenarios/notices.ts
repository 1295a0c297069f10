// Messages from M.A.X. to staff users about scenarios (the daily digest, "plus de jetons"), on the
// channel they last used: their most recent conversation, or their web chat when they have none.
import { queueReply, staffConversation } from "../outbox/compose.js";
import type { Reply } from "../outbox/reply.js";
import type { Scope, Store, User } from "../store/index.js";

export function notifyStaff(
  store: Store,
  scope: Scope,
  user: User,
  reply: Reply,
  meta: Record<string, unknown> = {},
) {
  return queueReply(store, scope, staffConversation(store, scope.tenantId, user), reply, { meta });
}

export const TOKENS_OUT_JOB = "scenario-tokens-out";

/**
 * Tells the owner once that follow-ups wait for tokens: once per credit (allowance or pack), keyed on
 * the tenant's latest credit, so a top-up that runs out again is told again.
 */
export function tellOwnerTokensOut(store: Store, scope: Scope, cost: number): void {
  const lastCredit = store.ledger
    .entries(scope.tenantId, 200)
    .find((x) => x.amount > 0 && x.kind !== "refund");
  const owner = store.users.owner(scope.tenantId);
  if (!owner) return;
  const first = store.jobs.enqueueOnce(scope, {
    kind: TOKENS_OUT_JOB,
    idempotencyKey: `tokens-out:${lastCredit?.id ?? 0}`,
    dueAt: store.clock(),
    payload: {},
  });
  if (!first) return;
  // The marker job has done its work by existing: it is never run.
  store.jobs.cancel(scope, `tokens-out:${lastCredit?.id ?? 0}`);
  const balance = store.ledger.balance(scope.tenantId);
  notifyStaff(store, scope, owner, {
    text: `⛔ Vos relances automatiques sont en attente : il reste ${balance} jeton(s), une relance en coûte ${cost}. Elles repartiront dès que le solde le permettra (ajoutez un pack avec « max tokens --add-pack »).`,
    cards: [],
  });
}
