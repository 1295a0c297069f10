// The Budget IA room's read model over the token ledger and the timelines: the period's usage and its
// split by action (counted exactly as the ledger's summary counts it: debits after this period's
// allowance, and the refunds of those debits), refunds with the debit they give back, the rows behind
// a bar of the charts, and each channel's relances and the replies they got.
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { MONTHLY_ALLOWANCE, type Period, type PeriodUsage, periodOf } from "../domain/index.js";
import type { StoreContext } from "./context.js";
import { tokenLedger } from "./schema.js";
import type { TenantRepository } from "./tenants.js";

export interface SpendingRow {
  action: string | null;
  used: number;
  /** Debits not refunded: how many actions were paid. */
  count: number;
}

export interface RefundRow {
  id: number;
  at: Date;
  amount: number;
  action: string | null;
  note: string | null;
  debitAt: Date | null;
}

export interface ChannelReplies {
  channel: "email" | "whatsapp";
  contacted: number;
  replied: number;
}

export function budgetRepository(ctx: StoreContext, deps: { tenants: TenantRepository }) {
  const { db, sqlite, clock } = ctx;

  const lastAllowance = sqlite.prepare<[number], { id: number; period: string; amount: number }>(
    `select id, period, amount from token_ledger
     where tenant_id = ? and kind = 'allowance' order by period desc limit 1`,
  );
  // A refund always comes after its debit, so both are in the range after the allowance's row.
  const spentSince = sqlite.prepare<[number, number, number], SpendingRow>(
    `select action, -sum(amount) as used, sum(case kind when 'debit' then 1 else -1 end) as count
     from token_ledger
     where tenant_id = ? and id > ? and (kind = 'debit' or (kind = 'refund' and ref_id > ?))
     group by action order by used desc`,
  );
  const channelReplies = sqlite.prepare<[number, number, number], ChannelReplies>(
    `with outs as (
       select lead_id, substr(kind, 1, length(kind) - 4) as channel, min(occurred_at) as first_out
       from activities
       where tenant_id = ? and kind in ('email_out', 'whatsapp_out') and occurred_at >= ?
       group by lead_id, kind
     )
     select channel, count(*) as contacted,
       sum(exists (
         select 1 from activities i
         where i.tenant_id = ? and i.lead_id = outs.lead_id and i.kind = outs.channel || '_in'
           and i.occurred_at > outs.first_out
           and coalesce(json_extract(i.meta, '$.kind'), 'reply') = 'reply'
       )) as replied
     from outs group by channel`,
  );

  // The period changes once a month: luxon is not asked on every debit's check.
  const periods = new Map<string, Period>();
  const currentPeriod = (timezone: string): Period => {
    const now = clock();
    const cached = periods.get(timezone);
    if (cached && now >= cached.start && now < cached.end) return cached;
    const period = periodOf(now, timezone);
    periods.set(timezone, period);
    return period;
  };

  /** This period's spending by action; empty when nothing was credited (so nothing spent) yet. */
  const spending = (tenantId: number): { usage: PeriodUsage; byAction: SpendingRow[] } => {
    const tenant = deps.tenants.require(tenantId);
    const period = currentPeriod(tenant.timezone).key;
    const credited = lastAllowance.get(tenantId);
    if (credited?.period !== period) {
      return { usage: { period, allowance: MONTHLY_ALLOWANCE[tenant.plan], used: 0 }, byAction: [] };
    }
    const byAction = spentSince.all(tenantId, credited.id, credited.id).filter((r) => r.used !== 0);
    const used = byAction.reduce((sum, r) => sum + r.used, 0);
    return { usage: { period, allowance: credited.amount, used }, byAction };
  };

  return {
    spending,

    /** The key of the tenant's current period (« 2026-12 »). */
    period(tenantId: number): string {
      return currentPeriod(deps.tenants.require(tenantId).timezone).key;
    },

    /** What the alerts and the banner need: the period, its allowance, the net tokens used in it. */
    usage(tenantId: number): PeriodUsage {
      return spending(tenantId).usage;
    },

    /** Refunds made since a date, newest first, with when the debit they give back was made. */
    refunds(tenantId: number, since: Date, limit = 50): { rows: RefundRow[]; count: number; total: number } {
      const where = and(
        eq(tokenLedger.tenantId, tenantId),
        sql`${tokenLedger.kind} = 'refund'`,
        gte(tokenLedger.createdAt, since),
      );
      const totals = db
        .select({ count: sql<number>`count(*)`, total: sql<number>`coalesce(sum(${tokenLedger.amount}), 0)` })
        .from(tokenLedger)
        .where(where)
        .get();
      const rows = db
        .select({
          id: tokenLedger.id,
          at: tokenLedger.createdAt,
          amount: tokenLedger.amount,
          action: tokenLedger.action,
          note: tokenLedger.note,
          refId: tokenLedger.refId,
        })
        .from(tokenLedger)
        .where(where)
        .orderBy(desc(tokenLedger.id))
        .limit(limit)
        .all();
      const debitIds = rows.flatMap((r) => (r.refId === null ? [] : [r.refId]));
      const debits = new Map(
        debitIds.length === 0
          ? []
          : db
              .select({ id: tokenLedger.id, at: tokenLedger.createdAt })
              .from(tokenLedger)
              .where(and(eq(tokenLedger.tenantId, tenantId), inArray(tokenLedger.id, debitIds)))
              .all()
              .map((d) => [d.id, d.at] as const),
      );
      return {
        rows: rows.map(({ refId, ...r }) => ({
          ...r,
          debitAt: (refId !== null && debits.get(refId)) || null,
        })),
        count: totals?.count ?? 0,
        total: totals?.total ?? 0,
      };
    },

    /** The debits and refunds made in [from, to), of some actions only if given, newest first. */
    entries(tenantId: number, range: { from: Date; to: Date; actions?: string[]; limit?: number }) {
      const where = and(
        eq(tokenLedger.tenantId, tenantId),
        inArray(tokenLedger.kind, ["debit", "refund"]),
        gte(tokenLedger.createdAt, range.from),
        lt(tokenLedger.createdAt, range.to),
        range.actions ? inArray(tokenLedger.action, range.actions) : undefined,
      );
      const totals = db
        .select({ count: sql<number>`count(*)`, net: sql<number>`coalesce(-sum(${tokenLedger.amount}), 0)` })
        .from(tokenLedger)
        .where(where)
        .get();
      const rows = db
        .select()
        .from(tokenLedger)
        .where(where)
        .orderBy(desc(tokenLedger.id))
        .limit(range.limit ?? 200)
        .all();
      return { rows, count: totals?.count ?? 0, used: totals?.net ?? 0 };
    },

    /**
     * Per channel, the leads sent a message (timeline `*_out`) since the date, and how many of them
     * wrote back on that channel afterwards (a bounce or an automatic reply is no answer).
     */
    channelReplies(tenantId: number, since: Date): ChannelReplies[] {
      return channelReplies.all(tenantId, since.getTime(), tenantId);
    },
  };
}

export type BudgetRepository = ReturnType<typeof budgetRepository>;
