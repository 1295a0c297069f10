// One of the concurrent debiting processes of the ledger bench:
//   node --import tsx bench/ledger-worker.ts DBPATH TENANT_ID N [SECONDS]
// It opens its own store on the shared file and debits 1 token N times (or for SECONDS at most).
// Started by bench/run.ts it waits for "go" over IPC, so process start-up is not timed, and reports
// its tally over IPC; started by hand it runs at once and prints the tally as JSON.
import { openStore } from "../src/store/index.js";
import { type DebitTally, debitLoop } from "./lib/debits.js";

export type WorkerMessage = { type: "ready" } | { type: "done"; tally: DebitTally };

function args() {
  const [path, tenant, count, seconds = "3600"] = process.argv.slice(2);
  const tenantId = Number(tenant);
  const n = Number(count);
  if (!path || !Number.isInteger(tenantId) || !Number.isInteger(n) || !(Number(seconds) > 0)) {
    console.error("usage: ledger-worker.ts DBPATH TENANT_ID N [SECONDS]");
    process.exit(2);
  }
  return { path, tenantId, n, seconds: Number(seconds) };
}

function main() {
  const { path, tenantId, n, seconds } = args();
  const store = openStore({ path });
  const run = () => {
    const tally = debitLoop(store, { tenantId, actor: `worker-${process.pid}` }, n, seconds);
    store.close();
    return tally;
  };
  const send = process.send?.bind(process);
  if (!send) {
    console.log(JSON.stringify(run()));
    return;
  }
  process.once("message", () => {
    send({ type: "done", tally: run() } satisfies WorkerMessage, undefined, {}, () => process.disconnect());
  });
  send({ type: "ready" } satisfies WorkerMessage);
}

main();
