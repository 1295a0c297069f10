// What the Reporting room counts over time, kept per tenant in this process's memory and followed row
// by row: when leads were created, their status changes (with when the lead's quote went out), the
// tool calls M.A.X. ran or saw fail, and the replies leads sent. These four tables only ever grow (no
// code deletes from them) and their ids are AUTOINCREMENT, handed out in commit order since SQLite
// has one writer at a time: each read takes the rows after the last id it saw, whichever process
// wrote them, so a figure costs the new rows and not the million old ones. A tenant's first read
// goes through its whole history once (bench/reporting-bench.ts measures both).
import type { StoreContext } from "./context.js";

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

export interface ReplyEvent {
  leadId: number;
  at: number;
  channel: string;
}

export interface LeadCreated {
  leadId: number;
  at: number;
}

/** One tenant's events within HISTORY_DAYS, oldest id first, and what each lead last did. */
export interface TenantHistory {
  leadsCreated: LeadCreated[];
  statuses: StatusEvent[];
  tools: ToolEvent[];
  replies: ReplyEvent[];
  /** The last reply of each lead, whenever it was (a quote's answer may come from any time after). */
  lastReplyAt: Map<number, number>;
}

interface Followed extends TenantHistory {
  seen: { lead: number; activity: number; audit: number; message: number };
  quoteAt: Map<number, number>;
  prunedAt: number;
}

type Row<T> = T & { id: number };

export function reportingHistory(ctx: StoreContext) {
  const { sqlite, clock } = ctx;
  // `+tenant_id` keeps SQLite on the rowid range: the rows after the last id seen, in id order (on
  // the tenant's index it would fetch the whole tenant and sort it).
  const newLeads = sqlite.prepare<[number, number], Row<{ at: number }>>(
    "select id, created_at as at from leads where tenant_id = ? and id > ? order by id",
  );
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

  const fresh = (): Followed => ({
    leadsCreated: [],
    statuses: [],
    tools: [],
    replies: [],
    lastReplyAt: new Map(),
    seen: { lead: 0, activity: 0, audit: 0, message: 0 },
    quoteAt: new Map(),
    prunedAt: 0,
  });

  function follow(tenantId: number, h: Followed, horizon: number): void {
    // The ids to read up to, fixed first: each statement below reads its own snapshot of the file.
    const upTo = lastId.get() ?? h.seen;
    for (const r of newLeads.iterate(tenantId, h.seen.lead)) {
      if (r.id > upTo.lead) break;
      if (r.at >= horizon) h.leadsCreated.push({ leadId: r.id, at: r.at });
    }
    for (const r of newStatuses.iterate(h.seen.activity, tenantId)) {
      if (r.id > upTo.activity) break;
      if (r.to === null) continue;
      const quoteAt = h.quoteAt.get(r.leadId) ?? null;
      if (r.to === QUOTE_STATUS) h.quoteAt.set(r.leadId, r.at);
      if (r.at < horizon) continue;
      h.statuses.push({ activityId: r.id, leadId: r.leadId, at: r.at, from: r.from, to: r.to, quoteAt });
    }
    for (const r of newTools.iterate(h.seen.audit, tenantId)) {
      if (r.id > upTo.audit) break;
      const failed = r.action.endsWith(".failed");
      const tool = r.action.slice("tool.".length, failed ? -".failed".length : undefined);
      if (r.at >= horizon) h.tools.push({ auditId: r.id, at: r.at, tool, failed });
    }
    for (const r of newReplies.iterate(h.seen.message, tenantId)) {
      if (r.id > upTo.message) break;
      if (r.at > (h.lastReplyAt.get(r.leadId) ?? -1)) h.lastReplyAt.set(r.leadId, r.at);
      if (r.at >= horizon) h.replies.push({ leadId: r.leadId, at: r.at, channel: r.channel });
    }
    h.seen = { ...upTo };
  }

  /** Drops, once a day, the events the moving horizon has left behind. */
  function prune(h: Followed, horizon: number, now: number): void {
    if (now - h.prunedAt < DAY_MS) return;
    h.prunedAt = now;
    h.leadsCreated = h.leadsCreated.filter((e) => e.at >= horizon);
    h.statuses = h.statuses.filter((e) => e.at >= horizon);
    h.tools = h.tools.filter((e) => e.at >= horizon);
    h.replies = h.replies.filter((e) => e.at >= horizon);
  }

  return {
    /**
     * The tenant's events of the last HISTORY_DAYS, its new rows read first. Inside a transaction of
     * this connection nothing new is read: those rows may yet be rolled back, their ids given again.
     */
    of(tenantId: number): TenantHistory {
      const now = clock().getTime();
      const horizon = now - HISTORY_DAYS * DAY_MS;
      let h = tenants.get(tenantId);
      if (!h) {
        h = fresh();
        tenants.set(tenantId, h);
      }
      if (!sqlite.inTransaction) follow(tenantId, h, horizon);
      prune(h, horizon, now);
      return h;
    },
  };
}

export type ReportingHistory = ReturnType<typeof reportingHistory>;
