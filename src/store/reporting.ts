// The Reporting room's figures for a period and the one before it, and its activity feed, all read
// from the store. What only grows over time (leads created, status changes, tool calls, replies) is
// counted from the followed history (reporting-history.ts), where messages stand from the followed
// states (reporting-states.ts); the leads' statuses now and the cards waiting are counted on their
// indexes. Figures of others (the campaigns') are kept until a campaign changes. The activity feed
// reads the same history (reporting-feed.ts).
import type { StoreContext } from "./context.js";
import type { DayCounts } from "./reporting-days.js";
import { reportingFeed } from "./reporting-feed.js";
import { QUOTE_STATUS, reportingHistory, type StatusEvent } from "./reporting-history.js";
import { reportingStates } from "./reporting-states.js";

/** Statuses that close a deal, won or lost, as the lead score counts them (domain/lead-score.ts). */
export const WON_STATUSES: readonly string[] = ["gagne", "deja_client"];
export const LOST_STATUSES: readonly string[] = ["perdu", "abandon"];

/** Two periods of the same length: the previous one is [from, split), the current one [split, to]. */
export interface ReportWindow {
  from: number;
  split: number;
  to: number;
}

export interface Pair {
  current: number;
  previous: number;
}

export interface ReportFigures {
  /** Leads per status, now. */
  statusCounts: Record<string, number>;
  /** Leads created in each period, and how many existed when the current period began. */
  created: Pair;
  totalAtSplit: number;
  /** Open leads with no news for `followUpDays` (the CRM's « À relancer »), now. */
  followUp: number;
  /** Status changes per status reached. */
  reached: Record<string, Pair>;
  /** Tool calls per tool: run (audited `tool.<name>`) and failed (`tool.<name>.failed`). */
  tools: Record<string, { executed: Pair; failed: Pair }>;
  /** Cards waiting for a decision now (not expired). */
  pendingCards: number;
  /** Messages out to leads created in each period, per status as it stands now (drafts left out). */
  messagesOut: Record<string, Pair>;
  /** Replies from leads per channel (bounces and automatic replies left out). */
  replies: Record<string, Pair>;
  /** Asked for the trades that quote (logistique): null otherwise. */
  quotes: QuoteFigures | null;
}

/** The quotes of the b2b and logistique pipelines (status QUOTE_STATUS). */
export interface QuoteFigures {
  /** Leads moved to the quote status. */
  sent: Pair;
  /** Of those, how many leads replied since. */
  replied: Pair;
  /** Leads with a quote moved to won or lost. */
  decided: Pair;
  /** Wins after a quote: how many, and the total time from the quote to the win (ms). */
  confirmed: { current: { n: number; ms: number }; previous: { n: number; ms: number } };
}

/** Figures kept per tenant until its campaigns change. */
const KEPT_KEYS = 16;

const pair = (): Pair => ({ current: 0, previous: 0 });

/** Which period an instant falls in, if any. */
const periodOf = (w: ReportWindow, at: number): keyof Pair | null =>
  at < w.from || at > w.to ? null : at < w.split ? "previous" : "current";

function quoteFigures(w: ReportWindow, statuses: readonly StatusEvent[], lastReplyAt: Map<number, number>) {
  const q: QuoteFigures = {
    sent: pair(),
    replied: pair(),
    decided: pair(),
    confirmed: { current: { n: 0, ms: 0 }, previous: { n: 0, ms: 0 } },
  };
  for (const e of statuses) {
    const period = periodOf(w, e.at);
    if (!period) continue;
    if (e.to === QUOTE_STATUS) {
      q.sent[period] += 1;
      if ((lastReplyAt.get(e.leadId) ?? -1) > e.at) q.replied[period] += 1;
    } else if (e.quoteAt !== null && (WON_STATUSES.includes(e.to) || LOST_STATUSES.includes(e.to))) {
      q.decided[period] += 1;
      if (WON_STATUSES.includes(e.to)) {
        q.confirmed[period].n += 1;
        q.confirmed[period].ms += e.at - e.quoteAt;
      }
    }
  }
  return q;
}

export function reportingRepository(ctx: StoreContext, deps: { timezoneOf: (tenantId: number) => string }) {
  const { sqlite, clock } = ctx;
  const history = reportingHistory(ctx, deps);
  const states = reportingStates(ctx, deps);
  const kept = new Map<number, { epoch: number; values: Map<string, unknown> }>();

  const statusCounts = sqlite.prepare<[number], { status: string; n: number }>(
    "select status, count(*) as n from leads where tenant_id = ? group by status",
  );
  // The list's inactivity filter (lead-search.ts): no activity since the cut, or none ever and created
  // before it. Counted on the (tenant, status, last activity) index alone: the leads with an activity
  // before the cut, plus those without any, less those of them created since the cut (a few, by id).
  const followUp = sqlite.prepare<
    [number, string, number, number, string, number, string, string],
    { n: number }
  >(
    `select (select count(*) from leads where tenant_id = ? and status in (select value from json_each(?))
         and last_activity_at < ?)
       + (select count(*) from leads where tenant_id = ? and status in (select value from json_each(?))
         and last_activity_at is null)
       - (select count(*) from leads where tenant_id = ? and id in (select value from json_each(?))
         and last_activity_at is null and status in (select value from json_each(?))) as n`,
  );
  const pendingCards = sqlite.prepare<[number, number], { n: number }>(
    "select count(*) as n from pending_actions where tenant_id = ? and status = 'pending' and expires_at > ?",
  );
  // Through the (tenant, time) index: the tenant's audit rows since then, not its whole history.
  const toolArgs = sqlite.prepare<[number, number, string], { args: string | null }>(
    `select json_extract(after, '$.args') as args from audit_log
     where tenant_id = ? and created_at >= ? and action = ?`,
  );
  const following = sqlite.prepare<[number, string], { leadId: number }>(
    `select distinct lead_id as leadId from scenario_enrollments
     where tenant_id = ? and status in ('active', 'paused') and lead_id in (select value from json_each(?))`,
  );
  const sentTo = sqlite.prepare<[number, string], { campaignId: number; leadId: number; sentAt: number }>(
    `select campaign_id as campaignId, lead_id as leadId, sent_at as sentAt from campaign_recipients
     where tenant_id = ? and campaign_id in (select value from json_each(?)) and sent_at is not null`,
  );

  return {
    /** Every figure of the room for the two periods of `w`; the snapshots are as of now. */
    figures(
      tenantId: number,
      w: ReportWindow,
      options: { open: readonly string[]; followUpDays: number; quotes?: boolean },
    ) {
      const now = clock().getTime();
      const h = history.of(tenantId);
      const out = states.of(tenantId);
      const counts = Object.fromEntries(statusCounts.all(tenantId).map((r) => [r.status, r.n]));
      const total = Object.values(counts).reduce((n, c) => n + c, 0);
      // The periods as calendar days of the tenant: [from, split) and [split, to].
      const [from, split, to] = [h.dayOf(w.from), h.dayOf(w.split), h.dayOf(w.to)];
      const pairOf = (days: DayCounts, key: string): Pair => ({
        current: days.sum(key, split, to),
        previous: days.sum(key, from, split - 1),
      });
      const series = (days: DayCounts, prefix: string) =>
        Object.fromEntries(days.names(prefix).map((name) => [name, pairOf(days, `${prefix}${name}`)]));
      const tools: ReportFigures["tools"] = {};
      for (const name of new Set([...h.days.names("tool:"), ...h.days.names("failed:")])) {
        tools[name] = { executed: pairOf(h.days, `tool:${name}`), failed: pairOf(h.days, `failed:${name}`) };
      }
      const open = JSON.stringify(options.open);
      const cut = now - options.followUpDays * 86_400_000;
      const recent = JSON.stringify(h.leadsCreated.filter((e) => e.at >= cut).map((e) => e.leadId));
      const figures: ReportFigures = {
        statusCounts: counts,
        created: pairOf(h.days, "created"),
        totalAtSplit: total - h.days.sum("created", split, Number.MAX_SAFE_INTEGER),
        followUp: followUp.get(tenantId, open, cut, tenantId, open, tenantId, recent, open)?.n ?? 0,
        reached: series(h.days, "status:"),
        tools,
        pendingCards: pendingCards.get(tenantId, now)?.n ?? 0,
        messagesOut: series(out.days, "out:"),
        replies: series(h.days, "reply:"),
        quotes: options.quotes ? quoteFigures(w, h.statuses, h.lastReplyAt) : null,
      };
      return figures;
    },

    feed: reportingFeed(ctx, history),

    /**
     * What `compute` gives for `key`, kept until one of the tenant's campaigns or recipients changes
     * (or another key is asked): campaign figures read every recipient, and most reports see no
     * campaign move between them.
     */
    untilCampaignsChange<T>(tenantId: number, key: string, compute: () => T): T {
      const epoch = states.of(tenantId).campaignEpoch;
      let known = kept.get(tenantId);
      // A few keys per tenant (two periods' bounds a day, a few figures): the oldest go past that.
      if (known?.epoch !== epoch || known.values.size >= KEPT_KEYS) {
        known = { epoch, values: new Map() };
        kept.set(tenantId, known);
      }
      if (known.values.has(key)) return known.values.get(key) as T;
      const value = compute();
      if (!sqlite.inTransaction) known.values.set(key, value);
      return value;
    },

    /** The arguments of each call of `tool` the gate ran since `since` (the suggestions' read model). */
    toolArgsSince(tenantId: number, tool: string, since: Date): unknown[] {
      return toolArgs
        .all(tenantId, since.getTime(), `tool.${tool}`)
        .map((r) => (r.args ? JSON.parse(r.args) : null));
    },

    /** Which of these leads follow a sequence now (active or paused), in one query. */
    followingSequences(tenantId: number, leadIds: readonly number[]): Set<number> {
      return new Set(following.all(tenantId, JSON.stringify(leadIds)).map((r) => r.leadId));
    },

    /**
     * Per campaign, the recipients whose lead reached a won status after their mail was sent (as
     * long as that change is within the history kept).
     */
    conversions(tenantId: number, campaignIds: readonly number[]): Map<number, number> {
      const h = history.of(tenantId);
      const wins = new Map<number, number>();
      // The last win of each lead: a conversion is a win at or after the send.
      for (const e of h.statuses) if (WON_STATUSES.includes(e.to)) wins.set(e.leadId, e.at);
      const converted = new Map(campaignIds.map((id) => [id, 0]));
      for (const r of sentTo.iterate(tenantId, JSON.stringify(campaignIds))) {
        if ((wins.get(r.leadId) ?? -1) >= r.sentAt)
          converted.set(r.campaignId, (converted.get(r.campaignId) ?? 0) + 1);
      }
      return converted;
    },
  };
}

export type ReportingRepository = ReturnType<typeof reportingRepository>;
