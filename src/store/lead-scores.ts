// Keeps `leads.score` current (the rules are domain/lead-score.ts). A write that changes what the score
// reads recomputes it in its own transaction: the lead's status and fields (leads.ts) and every activity
// on its timeline (activities.ts: a reply from the lead, or any activity, moves « last activity »).
// Silence counts by the day, so a daily batch (`rescore`) brings every lead of a tenant up to date.
// The score is derived: it is never audited and a lead whose score did not change is not written, so
// the dashboard's change feed only hears of real changes.
import { fieldsFor, type LeadScore, type LeadScoreInput, scoreLead, type Vertical } from "../domain/index.js";
import { inTransaction, type StoreContext } from "./context.js";

/** What a lead sent us: replies on e-mail or WhatsApp, not bounces or automatic answers. */
const REPLY = `a.tenant_id = l.tenant_id and a.lead_id = l.id and a.kind in ('email_in', 'whatsapp_in')
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

const SELECT = `select l.id, l.status, l.score, l.created_at, l.last_activity_at, l.custom_fields,
    ${FIELD_COLUMNS.map((c) => `l.${c}`).join(", ")},
    (select count(*) from activities a where ${REPLY}) as replies,
    (select max(a.occurred_at) from activities a where ${REPLY}) as last_reply_at
  from leads l`;

type ScoreRow = {
  id: number;
  status: string;
  score: number | null;
  created_at: number;
  last_activity_at: number | null;
  custom_fields: string;
  replies: number;
  last_reply_at: number | null;
} & Record<(typeof FIELD_COLUMNS)[number], string | number | null>;

/** Leads scored per transaction in a batch: the write lock is never held long. */
export const RESCORE_BATCH = 2_000;

function inputOf(row: ScoreRow, vertical: Vertical): LeadScoreInput {
  const custom = row.custom_fields === "{}" ? {} : (JSON.parse(row.custom_fields) as Record<string, unknown>);
  const fields: Record<string, unknown> = { ...custom };
  for (const spec of fieldsFor(vertical)) {
    const value = row[spec.name as (typeof FIELD_COLUMNS)[number]];
    if (value !== undefined && value !== null) fields[spec.name] = value;
  }
  return {
    vertical,
    status: row.status,
    fields,
    createdAt: new Date(row.created_at),
    lastActivityAt: row.last_activity_at === null ? null : new Date(row.last_activity_at),
    replies: row.replies,
    lastReplyAt: row.last_reply_at === null ? null : new Date(row.last_reply_at),
  };
}

export function leadScores(ctx: StoreContext, verticalOf: (tenantId: number) => Vertical) {
  const { sqlite, clock } = ctx;
  const one = sqlite.prepare<[number, number], ScoreRow>(`${SELECT} where l.tenant_id = ? and l.id = ?`);
  const page = sqlite.prepare<[number, number, number], ScoreRow>(
    `${SELECT} where l.tenant_id = ? and l.id > ? order by l.id limit ?`,
  );
  const write = sqlite.prepare<[number, number, number, number]>(
    "update leads set score = ? where tenant_id = ? and id = ? and score is not ?",
  );

  const explain = (tenantId: number, leadId: number): LeadScore | undefined => {
    const row = one.get(tenantId, leadId);
    return row ? scoreLead(inputOf(row, verticalOf(tenantId)), clock()) : undefined;
  };

  return {
    explain,

    /** Recomputes and stores one lead's score, inside the caller's transaction; undefined if no such lead. */
    refresh(tenantId: number, leadId: number): number | undefined {
      const row = one.get(tenantId, leadId);
      if (!row) return undefined;
      const { score } = scoreLead(inputOf(row, verticalOf(tenantId)), clock());
      if (score !== row.score) write.run(score, tenantId, leadId, score);
      return score;
    },

    /**
     * Every lead of the tenant scored again as of now (silence and inactivity grow by the day), in
     * transactions of `batch` leads. Returns how many leads were read and how many scores changed.
     */
    rescore(tenantId: number, batch = RESCORE_BATCH): { leads: number; changed: number } {
      const vertical = verticalOf(tenantId);
      const now = clock();
      let after = 0;
      let leads = 0;
      let changed = 0;
      for (;;) {
        const done = inTransaction(ctx, () => {
          const rows = page.all(tenantId, after, batch);
          for (const row of rows) {
            const { score } = scoreLead(inputOf(row, vertical), now);
            if (score !== row.score) changed += write.run(score, tenantId, row.id, score).changes;
          }
          leads += rows.length;
          after = rows[rows.length - 1]?.id ?? after;
          return rows.length < batch;
        });
        if (done) return { leads, changed };
      }
    },
  };
}

export type LeadScores = ReturnType<typeof leadScores>;
