// The token ledger: append-only rows with the balance after each one. Writes take SQLite's write lock
// up front (BEGIN IMMEDIATE), so concurrent debits from several processes serialise and the balance
// can never go negative (a CHECK constraint guards that too). The monthly allowance is credited
// lazily, once per period; what is left of the previous allowance expires then, packs carry over.
import { and, desc, eq, gt, gte, inArray, or, sql } from "drizzle-orm";
import {
  forecastExhaustion,
  MONTHLY_ALLOWANCE,
  PACK_SIZE,
  type Period,
  type Plan,
  periodOf,
  weekOf,
} from "../domain/index.js";
import type { AuditRepository } from "./audit.js";
import { compiled } from "./compiled-query.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { tokenLedger } from "./schema.js";
import type { Tenant, TenantRepository } from "./tenants.js";

export type LedgerKind = "allowance" | "pack" | "debit" | "refund" | "expiry";
export type LedgerEntry = typeof tokenLedger.$inferSelect;

export type DebitResult =
  | { ok: true; entry: LedgerEntry; balance: number }
  | { ok: false; code: "INSUFFICIENT_TOKENS"; balance: number; cost: number; message: string };

export interface TokenSummary {
  plan: Plan;
  period: string;
  balance: number;
  allowance: number;
  allowanceLeft: number;
  usedThisPeriod: number;
  dailyRate: number;
  forecastExhaustion: string | null;
}

const RATE_WINDOW_DAYS = 14;

export function ledgerRepository(
  ctx: StoreContext,
  deps: { tenants: TenantRepository; audit: AuditRepository },
) {
  const { db, clock } = ctx;

  const tenantOf = (tenantId: number): Tenant => deps.tenants.require(tenantId);

  // Debits are the hottest write path: its statements are prepared once, not rebuilt per call.
  const ph = sql.placeholder;
  const balanceQuery = compiled(
    db
      .select({ b: tokenLedger.balanceAfter })
      .from(tokenLedger)
      .where(eq(tokenLedger.tenantId, ph("tenantId")))
      .orderBy(desc(tokenLedger.id))
      .limit(1)
      .prepare(),
  );
  const lastAllowanceQuery = compiled(
    db
      .select()
      .from(tokenLedger)
      .where(and(eq(tokenLedger.tenantId, ph("tenantId")), sql`${tokenLedger.kind} = 'allowance'`))
      .orderBy(desc(tokenLedger.period))
      .limit(1)
      .prepare(),
  );
  const usedSinceQuery = compiled(
    db
      .select({ n: sql<number>`coalesce(sum(${tokenLedger.amount}), 0)` })
      .from(tokenLedger)
      .where(
        and(
          eq(tokenLedger.tenantId, ph("tenantId")),
          // A refund counts in the period of the debit it gives back, not in the one it happens in.
          or(
            and(sql`${tokenLedger.kind} = 'debit'`, gt(tokenLedger.id, ph("afterId"))),
            and(sql`${tokenLedger.kind} = 'refund'`, gt(tokenLedger.refId, ph("afterId"))),
          ),
        ),
      )
      .prepare(),
  );
  const insert = compiled(
    db
      .insert(tokenLedger)
      .values({
        tenantId: ph("tenantId"),
        kind: ph("kind"),
        amount: ph("amount"),
        balanceAfter: ph("balanceAfter"),
        period: ph("period"),
        action: ph("action"),
        refId: ph("refId"),
        actor: ph("actor"),
        note: ph("note"),
        createdAt: ph("createdAt"),
      })
      .returning()
      .prepare(),
  );

  // A scenario's send reads its own debit back (the last entry) on every step.
  const entriesQuery = compiled(
    db
      .select()
      .from(tokenLedger)
      .where(eq(tokenLedger.tenantId, ph("tenantId")))
      .orderBy(desc(tokenLedger.id))
      .limit(ph("limit"))
      .prepare(),
  );

  // Periods change once a month; recomputing them with luxon on every debit would dominate its cost.
  const periods = new Map<string, Period>();
  const periodAt = (at: Date, timezone: string): Period => {
    const cached = periods.get(timezone);
    if (cached && at >= cached.start && at < cached.end) return cached;
    const period = periodOf(at, timezone);
    periods.set(timezone, period);
    return period;
  };

  const balanceOf = (tenantId: number): number => balanceQuery.get({ tenantId })?.b ?? 0;

  const append = (
    tenant: Tenant,
    actor: string,
    row: {
      kind: LedgerKind;
      amount: number;
      action?: string | null;
      refId?: number | null;
      note?: string | null;
    },
    balance = balanceOf(tenant.id),
  ): LedgerEntry => {
    const now = clock();
    const entry = insert.get({
      tenantId: tenant.id,
      actor,
      period: periodAt(now, tenant.timezone).key,
      balanceAfter: balance + row.amount,
      createdAt: now,
      action: null,
      refId: null,
      note: null,
      ...row,
    });
    if (!entry) throw new Error("token_ledger insert returned no row");
    return entry;
  };

  const lastAllowance = (tenantId: number) => lastAllowanceQuery.get({ tenantId });

  /** Net tokens spent (debits less refunds) in rows after the given one. */
  const usedSince = (tenantId: number, afterId: number): number => {
    const net = usedSinceQuery.get({ tenantId, afterId })?.n;
    return net ? -net : 0;
  };

  const allowanceLeft = (tenantId: number, allowance: LedgerEntry | undefined): number => {
    if (!allowance) return 0;
    const left = allowance.amount - usedSince(tenantId, allowance.id);
    return Math.max(0, Math.min(left, allowance.amount, balanceOf(tenantId)));
  };

  /** Credits this period's allowance if it has not been credited yet. Call inside a write transaction. */
  const ensurePeriod = (tenant: Tenant): void => {
    const period = periodAt(clock(), tenant.timezone).key;
    const previous = lastAllowance(tenant.id);
    if (previous && previous.period >= period) return;
    const expiring = allowanceLeft(tenant.id, previous);
    if (expiring > 0) {
      append(tenant, "system", {
        kind: "expiry",
        amount: -expiring,
        note: `allocation ${previous?.period} non utilisée`,
      });
    }
    append(tenant, "system", {
      kind: "allowance",
      amount: MONTHLY_ALLOWANCE[tenant.plan],
      note: `allocation ${period}`,
    });
  };

  const write = <T>(tenantId: number, fn: (tenant: Tenant) => T): T =>
    inTransaction(ctx, () => {
      const tenant = tenantOf(tenantId);
      ensurePeriod(tenant);
      return fn(tenant);
    });

  const netSpentSinceQuery = compiled(
    db
      .select({ n: sql<number>`coalesce(sum(${tokenLedger.amount}), 0)` })
      .from(tokenLedger)
      .where(
        and(
          eq(tokenLedger.tenantId, ph("tenantId")),
          inArray(tokenLedger.kind, ["debit", "refund"]),
          gte(tokenLedger.createdAt, ph("since")),
        ),
      )
      .prepare(),
  );

  const netUsageSince = (tenantId: number, since: Date) =>
    db
      .select()
      .from(tokenLedger)
      .where(
        and(
          eq(tokenLedger.tenantId, tenantId),
          inArray(tokenLedger.kind, ["debit", "refund"]),
          gte(tokenLedger.createdAt, since),
        ),
      )
      .all();

  const repository = {
    balance: balanceOf,

    /** The balance with this period's allowance credited first: what a new action can spend. */
    spendable(tenantId: number): number {
      return write(tenantId, () => balanceOf(tenantId));
    },

    /** Takes `amount` tokens for an action, or refuses without writing anything. */
    debit(scope: Scope, input: { action: string; amount: number; note?: string }): DebitResult {
      // Reads cost nothing and are not debited; every side effect costs at least 1 token.
      if (!Number.isInteger(input.amount) || input.amount < 1) {
        throw new StoreError("INVALID_INPUT", `Montant de débit invalide : ${input.amount}.`);
      }
      return write(scope.tenantId, (tenant) => {
        const balance = balanceOf(tenant.id);
        if (balance < input.amount) {
          return {
            ok: false,
            code: "INSUFFICIENT_TOKENS",
            balance,
            cost: input.amount,
            message: `Solde insuffisant : il reste ${balance} jetons, cette action en coûte ${input.amount}.`,
          } as const;
        }
        const entry = append(
          tenant,
          scope.actor,
          { kind: "debit", amount: -input.amount, action: input.action, note: input.note ?? null },
          balance,
        );
        return { ok: true, entry, balance: entry.balanceAfter } as const;
      });
    },

    /** Gives back a debit, once. The refund row points at the debit. */
    /** Refunds the debit unless it was refunded already (a refund happens once, whoever asks first). */
    refundOnce(scope: Scope, debitId: number, note?: string): LedgerEntry | undefined {
      const already = db
        .select({ id: tokenLedger.id })
        .from(tokenLedger)
        .where(
          and(
            eq(tokenLedger.tenantId, scope.tenantId),
            eq(tokenLedger.refId, debitId),
            sql`${tokenLedger.kind} = 'refund'`,
          ),
        )
        .get();
      return already ? undefined : repository.refund(scope, debitId, note);
    },

    refund(scope: Scope, debitId: number, note?: string): LedgerEntry {
      return write(scope.tenantId, (tenant) => {
        const debit = db
          .select()
          .from(tokenLedger)
          .where(
            and(
              eq(tokenLedger.tenantId, tenant.id),
              eq(tokenLedger.id, debitId),
              eq(tokenLedger.kind, "debit"),
            ),
          )
          .get();
        if (!debit) throw notFound("Débit", debitId);
        const already = db
          .select({ id: tokenLedger.id })
          .from(tokenLedger)
          .where(and(eq(tokenLedger.refId, debitId), sql`${tokenLedger.kind} = 'refund'`))
          .get();
        if (already) throw new StoreError("ALREADY_REFUNDED", `Le débit ${debitId} a déjà été remboursé.`);
        const entry = append(tenant, scope.actor, {
          kind: "refund",
          amount: -debit.amount,
          action: debit.action,
          refId: debit.id,
          note: note ?? null,
        });
        deps.audit.record(scope, {
          action: "tokens.refund",
          entity: "token_ledger",
          entityId: entry.id,
          after: entry,
          cost: debit.amount,
        });
        return entry;
      });
    },

    addPacks(scope: Scope, count = 1): LedgerEntry {
      if (!Number.isInteger(count) || count < 1 || count > 100) {
        throw new StoreError("INVALID_INPUT", "Nombre de packs invalide (1 à 100).");
      }
      return write(scope.tenantId, (tenant) => {
        const entry = append(tenant, scope.actor, {
          kind: "pack",
          amount: PACK_SIZE * count,
          note: `${count} pack(s)`,
        });
        deps.audit.record(scope, {
          action: "tokens.pack",
          entity: "token_ledger",
          entityId: entry.id,
          after: entry,
        });
        return entry;
      });
    },

    entries(tenantId: number, limit = 50): LedgerEntry[] {
      return entriesQuery.all({ tenantId, limit });
    },

    usageByWeek(tenantId: number, since: Date): Array<{ week: string; used: number }> {
      const { timezone } = tenantOf(tenantId);
      const weeks = new Map<string, number>();
      for (const row of netUsageSince(tenantId, since)) {
        const week = weekOf(row.createdAt, timezone);
        weeks.set(week, (weeks.get(week) ?? 0) - row.amount);
      }
      return [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([week, used]) => ({ week, used }));
    },

    usageByAction(tenantId: number, since: Date): Array<{ action: string; used: number }> {
      const actions = new Map<string, number>();
      for (const row of netUsageSince(tenantId, since)) {
        const action = row.action ?? "autre";
        actions.set(action, (actions.get(action) ?? 0) - row.amount);
      }
      return [...actions].sort(([, a], [, b]) => b - a).map(([action, used]) => ({ action, used }));
    },

    /** Balance, allowance and forecast; credits this period's allowance first if it is due. */
    summary(tenantId: number): TokenSummary {
      return write(tenantId, (tenant) => {
        const now = clock();
        const current = lastAllowance(tenant.id);
        const balance = balanceOf(tenant.id);
        const since = new Date(now.getTime() - RATE_WINDOW_DAYS * 86_400_000);
        const recent = -(netSpentSinceQuery.get({ tenantId: tenant.id, since: since.getTime() })?.n ?? 0);
        const dailyRate = Math.max(0, recent) / RATE_WINDOW_DAYS;
        const left = allowanceLeft(tenant.id, current);
        // What was credited this period: a plan change shows from the next period on.
        const allowance = current?.amount ?? MONTHLY_ALLOWANCE[tenant.plan];
        const exhaustion = forecastExhaustion({
          now,
          timezone: tenant.timezone,
          balance,
          allowanceLeft: left,
          allowance,
          dailyRate,
        });
        return {
          plan: tenant.plan,
          period: periodAt(now, tenant.timezone).key,
          balance,
          allowance,
          allowanceLeft: left,
          usedThisPeriod: current ? usedSince(tenant.id, current.id) : 0,
          dailyRate: Math.round(dailyRate * 100) / 100,
          forecastExhaustion: exhaustion,
        };
      });
    },
  };
  return repository;
}

export type LedgerRepository = ReturnType<typeof ledgerRepository>;
