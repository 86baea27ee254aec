/*
 * A finite distribution as a table: distinct values in ascending order with
 * cumulative probabilities. Sorting makes the draw a monotone function of the
 * uniform (inverse CDF), so the order values are listed in does not matter and
 * a small change of weights moves few draws (common random numbers).
 */

export interface DiscreteTable {
  readonly values: Float64Array;
  /** cumulative[i] = P(X <= values[i]); the last entry is exactly 1. */
  readonly cumulative: Float64Array;
}

/** Values with weight 0 are left out: they are not in the support. */
export function discreteTable(values: readonly number[], weights: readonly number[]): DiscreteTable {
  const byValue = new Map<number, number>();
  values.forEach((v, i) => {
    const w = weights[i] ?? 0;
    if (w > 0) byValue.set(v, (byValue.get(v) ?? 0) + w);
  });
  const pairs = [...byValue].sort((x, y) => x[0] - y[0]);
  if (pairs.length === 0) throw new RangeError('a discrete distribution needs a value with positive weight');
  let total = 0;
  for (const [, w] of pairs) total += w;
  const cumulative = new Float64Array(pairs.length);
  let run = 0;
  pairs.forEach(([, w], i) => {
    run += w;
    cumulative[i] = run / total; // the final run equals total: the last entry is 1
  });
  return { values: Float64Array.from(pairs, (p) => p[0]), cumulative };
}

/** The smallest value whose cumulative probability is >= p (binary search). */
export function discreteQuantile(t: DiscreteTable, p: number): number {
  const { values, cumulative } = t;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! >= p) hi = mid;
    else lo = mid + 1;
  }
  return values[lo]!;
}

/** P(X <= x). */
export function discreteCdf(t: DiscreteTable, x: number): number {
  let c = 0;
  for (let i = 0; i < t.values.length && t.values[i]! <= x; i++) c = t.cumulative[i]!;
  return c;
}

export function discreteMoments(t: DiscreteTable): { mean: number; sd: number } {
  let mean = 0;
  let prev = 0;
  t.values.forEach((v, i) => {
    mean += v * (t.cumulative[i]! - prev);
    prev = t.cumulative[i]!;
  });
  let variance = 0;
  prev = 0;
  t.values.forEach((v, i) => {
    variance += (v - mean) * (v - mean) * (t.cumulative[i]! - prev);
    prev = t.cumulative[i]!;
  });
  return { mean, sd: Math.sqrt(variance) };
}
