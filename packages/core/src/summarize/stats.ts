/**
 * Statistics over one column of trial values. `sorted` must be sorted
 * ascending; quantiles are type 7 (linear between order statistics, the
 * default of R and NumPy).
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a === b ? a : a + (h - lo) * (b - a);
}

/** Mean, sample standard deviation (n - 1; 0 for one trial), min and max in one pass (Welford). */
export function moments(col: Float64Array): { mean: number; sd: number; min: number; max: number } {
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < col.length; i++) {
    const x = col[i]!;
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const n = col.length;
  // A column of identical values has sd exactly 0, not rounding noise.
  const sd = n > 1 && min !== max ? Math.sqrt(m2 / (n - 1)) : 0;
  return { mean: min === max ? min : mean, sd, min, max };
}
