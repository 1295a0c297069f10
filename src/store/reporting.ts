// The Reporting room's figures for a period and the one before it, and its activity feed, all read
// from the store. What only grows over time (leads created, status changes, tool calls, replies) is
// counted from the followed history (reporting-history.ts), where messages stand from the followed
// states (reporting-states.ts); the leads' statuses now and the cards waiting are counted on their
// indexes. Figures of others (the campaigns') are kept until a campaign changes.
import type { StoreContext } from "./context.js";
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
  quotes: QuoteFigures;
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

export interface FeedTool {
  auditId: number;
  at: number;
  tool: string;
  failed: boolean;
  actor: string;
  text: string | null;
}
export interface FeedStatus {
  activityId: number;
  at: number;
  leadId: number;
  leadName: string;
  from: string | null;
  to: string;
  actor: string;
}
export interface FeedMessage {
  id: number;
  /** When it last changed (queued, then sent or failed). */
  at: number;
  leadId: number;
  leadName: string;
  channel: string;
  direction: "in" | "out";
  status: string;
  subject: string | null;
  error: string | null;
}
export interface FeedCard {
  id: number;
  /** When it was decided, or created while it waits. */
  at: number;
  tool: string;
  status: string;
  preview: string;
  message: string | null;
}

/** Figures kept per tenant until its campaigns change. */
const KEPT_KEYS = 16;

const pair = (): Pair => ({ current: 0, previous: 0 });

/** Adds `n` to a key's count in one period. */
function bump(counts: Record<string, Pair>, key: string, period: keyof Pair, n = 1): void {
  const counted = counts[key] ?? pair();
  counted[period] += n;
  counts[key] = counted;
}

/** Which period an instant falls in, if any. */
const periodOf = (w: ReportWindow, at: number): keyof Pair | null =>
  at < w.from || at > w.to ? null : at < w.split ? "previous" : "current";

/** The name a Lead carries (leads.ts): first and last name, else company, e-mail, phone, #id. */
const LEAD_NAME = `coalesce(nullif(trim(l.first_name || ' ' || l.last_name), ''), l.company, l.email,
  l.phone, '#' || l.id)`;

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

export function reportingRepository(ctx: StoreContext) {
  const { sqlite, clock } = ctx;
  const history = reportingHistory(ctx);
  const states = reportingStates(ctx);
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
  const tools = sqlite.prepare<[number, string], Omit<FeedTool, "tool" | "failed"> & { action: string }>(
    `select id as auditId, created_at as at, action, actor,
       coalesce(json_extract(after, '$.summary'), json_extract(after, '$.error')) as text
     from audit_log where tenant_id = ? and id in (select value from json_each(?))`,
  );
  const statuses = sqlite.prepare<[number, string], { activityId: number; leadName: string; actor: string }>(
    `select a.id as activityId, ${LEAD_NAME} as leadName, a.actor as actor
     from activities a join leads l on l.tenant_id = a.tenant_id and l.id = a.lead_id
     where a.tenant_id = ? and a.id in (select value from json_each(?))`,
  );
  // Newest first by id through the rowid (`+`): a page of the tenant's last messages, not all of them.
  const messages = sqlite.prepare<[number, number], FeedMessage>(
    `select m.id, m.updated_at as at, m.lead_id as leadId, ${LEAD_NAME} as leadName, m.channel,
       m.direction, m.status, m.subject, m.error
     from messages m join leads l on l.tenant_id = m.tenant_id and l.id = m.lead_id
     where +m.tenant_id = ? and m.status <> 'draft' order by m.id desc limit ?`,
  );
  // A card left pending past its expiry waits for nobody: it is said expired.
  const cards = sqlite.prepare<[number, number, number, number], FeedCard>(
    `select id, case when status = 'pending' and expires_at <= ? then expires_at
         else coalesce(decided_at, created_at) end as at,
       tool, case when status = 'pending' and expires_at <= ? then 'expired' else status end as status,
       preview, json_extract(result, '$.message') as message
     from pending_actions where +tenant_id = ? order by id desc limit ?`,
  );
  const sentTo = sqlite.prepare<[number, string], { campaignId: number; leadId: number; sentAt: number }>(
    `select campaign_id as campaignId, lead_id as leadId, sent_at as sentAt from campaign_recipients
     where tenant_id = ? and campaign_id in (select value from json_each(?)) and sent_at is not null`,
  );

  return {
    /** Every figure of the room for the two periods of `w`; the snapshots are as of now. */
    figures(tenantId: number, w: ReportWindow, options: { open: readonly string[]; followUpDays: number }) {
      const now = clock().getTime();
      const h = history.of(tenantId);
      const counts = Object.fromEntries(statusCounts.all(tenantId).map((r) => [r.status, r.n]));
      const total = Object.values(counts).reduce((n, c) => n + c, 0);

      const created = pair();
      let sinceSplit = 0;
      for (const { at } of h.leadsCreated) {
        if (at >= w.split) sinceSplit += 1;
        const period = periodOf(w, at);
        if (period) created[period] += 1;
      }
      const reached: Record<string, Pair> = {};
      for (const e of h.statuses) {
        const period = periodOf(w, e.at);
        if (period) bump(reached, e.to, period);
      }
      const toolCounts: ReportFigures["tools"] = {};
      for (const e of h.tools) {
        const period = periodOf(w, e.at);
        if (!period) continue;
        const t = toolCounts[e.tool] ?? { executed: pair(), failed: pair() };
        t[e.failed ? "failed" : "executed"][period] += 1;
        toolCounts[e.tool] = t;
      }
      const replies: Record<string, Pair> = {};
      for (const e of h.replies) {
        const period = periodOf(w, e.at);
        if (period) bump(replies, e.channel, period);
      }
      const out: Record<string, Pair> = {};
      for (const m of states.of(tenantId).outbound.values()) {
        const period = periodOf(w, m.at);
        if (period && m.status !== "draft") bump(out, m.status, period);
      }
      const open = JSON.stringify(options.open);
      const cut = now - options.followUpDays * 86_400_000;
      const recent = JSON.stringify(h.leadsCreated.filter((e) => e.at >= cut).map((e) => e.leadId));
      const figures: ReportFigures = {
        statusCounts: counts,
        created,
        totalAtSplit: total - sinceSplit,
        followUp: followUp.get(tenantId, open, cut, tenantId, open, tenantId, recent, open)?.n ?? 0,
        reached,
        tools: toolCounts,
        pendingCards: pendingCards.get(tenantId, now)?.n ?? 0,
        messagesOut: out,
        replies,
        quotes: quoteFigures(w, h.statuses, h.lastReplyAt),
      };
      return figures;
    },

    /**
     * The newest of each kind of activity, newest first within each: tool calls (but `skipTools`,
     * the reads), status changes, messages to and from leads, confirmation cards.
     */
    feed(tenantId: number, options: { limit: number; skipTools?: ReadonlySet<string> }) {
      const now = clock().getTime();
      const h = history.of(tenantId);
      const toolEvents = [];
      for (let i = h.tools.length - 1; i >= 0 && toolEvents.length < options.limit; i--) {
        const e = h.tools[i];
        if (e && !options.skipTools?.has(e.tool)) toolEvents.push(e);
      }
      const toolRows = new Map(
        tools.all(tenantId, JSON.stringify(toolEvents.map((e) => e.auditId))).map((r) => [r.auditId, r]),
      );
      const statusEvents = h.statuses.slice(-options.limit).reverse();
      const statusRows = new Map(
        statuses
          .all(tenantId, JSON.stringify(statusEvents.map((e) => e.activityId)))
          .map((r) => [r.activityId, r]),
      );
      return {
        tools: toolEvents.flatMap((e): FeedTool[] => {
          const row = toolRows.get(e.auditId);
          return row ? [{ ...e, actor: row.actor, text: row.text }] : [];
        }),
        statuses: statusEvents.flatMap((e): FeedStatus[] => {
          const row = statusRows.get(e.activityId);
          return row ? [{ ...e, leadName: row.leadName, actor: row.actor }] : [];
        }),
        messages: messages.all(tenantId, options.limit),
        cards: cards.all(now, now, tenantId, options.limit),
      };
    },

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
