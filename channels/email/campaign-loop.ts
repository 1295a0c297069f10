// The campaign sender: its own async loop beside the job loop (started in the worker thread, or inline
// by serve()), so a campaign of 10,000 mails never holds up a turn. Each pass starts the campaigns
// whose time has come (no mailbox then: failed and refunded), and each tenant with a campaign being
// sent gets one lane that claims its recipients a batch at a time under a lease and sends them at
// the mailbox's pace (MAX_CAMPAIGN_RATE mails per second per tenant; a few sends in flight at once so
// a slow SMTP answer does not slow the pace). A transient refusal is retried with the outbox's
// backoff. When none of a campaign's recipients is left, it is finished (campaign-outcome.ts).
//
// Crash safety: a recipient's Message-ID was stored when its campaign started, and its lease is
// taken before the SMTP call. If the process dies, the lease runs out (CAMPAIGN_LEASE_MS) and the
// recipient is sent again with the same Message-ID: nobody is forgotten. The one way to get a mail
// twice is a death between the SMTP server's acceptance and the commit of `sent` — a window of a
// fraction of a millisecond (bench/campaign-bench.ts measures it); the repeated mail carries the same
// Message-ID, which lets mail providers recognise the duplicate.
import type { Logger } from "pino";
import type { Config } from "../../src/config.js";
import { backoffMs, MAX_SEND_ATTEMPTS } from "../../src/outbox/deliver.js";
import { rateLimiter } from "../../src/outbox/rate-limit.js";
import type { ClaimedRecipient, RecipientOutcome } from "../../src/store/campaign-sending.js";
import type { Campaign } from "../../src/store/campaigns.js";
import { type Store, StoreError } from "../../src/store/index.js";
import { mailAccountFor } from "./account.js";
import { failCampaign, finishCampaign } from "./campaign-outcome.js";
import { type Attempt, type CampaignMail, campaignMailer } from "./campaign-send.js";

/** How long a claimed recipient stays its sender's: its batch's pace plus the slowest SMTP exchange. */
export const CAMPAIGN_LEASE_MS = 120_000;
const POLL_MS = 1_000;
/** Sends of one tenant waiting for their SMTP answer at once. */
const MAX_IN_FLIGHT = 10;
/** A batch is about one second of sending at the pace, at most this many. */
const MAX_BATCH = 100;

export interface CampaignLoopOptions {
  pollMs?: number;
  leaseMs?: number;
  /** Each sent mail's wait between the SMTP server's acceptance and its record: the duplicate window (bench). */
  onRecorded?(windowMs: number): void;
}

export interface CampaignLoop {
  stop(): Promise<void>;
}

interface LoopDeps {
  store: Store;
  config: Config;
  log: Logger;
}

export function startCampaignLoop(
  { store, config, log }: LoopDeps,
  { pollMs = POLL_MS, leaseMs = CAMPAIGN_LEASE_MS, onRecorded }: CampaignLoopOptions = {},
): CampaignLoop {
  const rate = config.email.campaignRate;
  const pace = rateLimiter({ campaign: rate });
  const mailer = campaignMailer(store, config);
  const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.ceil(rate)));
  const lanes = new Map<number, Promise<void>>();
  let stopping = false;
  let wake: (() => void) | null = null;

  function startDue() {
    for (const campaign of store.campaigns.due()) {
      const account = mailAccountFor(store, config, campaign.tenantId);
      if (!account) {
        failCampaign(store, campaign, "aucune boîte e-mail n'était reliée au compte à l'heure de l'envoi");
        continue;
      }
      const domain = account.fromAddress.split("@")[1] ?? "max.local";
      const started = store.campaigns.start(
        { tenantId: campaign.tenantId, actor: "campaign" },
        campaign.id,
        domain,
      );
      if (started) log.info({ campaignId: started.id, recipients: started.recipients }, "campaign started");
    }
  }

  /** What to record of a try: a transient refusal is retried with backoff until the last attempt. */
  function outcomeOf(attempt: Attempt, recipient: ClaimedRecipient): RecipientOutcome {
    if (attempt.status !== "transient") return attempt;
    if (recipient.attempts >= MAX_SEND_ATTEMPTS) return { status: "failed", error: attempt.error };
    const at = new Date(store.clock().getTime() + backoffMs(recipient.attempts));
    return { status: "retry", error: attempt.error, at };
  }

  /** One recipient: its mailbox, campaign or lead may have gone since it was claimed. */
  async function sendOne(mail: Pick<CampaignMail, "tenant" | "recipient"> & Partial<CampaignMail>) {
    const { account, campaign, unsubscribeToken, recipient } = mail;
    const attempt: Attempt = !account
      ? { status: "failed", error: "Aucune boîte e-mail n'est reliée au compte." }
      : !campaign || !unsubscribeToken
        ? { status: "skipped", error: "Lead ou campagne supprimé avant l'envoi." }
        : await mailer
            .send({ ...mail, account, campaign, unsubscribeToken })
            .catch((err: unknown): Attempt => ({ status: "transient", error: String(err).slice(0, 300) }));
    const accepted = performance.now();
    try {
      store.campaigns.settle(recipient, outcomeOf(attempt, recipient));
      if (attempt.status === "sent") onRecorded?.(performance.now() - accepted);
    } catch (err) {
      // Not recorded: its lease runs out and it is tried again, with the same Message-ID.
      log.error({ err, recipientId: recipient.id }, "campaign recipient outcome not recorded");
    }
  }

  /** Each recipient's one-click unsubscribe token, issued in one transaction; none for a lead deleted since. */
  function unsubscribeTokens(tenantId: number, batch: readonly ClaimedRecipient[]): Map<number, string> {
    return store.transaction(() => {
      const tokens = new Map<number, string>();
      for (const r of batch) {
        try {
          tokens.set(r.id, store.unsubscribeTokens.issue(tenantId, r.leadId));
        } catch (err) {
          if (!(err instanceof StoreError)) throw err;
        }
      }
      return tokens;
    });
  }

  /** Sends a tenant's due recipients until none is left to claim, then finishes what is done. */
  async function lane(tenantId: number, campaignIds: readonly number[]) {
    const tenant = store.tenants.require(tenantId);
    const campaigns = new Map<number, Campaign | undefined>();
    const campaignOf = (id: number) => {
      if (!campaigns.has(id)) campaigns.set(id, store.campaigns.get(tenantId, id));
      return campaigns.get(id);
    };
    const inFlight = new Set<Promise<void>>();
    while (!stopping) {
      const batch = store.campaigns.claim(tenantId, batchSize, leaseMs);
      if (batch.length === 0) break;
      const account = mailAccountFor(store, config, tenantId);
      const unsubscribe = unsubscribeTokens(tenantId, batch);
      for (const [i, recipient] of batch.entries()) {
        if (!stopping) await pace.take("campaign", String(tenantId));
        if (stopping) {
          store.campaigns.release(batch.slice(i));
          break;
        }
        const sending = sendOne({
          tenant,
          account,
          campaign: campaignOf(recipient.campaignId),
          recipient,
          unsubscribeToken: unsubscribe.get(recipient.id),
        }).finally(() => inFlight.delete(sending));
        inFlight.add(sending);
        if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }
    if (!stopping) for (const id of campaignIds) finishCampaign(store, tenantId, id);
  }

  function startLanes() {
    const byTenant = new Map<number, number[]>();
    for (const { tenantId, campaignId } of store.campaigns.sending()) {
      byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), campaignId]);
    }
    for (const [tenantId, ids] of byTenant) {
      if (lanes.has(tenantId)) continue;
      const running = lane(tenantId, ids)
        .catch((err: unknown) => log.error({ err, tenantId }, "campaign lane failed"))
        .finally(() => lanes.delete(tenantId));
      lanes.set(tenantId, running);
    }
  }

  const loop = (async () => {
    while (!stopping) {
      try {
        startDue();
        startLanes();
      } catch (err) {
        log.error({ err }, "campaign loop pass failed");
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollMs);
      });
      wake = null;
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await Promise.all(lanes.values());
      mailer.close();
    },
  };
}
