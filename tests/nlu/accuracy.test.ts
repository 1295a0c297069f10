// The offline brain's classifier measured on nlu/held-out/, which training never sees: accuracy per
// intent and the confusions are printed; the run fails under the floor.
import { describe, expect, it } from "vitest";
import { examplesOf, loadSplit } from "../../src/agent/nlu/corpus.js";
import { evaluate, evaluationText } from "../../src/agent/nlu/evaluate.js";
import { corpusHash, offlineClassifier, savedModelHash } from "../../src/agent/nlu/model.js";

const FLOOR = 0.95;

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
    const ev = await evaluate(await offlineClassifier(), examplesOf(loadSplit("held-out")));
    console.log(evaluationText(ev));
    expect(ev.accuracy).toBeGreaterThanOrEqual(FLOOR);
  });
});
