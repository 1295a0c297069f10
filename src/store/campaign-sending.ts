// Sending a campaign's recipients, crash-safe: a batch of due recipients is claimed under a lease by
// compare-and-set (queued, or sending with a lease run out), each claim counting one attempt; the
// outcome is written by compare-and-set on that claim (status `sending` and its attempt count), so a
// sender whose lease was taken over can never overwrite the newer claim. A recipient is never
// forgotten: whoever dies holding it, its lease runs out and it is claimed again, with the same
// Message-ID (stored when the campaign started).
import { campaignIdOfMessageId } from "./campaign-ids.js";
import type { RecipientStatus } from "./campaign-reports.js";
import { inTransaction, type StoreContext } from "./context.js";

/** A recipient as its sender holds it. */
export interface ClaimedRecipient {
  id: number;
  tenantId: number;
  campaignId: number;
  leadId: number;
  email: string;
  token: string;
  /** The Message-ID its mail carries, every attempt. */
  providerId: string;
  /** This claim's attempt number (the first send is 1). */
  attempts: number;
}

export type RecipientOutcome =
  | { status: "sent" }
  | { status: Extract<RecipientStatus, "failed" | "bounced" | "skipped">; error: string }
  | { status: "retry"; error: string; at: Date };

const CLAIMED_COLUMNS = `id, tenant_id as tenantId, campaign_id as campaignId, lead_id as leadId, email, token,
  provider_id as providerId, attempts`;

export function campaignSending(ctx: StoreContext) {
  const { sqlite, clock } = ctx;
  const sendingCampaigns = sqlite.prepare(
    "select id from campaigns where tenant_id = ? and status = 'sending' order by id",
  );
  // Two walks of the (campaign, status, next try) index rather than one OR, as the job queue does.
  const expired = sqlite.prepare(
    `select id from campaign_recipients
     where campaign_id = ? and status = 'sending' and lease_until <= ? limit ?`,
  );
  const queued = sqlite.prepare(
    `select id from campaign_recipients
     where campaign_id = ? and status = 'queued' and coalesce(next_attempt_at, 0) <= ?
     order by next_attempt_at, id limit ?`,
  );
  const lease = sqlite.prepare(
    `update campaign_recipients set status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ?
     where id = ? and (status = 'queued' or (status = 'sending' and lease_until <= ?))
     returning ${CLAIMED_COLUMNS}`,
  );
  const settle = sqlite.prepare(
    `update campaign_recipients
     set status = $status, error = $error, next_attempt_at = $nextAt, lease_until = null, updated_at = $now,
       sent_at = case when $status = 'sent' then $now else sent_at end
     where id = $id and tenant_id = $tenantId and status = 'sending' and attempts = $attempts`,
  );
  const release = sqlite.prepare(
    `update campaign_recipients set status = 'queued', lease_until = null, attempts = attempts - 1, updated_at = ?
     where id = ? and tenant_id = ? and status = 'sending' and attempts = ?`,
  );
  const bounce = sqlite.prepare(
    `update campaign_recipients set status = 'bounced', error = ?, updated_at = ?
     where tenant_id = ? and campaign_id = ? and provider_id = ? and status = 'sent'`,
  );
  const allSending = sqlite.prepare(
    "select tenant_id as tenantId, id as campaignId from campaigns where status = 'sending' order by id",
  );

  return {
    /** The campaigns being sent, across tenants (the sender's loop runs one lane per tenant); each carries its tenant. */
    sending(): Array<{ tenantId: number; campaignId: number }> {
      return allSending.all() as Array<{ tenantId: number; campaignId: number }>;
    },

    /**
     * Leases up to `limit` of the tenant's due recipients for `leaseMs` (its oldest campaign first):
     * queued ones whose next try is due, and those whose sender's lease ran out.
     */
    claim(tenantId: number, limit: number, leaseMs: number): ClaimedRecipient[] {
      return inTransaction(ctx, () => {
        const now = clock().getTime();
        const claimed: ClaimedRecipient[] = [];
        for (const { id: campaignId } of sendingCampaigns.all(tenantId) as Array<{ id: number }>) {
          for (const query of [expired, queued]) {
            const ids = query.all(campaignId, now, limit - claimed.length) as Array<{ id: number }>;
            for (const { id } of ids) {
              const row = lease.get(now + leaseMs, now, id, now) as ClaimedRecipient | undefined;
              if (row) claimed.push(row);
            }
            if (claimed.length >= limit) return claimed;
          }
        }
        return claimed;
      });
    },

    /** What became of a claimed recipient; false when the claim was no longer this sender's. */
    settle(recipient: ClaimedRecipient, outcome: RecipientOutcome): boolean {
      const now = clock().getTime();
      const retry = outcome.status === "retry";
      return (
        settle.run({
          id: recipient.id,
          tenantId: recipient.tenantId,
          attempts: recipient.attempts,
          status: retry ? "queued" : outcome.status,
          error: outcome.status === "sent" ? null : outcome.error.slice(0, 500),
          nextAt: retry ? outcome.at.getTime() : null,
          now,
        }).changes === 1
      );
    },

    /** Gives claimed recipients that were not tried back to the queue (a sender stopping); returns how many. */
    release(recipients: readonly ClaimedRecipient[]): number {
      if (recipients.length === 0) return 0;
      return inTransaction(ctx, () => {
        const now = clock().getTime();
        let released = 0;
        for (const r of recipients) released += release.run(now, r.id, r.tenantId, r.attempts).changes;
        return released;
      });
    },

    /**
     * A bounce report came back for these Message-IDs (the DSN's quoted ids): the matching sent
     * recipients of the tenant's campaigns become bounced. Returns how many.
     */
    markBounced(tenantId: number, messageIds: readonly string[], reason: string): number {
      let bounced = 0;
      const now = clock().getTime();
      for (const messageId of messageIds) {
        const campaignId = campaignIdOfMessageId(messageId);
        if (campaignId !== undefined)
          bounced += bounce.run(reason.slice(0, 500), now, tenantId, campaignId, messageId).changes;
      }
      return bounced;
    },
  };
}
