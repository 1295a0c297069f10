// What the Reporting room counts over time, kept per tenant in this process's memory and followed row
// by row: when leads were created, their status changes (with when the lead's quote went out), the
// tool calls M.A.X. ran or saw fail, and the replies leads sent — counted per calendar day of the
// tenant's time zone, so a period's figure adds a few hundred day counts whatever the history holds.
// These four tables only ever grow (no code deletes from them) and their ids are AUTOINCREMENT,
// handed out in commit order since SQLite has one writer at a time: each read takes the rows after
// the last id it saw, whichever process wrote them, so a figure costs the new rows and not the
// million old ones. A tenant's first read goes through its whole history once
// (bench/reporting-bench.ts measures both).
import type { StoreContext } from "./context.js";
import { DayCounts, type DayOf, localDays } from "./reporting-days.js";

/** The status whose entry is the quote going out (b2b and logistique pipelines). */
export const QUOTE_STATUS = "devis_envoye";
/** Events older than this are of no period the room shows (twice 90 days, and a day for time zones). */
export const HISTORY_DAYS = 182;

const DAY_MS = 86_400_000;

export interface StatusEvent {
  activityId: number;
  leadId: number;
  at: number;
  from: string | null;
  to: string;
  /** When the lead last entered QUOTE_STATUS before this change; null if it never did. */
  quoteAt: number | null;
}

export interface ToolEvent {
  auditId: number;
  at: number;
  /** The tool's name, without the `tool.` prefix and the `.failed` suffix. */
  tool: string;
  failed: boolean;
}

export interface LeadCreated {
  leadId: number;
  at: number;
}

/**
 * One tenant's history within HISTORY_DAYS. `days` counts per day: `created`, `status:<to>`,
 * `tool:<name>`, `failed:<name>`, `reply:<channel>`. The events themselves are kept too, oldest id
 * first, for what needs more than a count (the feed, the quotes, the conversions).
 */
export interface TenantHistory {
  dayOf: DayOf;
  days: DayCounts;
  leadsCreated: LeadCreated[];
  statuses: StatusEvent[];
  tools: ToolEvent[];
  /** The last reply of each lead, whenever it was (a quote's answer may come from any time after). */
  lastReplyAt: Map<number, number>;
}

interface Followed extends TenantHistory {
  timezone: string;
  seen: { lead: number; activity: number; audit: number; message: number };
  quoteAt: Map<number, number>;
  prunedAt: number;
}

type Row<T> = T & { id: number };

export function reportingHistory(ctx: StoreContext, deps: { timezoneOf: (tenantId: number) => string }) {
  const { sqlite, clock } = ctx;
  const newLeads = sqlite.prepare<[number, number], Row<{ at: number }>>(
    "select id, created_at as at from leads where tenant_id = ? and id > ? order by id",
  );
  // `+tenant_id` keeps SQLite on the rowid range: the rows after the last id seen, in id order (on
  // the tenant's index it would fetch the whole tenant and sort it).
  const newStatuses = sqlite.prepare<
    [number, number],
    Row<{ leadId: number; at: number; from: string | null; to: string | null }>
  >(
    `select id, lead_id as leadId, occurred_at as at, json_extract(meta, '$.from') as "from",
       json_extract(meta, '$.to') as "to"
     from activities where id > ? and +tenant_id = ? and kind = 'status_change' order by id`,
  );
  // Tool calls as the gate audits them: `tool.<name>` once run, `tool.<name>.failed` once failed.
  const newTools = sqlite.prepare<[number, number], Row<{ at: number; action: string }>>(
    `select id, created_at as at, action from audit_log
     where id > ? and +tenant_id = ? and entity = 'tool' and action like 'tool.%' order by id`,
  );
  // A lead's reply: a message in from a lead, not a bounce nor an automatic reply (inbound mail says
  // which in meta.kind; a chat message is always a reply).
  const newReplies = sqlite.prepare<[number, number], Row<{ leadId: number; at: number; channel: string }>>(
    `select id, lead_id as leadId, created_at as at, channel from messages
     where id > ? and +tenant_id = ? and direction = 'in' and lead_id is not null
       and coalesce(json_extract(meta, '$.kind'), 'reply') = 'reply' order by id`,
  );
  const lastId = sqlite.prepare<[], { lead: number; activity: number; audit: number; message: number }>(
    `select (select coalesce(max(id), 0) from leads) as lead,
       (select coalesce(max(id), 0) from activities) as activity,
       (select coalesce(max(id), 0) from audit_log) as audit,
       (select coalesce(max(id), 0) from messages) as message`,
  );
  const tenants = new Map<number, Followed>();

  const fresh = (timezone: string): Followed => ({
    timezone,
    dayOf: localDays(timezone),
    days: new DayCounts(),
    leadsCreated: [],
    statuses: [],
    tools: [],
    lastReplyAt: new Map(),
    seen: { lead: 0, activity: 0, audit: 0, message: 0 },
    quoteAt: new Map(),
    prunedAt: 0,
  });

  function follow(tenantId: number, h: Followed, horizon: number): void {
    // The ids to read up to, fixed first: each statement below reads its own snapshot of the file.
    const upTo = lastId.get() ?? h.seen;
    const { days, dayOf } = h;
    for (const r of newLeads.iterate(tenantId, h.seen.lead)) {
      if (r.id > upTo.lead) break;
      if (r.at < horizon) continue;
      h.leadsCreated.push({ leadId: r.id, at: r.at });
      days.add("created", dayOf(r.at));
    }
    for (const r of newStatuses.iterate(h.seen.activity, tenantId)) {
      if (r.id > upTo.activity) break;
      if (r.to === null) continue;
      const quoteAt = h.quoteAt.get(r.leadId) ?? null;
      if (r.to === QUOTE_STATUS) h.quoteAt.set(r.leadId, r.at);
      if (r.at < horizon) continue;
      h.statuses.push({ activityId: r.id, leadId: r.leadId, at: r.at, from: r.from, to: r.to, quoteAt });
      days.add(`status:${r.to}`, dayOf(r.at));
    }
    for (const r of newTools.iterate(h.seen.audit, tenantId)) {
      if (r.id > upTo.audit) break;
      if (r.at < horizon) continue;
      const failed = r.action.endsWith(".failed");
      const tool = r.action.slice("tool.".length, failed ? -".failed".length : undefined);
      h.tools.push({ auditId: r.id, at: r.at, tool, failed });
      days.add(`${failed ? "failed" : "tool"}:${tool}`, dayOf(r.at));
    }
    for (const r of newReplies.iterate(h.seen.message, tenantId)) {
      if (r.id > upTo.message) break;
      if (r.at > (h.lastReplyAt.get(r.leadId) ?? -1)) h.lastReplyAt.set(r.leadId, r.at);
      if (r.at >= horizon) days.add(`reply:${r.channel}`, dayOf(r.at));
    }
    h.seen = { ...upTo };
  }

  /** Drops, once a day, the events the moving horizon has left behind. */
  function prune(h: Followed, horizon: number, now: number): void {
    if (now - h.prunedAt < DAY_MS) return;
    h.prunedAt = now;
    h.days.prune(h.dayOf(horizon));
    h.leadsCreated = h.leadsCreated.filter((e) => e.at >= horizon);
    h.statuses = h.statuses.filter((e) => e.at >= horizon);
    h.tools = h.tools.filter((e) => e.at >= horizon);
  }

  return {
    /**
     * The tenant's history of the last HISTORY_DAYS, its new rows read first; read whole again if
     * its time zone changed. Inside a transaction of this connection nothing new is read: those rows
     * may yet be rolled back, their ids given again.
     */
    of(tenantId: number): TenantHistory {
      const now = clock().getTime();
      const horizon = now - HISTORY_DAYS * DAY_MS;
      const timezone = deps.timezoneOf(tenantId);
      let h = tenants.get(tenantId);
      if (h?.timezone !== timezone) {
        h = fresh(timezone);
        tenants.set(tenantId, h);
      }
      if (!sqlite.inTransaction) follow(tenantId, h, horizon);
      prune(h, horizon, now);
      return h;
    },
  };
}

export type ReportingHistory = ReturnType<typeof reportingHistory>;
