// Keeps `leads.score` current (the rules are domain/lead-score.ts). A write that changes what the score
// reads recomputes it inside that write's transaction: the lead's creation, status, fields and custom
// fields (leads.ts) and every activity on its timeline (activities.ts: a reply from the lead, a call,
// or any activity, which moves « last activity »).
// Silence counts by the day, so a daily batch (`rescore`) brings every lead of a tenant up to date.
// The score is derived: it is never audited and a lead whose score did not change is not written, so
// the dashboard's change feed only hears of real changes.
import {
  fieldsFor,
  type LeadScore,
  type LeadScoreInput,
  REPLY_ACTIVITIES,
  scoreLead,
  type Vertical,
} from "../domain/index.js";
import { inTransaction, type StoreContext } from "./context.js";

/** The lead answered: a message from them (a bounce or an automatic reply is not one), a call, a meeting. */
const REPLIED = `a.kind in (${REPLY_ACTIVITIES.map((k) => `'${k}'`).join(", ")})
  and coalesce(json_extract(a.meta, '$.kind'), 'reply') = 'reply'`;

// Vertical field columns are named like the fields themselves.
const FIELD_COLUMNS = [
  "budget_indicatif",
  "taille_entreprise",
  "type_besoin",
  "budget_estime",
  "urgence_ressentie",
  "niveau_motivation",
  "qualification",
  "no_show",
] as const;
const LEAD_COLUMNS = `l.id, l.status, l.score, l.created_at, l.last_activity_at, l.custom_fields,
  ${FIELD_COLUMNS.map((c) => `l.${c}`).join(", ")}`;

type LeadRow = {
  id: number;
  status: string;
  score: number | null;
  created_at: number;
  last_activity_at: number | null;
  custom_fields: string;
} & Record<(typeof FIELD_COLUMNS)[number], string | number | null>;
type Replies = { replies: number; last_reply_at: number | null };

/** Leads scored per transaction in a batch: the write lock is never held long. */
export const RESCORE_BATCH = 2_000;

function inputOf(row: LeadRow, vertical: Vertical, replied: Replies | undefined): LeadScoreInput {
  const custom = row.custom_fields === "{}" ? {} : (JSON.parse(row.custom_fields) as Record<string, unknown>);
  const fields: Record<string, unknown> = { ...custom };
  for (const spec of fieldsFor(vertical)) {
    const value = row[spec.name as (typeof FIELD_COLUMNS)[number]];
    if (value !== undefined && value !== null) fields[spec.name] = value;
  }
  const last = replied?.last_reply_at ?? null;
  return {
    vertical,
    status: row.status,
    fields,
    createdAt: new Date(row.created_at),
    lastActivityAt: row.last_activity_at === null ? null : new Date(row.last_activity_at),
    replies: replied?.replies ?? 0,
    lastReplyAt: last === null ? null : new Date(last),
  };
}

export function leadScores(ctx: StoreContext) {
  const { sqlite, clock } = ctx;
  // One lead, its tenant's vertical and its replies in one read: every activity added runs it.
  const one = sqlite.prepare<{ tenantId: number; id: number }, LeadRow & Replies & { vertical: Vertical }>(
    `select ${LEAD_COLUMNS}, t.vertical, r.replies, r.last_reply_at
     from leads l join tenants t on t.id = l.tenant_id,
       (select count(*) as replies, max(a.occurred_at) as last_reply_at from activities a
        where a.tenant_id = @tenantId and a.lead_id = @id and ${REPLIED}) r
     where l.tenant_id = @tenantId and l.id = @id`,
  );
  const vertical = sqlite.prepare<[number], { vertical: Vertical }>(
    "select vertical from tenants where id = ?",
  );
  const page = sqlite.prepare<[number, number, number], LeadRow>(
    `select ${LEAD_COLUMNS} from leads l where l.tenant_id = ? and l.id > ? order by l.id limit ?`,
  );
  // The replies of a page of leads: one walk of the activities index over the page's id range.
  const pageReplies = sqlite.prepare<[number, number, number], Replies & { lead_id: number }>(
    `select a.lead_id, count(*) as replies, max(a.occurred_at) as last_reply_at from activities a
     where a.tenant_id = ? and a.lead_id between ? and ? and ${REPLIED}
     group by a.lead_id`,
  );
  const write = sqlite.prepare<[number, number, number, number]>(
    "update leads set score = ? where tenant_id = ? and id = ? and score is not ?",
  );

  const explain = (tenantId: number, id: number): LeadScore | undefined => {
    const row = one.get({ tenantId, id });
    return row ? scoreLead(inputOf(row, row.vertical, row), clock()) : undefined;
  };

  return {
    explain,

    /** Recomputes and stores one lead's score, inside the caller's transaction; undefined if no such lead. */
    refresh(tenantId: number, id: number): number | undefined {
      const row = one.get({ tenantId, id });
      if (!row) return undefined;
      const { score } = scoreLead(inputOf(row, row.vertical, row), clock());
      if (score !== row.score) write.run(score, tenantId, id, score);
      return score;
    },

    /**
     * Every lead of the tenant scored again as of now (silence and inactivity grow by the day), in
     * transactions of `batch` leads. Returns how many leads were read and how many scores changed.
     */
    rescore(tenantId: number, batch = RESCORE_BATCH): { leads: number; changed: number } {
      const of = vertical.get(tenantId)?.vertical;
      if (!of) return { leads: 0, changed: 0 };
      const now = clock();
      let after = 0;
      let leads = 0;
      let changed = 0;
      for (;;) {
        const done = inTransaction(ctx, () => {
          const rows = page.all(tenantId, after, batch);
          const first = rows[0]?.id ?? 0;
          const last = rows[rows.length - 1]?.id ?? 0;
          const replies = new Map(pageReplies.all(tenantId, first, last).map((r) => [r.lead_id, r]));
          for (const row of rows) {
            const { score } = scoreLead(inputOf(row, of, replies.get(row.id)), now);
            if (score !== row.score) changed += write.run(score, tenantId, row.id, score).changes;
          }
          leads += rows.length;
          after = last || after;
          return rows.length < batch;
        });
        if (done) return { leads, changed };
      }
    },
  };
}

export type LeadScores = ReturnType<typeof leadScores>;
