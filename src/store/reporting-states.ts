// Where each message to a lead stands now (counted per status and calendar day of its creation), and
// whether a campaign moved, kept per tenant in this process's memory for the Reporting room. A message's status changes after it is written (queued,
// sent, failed), so following new ids is not enough: the change feed (drizzle/0009, 0011) names each
// message whose status moved and each campaign change, whichever process made it, and only those
// messages are read again. The feed keeps a day of changes: a tenant whose last read is older than
// what the feed still holds is read whole again.
import type { StoreContext } from "./context.js";
import { DayCounts, type DayOf, localDays } from "./reporting-days.js";
import { HISTORY_DAYS } from "./reporting-history.js";

const DAY_MS = 86_400_000;

interface MessageState {
  day: number;
  status: string;
}

export interface TenantStates {
  dayOf: DayOf;
  /** Messages out to leads created within HISTORY_DAYS, per `out:<status>` and day created. */
  days: DayCounts;
  /** Changes whenever one of the tenant's campaigns or recipients does: figures kept under it stay true. */
  campaignEpoch: number;
}

interface Followed extends TenantStates {
  timezone: string;
  /** Those messages by id: the day they were created, their status now. */
  outbound: Map<number, MessageState>;
  seen: { message: number; change: number };
  prunedAt: number;
}

export function reportingStates(ctx: StoreContext, deps: { timezoneOf: (tenantId: number) => string }) {
  const { sqlite, clock } = ctx;
  const marks = sqlite.prepare<[], { message: number; change: number; oldest: number | null }>(
    `select (select coalesce(max(id), 0) from messages) as message,
       (select coalesce(max(id), 0) from change_feed) as change, (select min(id) from change_feed) as oldest`,
  );
  // `+tenant_id`: the rows after the last id seen, through the rowid (see reporting-history.ts).
  const newOutbound = sqlite.prepare<[number, number], { id: number; at: number; status: string }>(
    `select id, created_at as at, status from messages
     where id > ? and +tenant_id = ? and direction = 'out' and lead_id is not null order by id`,
  );
  const changes = sqlite.prepare<[number, number], { id: number; topic: string; refId: number | null }>(
    `select id, topic, ref_id as refId from change_feed
     where tenant_id = ? and id > ? and topic in ('message', 'campaign') order by id`,
  );
  const statusesOf = sqlite.prepare<[number, string], { id: number; status: string }>(
    "select id, status from messages where tenant_id = ? and id in (select value from json_each(?))",
  );
  const tenants = new Map<number, Followed>();
  let epochs = 0;

  function follow(tenantId: number, s: Followed, horizon: number): void {
    const upTo = marks.get() ?? { message: s.seen.message, change: s.seen.change, oldest: null };
    const touched: number[] = [];
    for (const c of changes.iterate(tenantId, s.seen.change)) {
      if (c.id > upTo.change) break;
      if (c.topic === "campaign") s.campaignEpoch = ++epochs;
      else if (c.refId !== null && s.outbound.has(c.refId)) touched.push(c.refId);
    }
    for (const r of newOutbound.iterate(s.seen.message, tenantId)) {
      if (r.id > upTo.message) break;
      if (r.at < horizon) continue;
      const day = s.dayOf(r.at);
      s.outbound.set(r.id, { day, status: r.status });
      s.days.add(`out:${r.status}`, day);
    }
    if (touched.length > 0) {
      for (const r of statusesOf.iterate(tenantId, JSON.stringify(touched))) {
        const state = s.outbound.get(r.id);
        if (!state || state.status === r.status) continue;
        s.days.add(`out:${state.status}`, state.day, -1);
        s.days.add(`out:${r.status}`, state.day);
        state.status = r.status;
      }
    }
    s.seen = { message: upTo.message, change: upTo.change };
  }

  /** A tenant read whole: from the feed's position before the read, so nothing after it is missed. */
  function fresh(timezone: string): Followed {
    const { change } = marks.get() ?? { change: 0 };
    return {
      timezone,
      dayOf: localDays(timezone),
      days: new DayCounts(),
      outbound: new Map(),
      campaignEpoch: ++epochs,
      seen: { message: 0, change },
      prunedAt: 0,
    };
  }

  return {
    /** The tenant's states now. Inside a transaction nothing new is read (it may be rolled back). */
    of(tenantId: number): TenantStates {
      const now = clock().getTime();
      const horizon = now - HISTORY_DAYS * DAY_MS;
      const timezone = deps.timezoneOf(tenantId);
      let s = tenants.get(tenantId);
      const oldest = marks.get()?.oldest ?? null;
      // Read whole again when the changes after the last one seen were pruned from the feed (what
      // they said is lost), or when the tenant's days are another time zone's.
      if (!s || s.timezone !== timezone || (oldest !== null && oldest > s.seen.change + 1)) {
        s = fresh(timezone);
        tenants.set(tenantId, s);
      }
      if (!sqlite.inTransaction) follow(tenantId, s, horizon);
      if (now - s.prunedAt >= DAY_MS) {
        s.prunedAt = now;
        const first = s.dayOf(horizon);
        s.days.prune(first);
        for (const [id, m] of s.outbound) if (m.day < first) s.outbound.delete(id);
      }
      return s;
    },
  };
}

export type ReportingStates = ReturnType<typeof reportingStates>;
