// How well the classifier does on phrasings it was not trained on, as the brain would act on them:
// right when the intent is right and sure enough to run; for `none`, right when nothing would run.
import type { Classifier } from "./classifier.js";
import type { Example } from "./corpus.js";
import { CONFIDENCE_THRESHOLD } from "./understand.js";

export interface Evaluation {
  accuracy: number;
  right: number;
  total: number;
  perIntent: Array<{ intent: string; right: number; total: number }>;
  /** Each miss: what was expected, what the brain would have done, and the phrasing. */
  misses: Array<{ expected: string; got: string; score: number; text: string }>;
}

export async function evaluate(classifier: Classifier, examples: readonly Example[]): Promise<Evaluation> {
  const perIntent = new Map<string, { right: number; total: number }>();
  const misses: Evaluation["misses"] = [];
  for (const e of examples) {
    const c = await classifier.classify(e.text);
    const acts = c.score >= CONFIDENCE_THRESHOLD && c.intent !== "None" && c.intent !== "none";
    const right = e.intent === "none" ? !acts : acts && c.intent === e.intent;
    const row = perIntent.get(e.intent) ?? { right: 0, total: 0 };
    row.total += 1;
    if (right) row.right += 1;
    else
      misses.push({
        expected: e.intent,
        got: acts ? c.intent : `(question) ${c.intent}`,
        score: c.score,
        text: e.text,
      });
    perIntent.set(e.intent, row);
  }
  const right = examples.length - misses.length;
  return {
    accuracy: examples.length ? right / examples.length : 0,
    right,
    total: examples.length,
    perIntent: [...perIntent]
      .map(([intent, r]) => ({ intent, ...r }))
      .sort((a, b) => a.intent.localeCompare(b.intent)),
    misses,
  };
}

/** The evaluation as text: the total, a line per intent, then the confusions. */
export function evaluationText(ev: Evaluation): string {
  const pct = (n: number) => `${(100 * n).toFixed(1)} %`;
  return [
    `Held-out accuracy ${pct(ev.accuracy)} (${ev.right}/${ev.total})`,
    ...ev.perIntent.map((r) => `${r.intent.padEnd(24)} ${r.right}/${r.total}  ${pct(r.right / r.total)}`),
    "Confusions:",
    ...ev.misses.map((m) => `${m.expected} → ${m.got} (${m.score.toFixed(2)}) « ${m.text} »`),
  ].join("\n");
}
