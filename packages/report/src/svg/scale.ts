/** Axes: domains that always have a width, and ticks at round numbers. */

export interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
}

// Ticks are built as lo + i * step; 12 significant digits removes the float
// dust (0.30000000000000004) without touching any value a person would write.
const clean = (x: number): number => Number(x.toPrecision(12)) + 0;

/** The smallest of 1, 2, (2.5,) 5 x 10^k that is at least `rough`. */
function niceStep(rough: number, allowQuarter: boolean): number {
  const exponent = Math.floor(Math.log10(rough));
  const base = 10 ** exponent;
  const f = rough / base;
  const m = f <= 1 ? 1 : f <= 2 ? 2 : allowQuarter && f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return clean(m * base);
}

/**
 * Widen an empty or invisible extent so a scale can divide by its width:
 * a constant series still gets an axis around its value.
 */
function widen(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const mid = (lo + hi) / 2;
  if (hi - lo > Math.abs(mid) * 1e-9) return [lo, hi];
  if (mid === 0) return [0, 1];
  const pad = Math.abs(mid) * 0.1;
  return [mid - pad, mid + pad];
}

/**
 * The value axis: the data extent rounded out to ticks, about `count` of them.
 * Positive data that starts near zero is drawn from zero, because a growth
 * curve cut off just under its first value exaggerates the growth; data far
 * from zero (38B +- 8B) keeps its own range so its bands stay visible.
 * `towardZero: false` keeps the data's own range always (bars that start
 * at a base value, not at zero).
 */
export function valueAxis(dataLo: number, dataHi: number, count: number, towardZero = true): Axis {
  let [lo, hi] = widen(dataLo, dataHi);
  if (towardZero && lo > 0 && lo < (hi - lo) * 0.5) lo = 0;
  if (towardZero && hi < 0 && -hi < (hi - lo) * 0.5) hi = 0;
  const step = niceStep((hi - lo) / Math.max(1, count), true);
  // Extents near the float limits (+-1e308) overflow the step: two ticks suffice.
  if (!Number.isFinite(step) || !Number.isFinite(hi - lo)) return { lo, hi, ticks: [lo, hi] };
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => clean((first + i) * step));
  return { lo: clean(first * step), hi: clean(last * step), ticks };
}

/**
 * The time axis: the reporting period exactly (a fan chart starts where the
 * run starts), with ticks on whole years when the period is a year or more,
 * at most `maxCount` of them so labels never touch.
 */
export function timeAxis(times: readonly number[], maxCount: number): Axis {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    if (!Number.isFinite(t)) continue;
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  if (lo > hi) [lo, hi] = [0, 1];
  // One reporting time: centre it in a one-year window.
  if (hi - lo === 0) [lo, hi] = [lo - 0.5, hi + 0.5];
  const span = hi - lo;
  const rough = span / Math.max(1, maxCount);
  const step = span >= 1 ? Math.max(1, niceStep(rough, false)) : niceStep(rough, false);
  const ticks: number[] = [];
  if (!Number.isFinite(step)) return { lo, hi, ticks: [] };
  for (let i = Math.ceil(clean(lo / step)); clean(i * step) <= hi && ticks.length <= maxCount; i++) {
    ticks.push(clean(i * step));
  }
  return { lo, hi, ticks };
}

/** A linear map from `[d0, d1]` to `[r0, r1]`; callers guarantee d0 !== d1. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The smallest and largest of `values` ([Infinity, -Infinity] for none). A loop, not Math.min(...values): long runs would overflow the argument stack. */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
