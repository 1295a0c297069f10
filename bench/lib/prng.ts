// Weighted pools over the project's seeded PRNG, so every bench run builds the same data and asks
// the same queries: timings are then comparable from one run to the next.
import { Rng } from "../../src/seed/prng.js";

export { Rng };

/**
 * A pool whose items are drawn with fixed weights. Picking is a binary search over the cumulative
 * weights, so pools of thousands of items (the surname tail) stay cheap to draw from.
 */
export class WeightedPool<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error("bad weighted pool");
    let sum = 0;
    for (const w of weights) {
      sum += w;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  /** Share of draws that land on the item at `index`. */
  share(index: number): number {
    const before = index === 0 ? 0 : (this.cumulative[index - 1] ?? 0);
    return ((this.cumulative[index] ?? 0) - before) / this.total;
  }

  pick(rng: Rng): T {
    const target = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** Zipf-like weights 1 / (rank + offset)^s: a few very common items and a long rare tail. */
export function zipfWeights(count: number, s: number, offset = 0): number[] {
  return Array.from({ length: count }, (_, i) => 1 / (i + 1 + offset) ** s);
}
