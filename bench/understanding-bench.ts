// Measurement 7: the offline brain. Loading its saved model (what start-up does) and training it
// from the corpus; understanding one message — intent, entities and the lead it names, read through
// the search index — in a tenant of 100,000 leads, for the held-out phrasings with the names of real
// leads of that tenant; and the held-out accuracy per intent with its confusions.
import { trainClassifier } from "../src/agent/nlu/classifier.js";
import { examplesOf, loadSplit } from "../src/agent/nlu/corpus.js";
import { type Evaluation, evaluate } from "../src/agent/nlu/evaluate.js";
import { loadOfflineClassifier } from "../src/agent/nlu/model.js";
import { understand } from "../src/agent/nlu/understand.js";
import { openStore } from "../src/store/index.js";
import { makeLead, pools, Rng } from "./lib/fixtures.js";
import { loadLeads } from "./lib/load-leads.js";
import { type Latency, latency } from "./lib/stats.js";
import { withTempDb } from "./lib/tmpdb.js";

const LEAD_COUNT = 100_000;
const ROUNDS = 5;
const WARMUP = 200;
// The names the held-out phrasings use, replaced by names of the tenant's own leads.
const NAMES =
  /\b(?:dupont|karim|léa martin|lea martin|léa|lea|aurélie caron|caron|sophie martin|bernard)\b/gi;

export interface UnderstandingResults {
  loadMs: number;
  trainMs: number;
  leads: number;
  understand: Latency;
  evaluation: Evaluation;
}

export async function understandingBench(log: (line: string) => void): Promise<UnderstandingResults> {
  let start = performance.now();
  const classifier = await loadOfflineClassifier();
  const loadMs = performance.now() - start;
  start = performance.now();
  await trainClassifier(examplesOf(loadSplit("corpus")));
  const trainMs = performance.now() - start;
  log(`understanding: model loaded in ${loadMs.toFixed(0)} ms, trained in ${trainMs.toFixed(0)} ms`);
  const held = examplesOf(loadSplit("held-out"));
  const evaluation = await evaluate(classifier, held);

  return withTempDb("understand", async (path) => {
    const store = openStore({ path });
    try {
      const tenant = store.tenants.create({ slug: "bench-nlu", name: "Bench", plan: "pro", vertical: "b2b" });
      const rng = new Rng(20_261_206);
      const p = pools();
      const now = Date.now();
      const leads = Array.from({ length: LEAD_COUNT }, () => makeLead(rng, p, now));
      loadLeads(store, tenant.id, leads);
      // As after a bulk import (src/store/maintenance.ts), and as the search bench does.
      store.ctx.sqlite.exec("ANALYZE");
      store.maintenance.optimize();
      log(`understanding: ${LEAD_COUNT} leads loaded`);
      const name = () => {
        const l = rng.pick(leads);
        return rng.chance(0.5) ? `${l.firstName} ${l.lastName}` : l.lastName;
      };
      const texts = Array.from({ length: ROUNDS }, () => held.map((e) => e.text.replace(NAMES, name))).flat();
      const ctx = { classifier, store, tenant, now: new Date(now) };
      for (const text of texts.slice(0, WARMUP)) await understand(ctx, text);
      const samples: number[] = [];
      for (const text of texts) {
        const t = performance.now();
        await understand(ctx, text);
        samples.push(performance.now() - t);
      }
      return { loadMs, trainMs, leads: LEAD_COUNT, understand: latency(samples), evaluation };
    } finally {
      store.close();
    }
  });
}
