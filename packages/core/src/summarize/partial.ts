/**
 * Moments of a column over one block of trials, and their merge: how large
 * runs get mean, sd, min and max without holding every value. Blocks are
 * merged in block order (Chan et al.'s pairwise update), so the floating-point
 * result depends on the block size, never on which thread ran which block;
 * it differs from the exact one-pass moments by rounding only.
 *
 * A partial is PARTIAL numbers: count, mean, M2 (sum of squared deviations),
 * min, max, and the counts of values > 0 and < 0 (for P(alt > base) and
 * P(alt < base)).
 */
export const PARTIAL = 7;

/**
 * The partial of `len` values of `col` into `out` at `at`, in two passes (the
 * sum, then squared deviations from the mean): no division per value, and a
 * block is small enough to stay in cache for the second pass.
 */
export function partialMoments(col: Float64Array, len: number, out: Float64Array, at: number): void {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < len; i++) {
    const x = col[i]!;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (x > 0) positive++;
    else if (x < 0) negative++;
  }
  const mean = len > 0 ? sum / len : 0;
  let m2 = 0;
  for (let i = 0; i < len; i++) {
    const d = col[i]! - mean;
    m2 += d * d;
  }
  out[at] = len;
  out[at + 1] = mean;
  out[at + 2] = m2;
  out[at + 3] = min;
  out[at + 4] = max;
  out[at + 5] = positive;
  out[at + 6] = negative;
}

/** acc[at] := acc[at] merged with part[pat] (part's trials come after acc's). */
export function mergePartial(acc: Float64Array, at: number, part: Float64Array, pat: number): void {
  const na = acc[at]!;
  const nb = part[pat]!;
  if (nb === 0) return;
  if (na === 0) {
    for (let i = 0; i < PARTIAL; i++) acc[at + i] = part[pat + i]!;
    return;
  }
  const n = na + nb;
  const d = part[pat + 1]! - acc[at + 1]!;
  acc[at] = n;
  acc[at + 1] = acc[at + 1]! + (d * nb) / n;
  acc[at + 2] = acc[at + 2]! + part[pat + 2]! + (d * d * na * nb) / n;
  acc[at + 3] = Math.min(acc[at + 3]!, part[pat + 3]!);
  acc[at + 4] = Math.max(acc[at + 4]!, part[pat + 4]!);
  acc[at + 5] = acc[at + 5]! + part[pat + 5]!;
  acc[at + 6] = acc[at + 6]! + part[pat + 6]!;
}

/** Merge every column's partial of a block (columns laid out one after another) into the running one. */
export function mergePartials(acc: Float64Array, part: Float64Array, columns: number): void {
  for (let c = 0; c < columns; c++) mergePartial(acc, c * PARTIAL, part, c * PARTIAL);
}

/** Mean, sd (n - 1), min and max of a merged partial, with `moments`'s conventions for constant columns. */
export function finishPartial(
  acc: Float64Array,
  at: number,
): { n: number; mean: number; sd: number; min: number; max: number } {
  const n = acc[at]!;
  const min = n > 0 ? acc[at + 3]! : Infinity;
  const max = n > 0 ? acc[at + 4]! : -Infinity;
  const sd = n > 1 && min !== max ? Math.sqrt(acc[at + 2]! / (n - 1)) : 0;
  return { n, mean: min === max ? min : n > 0 ? acc[at + 1]! : 0, sd, min, max };
}
