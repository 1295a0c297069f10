// How a campaign ends. Sent (wholly or partly: each recipient keeps its own status, and the campaign's
// `error` says how many failed, bounced or were skipped), or failed whole — no mailbox when it was due,
// nobody reachable any more, every mail refused — in which case, in one transaction, the tokens it was
// paid with go back (once, also across restarts) and the person who planned it is told in their
// conversation with M.A.X., as a failed message is (src/outbox/failure.ts).
import { jetons } from "../../src/domain/index.js";
import { queueReply, staffConversation } from "../../src/outbox/compose.js";
import type { Campaign } from "../../src/store/campaigns.js";
import type { Store } from "../../src/store/index.js";

const scopeOf = (campaign: Campaign) => ({ tenantId: campaign.tenantId, actor: "campaign" });

/** Refunds a campaign that failed whole and tells who planned it (or the owner). */
function settleFailure(store: Store, campaign: Campaign): void {
  const scope = scopeOf(campaign);
  const refund =
    campaign.debitId === null
      ? undefined
      : store.ledger.refundOnce(scope, campaign.debitId, `campagne n°${campaign.id} non partie`);
  const user = campaign.createdBy
    ? store.users.get(campaign.tenantId, campaign.createdBy)
    : store.users.owner(campaign.tenantId);
  if (!user) return;
  const refunded = refund ? ` ${jetons(refund.amount)} remboursé${refund.amount > 1 ? "s" : ""}.` : "";
  const reason = campaign.error ?? "";
  const said = /[.!?]$/.test(reason) ? reason : `${reason}.`;
  queueReply(store, scope, staffConversation(store, campaign.tenantId, user), {
    text: `❌ La campagne « ${campaign.name} » n'est pas partie : ${said}${refunded}`,
    cards: [],
  });
}

/** A due campaign that cannot start (no mailbox): failed, refunded, said. */
export function failCampaign(store: Store, campaign: Campaign, reason: string): void {
  store.transaction(() => {
    const failed = store.campaigns.fail(scopeOf(campaign), campaign.id, reason);
    if (failed) settleFailure(store, failed);
  });
}

/** Ends the campaign if none of its recipients is left to send; a campaign that sent nothing is a failure. */
export function finishCampaign(store: Store, tenantId: number, campaignId: number): Campaign | undefined {
  return store.transaction(() => {
    const done = store.campaigns.finishIfDone({ tenantId, actor: "campaign" }, campaignId);
    if (done?.campaign.status === "failed") settleFailure(store, done.campaign);
    return done?.campaign;
  });
}
