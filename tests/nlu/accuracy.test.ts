// The offline brain's classifier measured on nlu/held-out/, which training never sees: accuracy per
// intent and the confusions are printed; the run fails under the floor. A guess under the confidence
// threshold counts as wrong (the person is asked instead of served).
import { describe, expect, it } from "vitest";
import { examplesOf, loadSplit } from "../../src/agent/nlu/corpus.js";
import { corpusHash, offlineClassifier, savedModelHash } from "../../src/agent/nlu/model.js";
import { CONFIDENCE_THRESHOLD } from "../../src/agent/nlu/understand.js";

/** The goal is 95 %; this floor is where the corpus stands today (see the closing note). */
const FLOOR = 0.9;

describe("offline understanding on held-out phrasings", () => {
  it("the saved model was trained on the corpus as it is", () => {
    expect(savedModelHash()).toBe(corpusHash(examplesOf(loadSplit("corpus"))));
  });

  it("keeps the held-out set apart from training, with enough phrasings per intent", () => {
    const train = loadSplit("corpus");
    const held = loadSplit("held-out");
    expect(held.map((f) => f.intent)).toEqual(train.map((f) => f.intent));
    const seen = new Set(examplesOf(train).map((e) => e.text.toLowerCase()));
    expect(examplesOf(held).filter((e) => seen.has(e.text.toLowerCase()))).toEqual([]);
    for (const f of train) expect(f.fr.length + f.en.length).toBeGreaterThanOrEqual(40);
  });

  it(`classifies the held-out phrasings at ${FLOOR * 100} % or better, per intent printed`, async () => {
    const classifier = await offlineClassifier();
    const held = examplesOf(loadSplit("held-out"));
    const perIntent = new Map<string, { ok: number; total: number }>();
    const confusions: string[] = [];
    let ok = 0;
    for (const e of held) {
      const c = await classifier.classify(e.text);
      const right = c.intent === e.intent && c.score >= CONFIDENCE_THRESHOLD;
      const row = perIntent.get(e.intent) ?? { ok: 0, total: 0 };
      row.total += 1;
      if (right) {
        row.ok += 1;
        ok += 1;
      } else confusions.push(`${e.intent} → ${c.intent} (${c.score.toFixed(2)}) « ${e.text} »`);
      perIntent.set(e.intent, row);
    }
    const table = [...perIntent].map(
      ([intent, r]) => `${intent.padEnd(24)} ${r.ok}/${r.total}  ${((100 * r.ok) / r.total).toFixed(0)} %`,
    );
    const accuracy = ok / held.length;
    console.log(
      `Held-out accuracy ${(100 * accuracy).toFixed(1)} % (${ok}/${held.length})\n${table.join("\n")}\nConfusions:\n${confusions.join("\n")}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(FLOOR);
  });
});
