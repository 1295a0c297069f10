// The Reporting room's activity feed as rows: the newest tool calls of M.A.X. and status changes (from
// the followed history, so the million rows behind them are not walked), the tenant's last messages
// to and from leads and its last confirmation cards (newest ids first).
import type { StoreContext } from "./context.js";
import type { ReportingHistory } from "./reporting-history.js";

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

/** The name a Lead carries (leads.ts): first and last name, else company, e-mail, phone, #id. */
const LEAD_NAME = `coalesce(nullif(trim(l.first_name || ' ' || l.last_name), ''), l.company, l.email,
  l.phone, '#' || l.id)`;

export function reportingFeed(ctx: StoreContext, history: ReportingHistory) {
  const { sqlite, clock } = ctx;
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
  /**
   * The newest of each kind of activity, newest first within each: tool calls (but `skipTools`,
   * the reads), status changes, messages to and from leads, confirmation cards.
   */
  return function feed(tenantId: number, options: { limit: number; skipTools?: ReadonlySet<string> }) {
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
  };
}
