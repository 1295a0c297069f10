// The pipeline board: one column per status of the tenant's pipeline, in pipeline order, with its
// count, the sum of its known budgets and its first cards (most recent activity first).
//
// Counts read the (tenant, status, last activity) index alone. A budget is free text (« 2 000 € »,
// « 3k€ », « 5–10 k€ ») that no index holds, so its sums read every lead row of the tenant (60 to
// 130 ms for 100,000 leads, bench/crm-read-bench.ts): they are kept per tenant until one of its
// leads changes, which the change feed's triggers (drizzle/0009) record for every write to a lead,
// whatever the process.
import { sql } from "drizzle-orm";
import {
  checkStatus,
  heatLabel,
  parseBudget,
  pipelineFor,
  statusCode,
  statusLabel,
  type Vertical,
} from "../domain/index.js";
import type { StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import type { Heat } from "./lead-input.js";

/** Cards per column on the board, and the most a column page returns. */
export const BOARD_PAGE = 50;
export const BOARD_PAGE_MAX = 200;

export interface BoardCard {
  id: number;
  name: string;
  company: string | null;
  heat: Heat | null;
  /** « chaud », « tiède », « froid »; null when the heat is not known. */
  heatLabel: string | null;
  score: number | null;
  /** Whole days since the last activity (0 = today); null when there was none. */
  daysSinceContact: number | null;
  lastActivityAt: Date | null;
  /** The lead's budget in euros as counted in the column's sum; null when unknown or unreadable. */
  budget: number | null;
  tags: string[];
}

export interface BoardColumn {
  status: string;
  label: string;
  count: number;
  /** Sum of the column's known budgets in euros; null when no lead of the column has one. */
  budgetSum: number | null;
  /** The first BOARD_PAGE leads of the column, most recent activity first. */
  cards: BoardCard[];
  /** More leads than cards: load them with `board.column`. */
  hasMore: boolean;
}

export interface Board {
  /** Leads in the pipeline's statuses. */
  total: number;
  pageSize: number;
  columns: BoardColumn[];
}

export interface BoardColumnPage {
  status: string;
  label: string;
  count: number;
  offset: number;
  limit: number;
  cards: BoardCard[];
  hasMore: boolean;
}

/** Where a vertical keeps its budget: its own field, or a custom field named `budget`. */
function budgetColumn(vertical: Vertical): string {
  if (vertical === "b2b" || vertical === "logistique") return "l.budget_indicatif";
  if (vertical === "coaching") return "l.budget_estime";
  return "json_extract(l.custom_fields, '$.budget')";
}

/** The budget in euros as the lead score reads it (a range counts for its middle); null without a number. */
export function budgetAmount(text: unknown): number | null {
  if (text === null || text === undefined || text === "") return null;
  return parseBudget(String(text))?.amount ?? null;
}

/** The same name a Lead carries (leads.ts): first and last name, else company, e-mail, phone, #id. */
function displayName(r: CardRow): string {
  return `${r.first_name} ${r.last_name}`.trim() || r.company || r.email || r.phone || `#${r.id}`;
}

type CardRow = {
  id: number;
  first_name: string;
  last_name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  heat: string | null;
  score: number | null;
  last_activity_at: number | null;
  budget: unknown;
};

const DAY_MS = 86_400_000;
const MEMO_MAX = 50_000;

export function leadBoard(ctx: StoreContext, deps: { verticalOf: (tenantId: number) => Vertical }) {
  const { db, sqlite, clock } = ctx;
  // The budget parser as an SQL function of this connection, so the sums are made where the rows are.
  // People write few distinct budgets: each is parsed once (a parse costs more than the row's read).
  const memo = new Map<string, number | null>();
  sqlite.function("lead_budget_amount", { deterministic: true }, (text: unknown) => {
    if (text === null) return null;
    const key = String(text);
    let amount = memo.get(key);
    if (amount === undefined) {
      amount = budgetAmount(key);
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(key, amount);
    }
    return amount;
  });

  const countsOf = sqlite.prepare<[number], { status: string; n: number }>(
    "select status, count(*) as n from leads where tenant_id = ? group by status",
  );
  // What the sums were made from: the tenant's last change to a lead, looked for among its last
  // changes only (its messages, debits and audit rows come in between); when none of those is a
  // lead's, its very last change, whatever it is, which moves with any later one.
  const lastLeadChange = sqlite.prepare<[number], { key: string | null }>(
    `with recent as (select id, topic from change_feed where tenant_id = ? order by id desc limit 1000)
     select coalesce(
       (select 'lead:' || max(id) from recent where topic = 'lead'),
       (select 'any:' || max(id) from recent),
       'none') as key`,
  );
  const sumsCache = new Map<number, { key: string; sums: Map<string, number | null> }>();

  const budgetSums = (tenantId: number, vertical: Vertical): Map<string, number | null> => {
    const key = `${vertical}:${lastLeadChange.get(tenantId)?.key}`;
    const cached = sumsCache.get(tenantId);
    if (cached?.key === key) return cached.sums;
    // Inside a transaction the rows may yet be rolled back, and the change's id given again.
    const keep = !sqlite.inTransaction;
    const column = sql.raw(budgetColumn(vertical));
    // Read in id order (the tenant's rows one after another): through the status index, each row
    // would be a jump, four times slower.
    const rows = db.all<{ status: string; total: number | null }>(
      sql`select l.status as status, sum(lead_budget_amount(${column})) as total
        from leads l indexed by leads_tenant_id_id
        where l.tenant_id = ${tenantId} and ${column} is not null group by l.status`,
    );
    const sums = new Map(
      rows.map((r) => [r.status, r.total === null ? null : Math.round(r.total * 100) / 100]),
    );
    if (keep) sumsCache.set(tenantId, { key, sums });
    return sums;
  };

  const cards = (tenantId: number, vertical: Vertical, status: string, limit: number, offset: number) => {
    const column = sql.raw(budgetColumn(vertical));
    const rows = db.all<CardRow>(
      sql`select l.id, l.first_name, l.last_name, l.company, l.email, l.phone, l.heat, l.score,
          l.last_activity_at, ${column} as budget
        from leads l where l.tenant_id = ${tenantId} and l.status = ${status}
        order by l.last_activity_at desc, l.id desc limit ${limit} offset ${offset}`,
    );
    return rows;
  };

  const toCards = (tenantId: number, rows: CardRow[]): BoardCard[] => {
    if (rows.length === 0) return [];
    const tags = new Map<number, string[]>(rows.map((r) => [r.id, []]));
    const tagRows = db.all<{ lead_id: number; tag: string }>(
      sql`select lead_id, tag from lead_tags where tenant_id = ${tenantId}
        and lead_id in (select value from json_each(${JSON.stringify(rows.map((r) => r.id))})) order by tag`,
    );
    for (const t of tagRows) tags.get(t.lead_id)?.push(t.tag);
    const now = clock().getTime();
    return rows.map((r) => ({
      id: r.id,
      name: displayName(r),
      company: r.company,
      heat: r.heat as Heat | null,
      heatLabel: r.heat ? heatLabel(r.heat) : null,
      score: r.score,
      daysSinceContact:
        r.last_activity_at === null ? null : Math.max(0, Math.floor((now - r.last_activity_at) / DAY_MS)),
      lastActivityAt: r.last_activity_at === null ? null : new Date(r.last_activity_at),
      budget: budgetAmount(r.budget),
      tags: tags.get(r.id) ?? [],
    }));
  };

  const pageSize = (limit: number | undefined) => {
    const n = limit ?? BOARD_PAGE;
    if (!Number.isInteger(n) || n < 1 || n > BOARD_PAGE_MAX) {
      throw new StoreError("INVALID_INPUT", `Le nombre de cartes va de 1 à ${BOARD_PAGE_MAX}.`);
    }
    return n;
  };

  return {
    /** Every column of the tenant's pipeline, in its order, with counts, budget sums and first cards. */
    get(tenantId: number, options: { limit?: number } = {}): Board {
      const limit = pageSize(options.limit);
      const vertical = deps.verticalOf(tenantId);
      const counts = new Map(countsOf.all(tenantId).map((r) => [r.status, r.n]));
      const sums = budgetSums(tenantId, vertical);
      const statuses = pipelineFor(vertical);
      const pages = statuses.map((status) => ({
        status,
        count: counts.get(status) ?? 0,
        rows: counts.get(status) ? cards(tenantId, vertical, status, limit, 0) : [],
      }));
      // One tag query for the whole board.
      const all = toCards(
        tenantId,
        pages.flatMap((p) => p.rows),
      );
      const byId = new Map(all.map((c) => [c.id, c]));
      return {
        total: pages.reduce((n, p) => n + p.count, 0),
        pageSize: limit,
        columns: pages.map((p) => ({
          status: p.status,
          label: statusLabel(p.status),
          count: p.count,
          budgetSum: sums.get(p.status) ?? null,
          cards: p.rows.map((r) => byId.get(r.id) as BoardCard),
          hasMore: p.count > p.rows.length,
        })),
      };
    },

    /** More cards of one column (a status by its code or its label), from `offset`. */
    column(
      tenantId: number,
      status: string,
      options: { offset?: number; limit?: number } = {},
    ): BoardColumnPage {
      const limit = pageSize(options.limit);
      const offset = options.offset ?? 0;
      if (!Number.isInteger(offset) || offset < 0) {
        throw new StoreError("INVALID_INPUT", "Le décalage est un entier positif ou nul.");
      }
      const vertical = deps.verticalOf(tenantId);
      const code = statusCode(vertical, status) ?? status;
      const check = checkStatus(vertical, code);
      if (!check.ok) throw new StoreError("INVALID_STATUS", check.message, { allowed: check.allowed });
      const count =
        db.get<{ n: number }>(
          sql`select count(*) as n from leads where tenant_id = ${tenantId} and status = ${code}`,
        )?.n ?? 0;
      const page = toCards(tenantId, cards(tenantId, vertical, code, limit, offset));
      return {
        status: code,
        label: statusLabel(code),
        count,
        offset,
        limit,
        cards: page,
        hasMore: offset + page.length < count,
      };
    },
  };
}

export type LeadBoard = ReturnType<typeof leadBoard>;
