// Messages from M.A.X. to staff users about scenarios (the daily digest, "plus de jetons"), on the
// channel they last used: their most recent conversation, or their web chat when they have none.
import { webConversationKey } from "../../channels/web/conversation.js";
import type { Reply } from "../messaging/reply.js";
import type { MessageChannel, Scope, Store, User } from "../store/index.js";

export function notifyStaff(
  store: Store,
  scope: Scope,
  user: User,
  reply: Reply,
  meta: Record<string, unknown> = {},
) {
  const conversation =
    store.scenarios.staffConversation(scope.tenantId, user.id) ??
    store.conversations.open(scope.tenantId, "web", webConversationKey(user.id), user.id);
  return store.messages.create(scope, {
    channel: conversation.channel as MessageChannel,
    direction: "out",
    status: "queued",
    conversationId: conversation.id,
    recipient: conversation.externalId,
    bodyText: reply.text,
    meta: { cards: reply.cards, ...meta },
  });
}

/** The tenant's owner (the first one), who is told about the budget. */
export function ownerOf(store: Store, tenantId: number): User | undefined {
  return store.users.list(tenantId).find((u) => u.role === "owner");
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
  const owner = ownerOf(store, scope.tenantId);
  if (!owner) return;
  const first = store.jobs.enqueueOnce(scope, {
    kind: TOKENS_OUT_JOB,
    idempotencyKey: `tokens-out:${lastCredit?.id ?? 0}`,
    dueAt: store.ctx.clock(),
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
