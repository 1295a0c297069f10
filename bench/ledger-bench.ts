// Measurement 2: token debits through store.ledger.debit, from one process and from several processes
// sharing the SQLite file, followed by an exactness check of the ledger.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, type Store } from "../src/store/index.js";
import type { WorkerMessage } from "./ledger-worker.js";
import { checkLedger, type DebitTally, debitLoop, type Exactness } from "./lib/debits.js";
import { withTempDb } from "./lib/tmpdb.js";

const DEBITS = 20_000;
const WORKERS = 4;
// The debit loop stops after this many seconds even if DEBITS are not all done, to keep the whole run
// within a few minutes when debits are slow; the report says how many were made.
const TIME_CAP_SECONDS = 40;
const READY_TIMEOUT_MS = 60_000;

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const WORKER = join(BENCH_DIR, "ledger-worker.ts");

export interface LedgerCase {
  processes: number;
  tally: DebitTally;
  perSecond: number;
  wallSeconds: number;
  exactness: Exactness;
}

export interface LedgerResults {
  requested: number;
  timeCapSeconds: number;
  single: LedgerCase;
  multi: LedgerCase;
}

/** A tenant with 50,000 tokens of packs on top of its monthly allowance. */
function fundedTenant(store: Store, slug: string): number {
  const tenant = store.tenants.create({ slug, name: "Bench", plan: "pro", vertical: "b2b" });
  store.ledger.addPacks({ tenantId: tenant.id, actor: "bench" }, 100);
  return tenant.id;
}

function singleProcess(): Promise<LedgerCase> {
  return withTempDb("ledger-1", (path) => {
    const store = openStore({ path });
    try {
      const tenantId = fundedTenant(store, "bench-ledger-1");
      const tally = debitLoop(store, { tenantId, actor: "bench" }, DEBITS, TIME_CAP_SECONDS);
      return {
        processes: 1,
        tally,
        perSecond: tally.ok / tally.seconds,
        wallSeconds: tally.seconds,
        exactness: checkLedger(store, tenantId, tally.ok),
      };
    } finally {
      store.close();
    }
  });
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<DebitTally>;
}

function startWorker(path: string, tenantId: number, count: number): Worker {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", WORKER, path, String(tenantId), String(count), String(TIME_CAP_SECONDS)],
    { cwd: join(BENCH_DIR, ".."), stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const done = new Promise<DebitTally>((resolve, reject) => {
    let tally: DebitTally | undefined;
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "ready") onReady();
      else tally = m.tally;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 && tally ? resolve(tally) : reject(new Error(`ledger worker exited with code ${code}`)),
    );
  });
  // `done` is awaited later; this keeps a worker killed after another one failed from being reported
  // as an unhandled rejection on top of the real error.
  done.catch(() => undefined);
  return { child, ready, done };
}

/** Resolves once every worker is ready; rejects if one dies first or start-up takes too long. */
async function allReady(workers: readonly Worker[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("ledger workers did not start in time")), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all(workers.map((w) => w.ready)), ...workers.map((w) => w.done), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the workers, lets them all begin at once, and times from "go" to the last tally. */
async function runWorkers(path: string, tenantId: number) {
  const workers = Array.from({ length: WORKERS }, () => startWorker(path, tenantId, DEBITS / WORKERS));
  try {
    await allReady(workers);
    const start = performance.now();
    for (const w of workers) w.child.send("go");
    const tallies = await Promise.all(workers.map((w) => w.done));
    return { tallies, wallSeconds: (performance.now() - start) / 1000 };
  } catch (error) {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill();
    throw error;
  }
}

const sumTallies = (tallies: readonly DebitTally[]): DebitTally => ({
  attempted: tallies.reduce((n, t) => n + t.attempted, 0),
  ok: tallies.reduce((n, t) => n + t.ok, 0),
  refused: tallies.reduce((n, t) => n + t.refused, 0),
  busy: tallies.reduce((n, t) => n + t.busy, 0),
  seconds: Math.max(...tallies.map((t) => t.seconds)),
  chunkRates: [],
});

function multiProcess(): Promise<LedgerCase> {
  return withTempDb("ledger-n", async (path) => {
    const store = openStore({ path });
    try {
      const tenantId = fundedTenant(store, "bench-ledger-n");
      const { tallies, wallSeconds } = await runWorkers(path, tenantId);
      const tally = sumTallies(tallies);
      return {
        processes: WORKERS,
        tally,
        perSecond: tally.ok / wallSeconds,
        wallSeconds,
        exactness: checkLedger(store, tenantId, tally.ok),
      };
    } finally {
      store.close();
    }
  });
}

export async function ledgerBench(log: (line: string) => void): Promise<LedgerResults> {
  log(`ledger: ${DEBITS.toLocaleString("en-US")} debits, 1 process (cap ${TIME_CAP_SECONDS} s)`);
  const single = await singleProcess();
  log(`ledger: ${DEBITS.toLocaleString("en-US")} debits, ${WORKERS} processes (cap ${TIME_CAP_SECONDS} s)`);
  const multi = await multiProcess();
  return { requested: DEBITS, timeCapSeconds: TIME_CAP_SECONDS, single, multi };
}
