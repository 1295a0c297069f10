// The debit loop shared by the single-process bench and the worker processes, and the exactness check
// run on the ledger afterwards.
import type { Scope, Store } from "../../src/store/index.js";

export interface DebitTally {
  attempted: number;
  ok: number;
  refused: number; // INSUFFICIENT_TOKENS: nothing written
  busy: number; // SQLITE_BUSY after the busy timeout: nothing written
  seconds: number;
  /** Debits per second over each block of CHUNK attempts, to show how the rate moves as the ledger grows. */
  chunkRates: number[];
}

const CHUNK = 1_000;

const isBusy = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "SQLITE_BUSY";

/** Debits 1 token `count` times, or until `seconds` have passed, whichever comes first. */
export function debitLoop(store: Store, scope: Scope, count: number, seconds: number): DebitTally {
  const tally: DebitTally = { attempted: 0, ok: 0, refused: 0, busy: 0, seconds: 0, chunkRates: [] };
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let chunkStart = start;
  while (tally.attempted < count && performance.now() < deadline) {
    tally.attempted++;
    try {
      const result = store.ledger.debit(scope, { action: "crm_change", amount: 1 });
      if (result.ok) tally.ok++;
      else tally.refused++;
    } catch (error) {
      // A debit that times out waiting for the write lock wrote nothing; count it and go on.
      if (!isBusy(error)) throw error;
      tally.busy++;
    }
    if (tally.attempted % CHUNK === 0) {
      const now = performance.now();
      tally.chunkRates.push(CHUNK / ((now - chunkStart) / 1000));
      chunkStart = now;
    }
  }
  tally.seconds = (performance.now() - start) / 1000;
  return tally;
}

export interface Exactness {
  ok: boolean;
  rows: number;
  debitRows: number;
  expectedDebits: number;
  sumOfAmounts: number;
  lastBalance: number;
  negativeBalances: number;
  /** Rows whose balance_after is not the previous row's balance_after plus their amount. */
  chainBreaks: number;
}

/** Checks the tenant's ledger after the run: nothing lost, nothing doubled, never negative. */
export function checkLedger(store: Store, tenantId: number, expectedDebits: number): Exactness {
  const rows = store.ctx.sqlite
    .prepare(
      "select kind, amount, balance_after as balance from token_ledger where tenant_id = ? order by id",
    )
    .all(tenantId) as Array<{ kind: string; amount: number; balance: number }>;
  let sum = 0;
  let previous = 0;
  let chainBreaks = 0;
  for (const row of rows) {
    if (row.balance !== previous + row.amount) chainBreaks++;
    previous = row.balance;
    sum += row.amount;
  }
  const lastBalance = rows[rows.length - 1]?.balance ?? 0;
  const debitRows = rows.filter((r) => r.kind === "debit").length;
  const negativeBalances = rows.filter((r) => r.balance < 0).length;
  return {
    ok: sum === lastBalance && negativeBalances === 0 && chainBreaks === 0 && debitRows === expectedDebits,
    rows: rows.length,
    debitRows,
    expectedDebits,
    sumOfAmounts: sum,
    lastBalance,
    negativeBalances,
    chainBreaks,
  };
}
