/**
 * Helpers that generated expression code calls as `R.<name>(...)`. Every
 * helper takes and returns plain numbers so each call site stays monomorphic;
 * anything Math already does exactly (abs, sqrt, min, ...) is emitted as a
 * direct `Math.*` call instead of going through here.
 */

/** Largest number of scratch cells one expression can need: fewer chains than characters. */
const SCRATCH_CELLS = 10_000;

/**
 * Floored modulo, the sign of `b`: mathematically `a - b * floor(a / b)`.
 * Computed from the exact remainder `%` rather than that formula, because
 * `b * floor(a / b)` rounds: the formula gives mod(0.7, 0.1) = -1.1e-16 (the
 * wrong sign) and loses every digit of mod(1e17, 3). `mod(a, 0)` is NaN.
 * The one rounding left is `r + b` when `r` is tiny against `b`, which can
 * land exactly on `b` (mod(-1e-20, 1) = 1), as in every floored modulo.
 * An infinite `b` gives `a` or ±Infinity here where the formula gives NaN.
 */
function mod(a: number, b: number): number {
  const r = a % b;
  // An exact multiple gives +0 whatever the signs, as the formula does (x - x is +0).
  if (r === 0) return 0;
  return r < 0 !== b < 0 ? r + b : r;
}

/**
 * Round half away from zero (2.5 -> 3, -2.5 -> -3), the rule people expect
 * and mathjs uses; Math.round rounds halves up (-2.5 -> -2). The sign of a
 * negative number that rounds to zero is kept (-0.4 -> -0); -0 equals 0 in
 * every comparison.
 */
function round(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** `log(x, base)` as ln x / ln base, so log(8, 2) is whatever that division rounds to (3 here). */
function logb(x: number, base: number): number {
  return Math.log(x) / Math.log(base);
}

/**
 * `clamp(x, lo, hi)` = min(max(x, lo), hi): a NaN in any argument gives NaN
 * rather than being skipped, and when lo > hi the result is hi.
 */
function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/** `step(height, at)`: height once t >= at, else 0 (at t = at it has stepped). */
function step(height: number, at: number, t: number): number {
  return t >= at ? height : 0;
}

/**
 * `ramp(slope, from[, to])`: 0 before `from`, then slope * (min(t, to) - from),
 * so it rises by `slope` a year and is flat after `to` (never, without `to`:
 * the code generator passes Infinity). At t = from it is 0.
 */
function ramp(slope: number, from: number, to: number, t: number): number {
  return t < from ? 0 : slope * (Math.min(t, to) - from);
}

/**
 * `pulse_train(start, width, interval, end)`: 1 while start <= t < end and t
 * lies within `width` after the start of a period, `start + n * interval`;
 * else 0 (Vensim's PULSE TRAIN). Both edges of a pulse are taken with a
 * margin of a billionth of the interval, so on a grid like dt = 0.1, where
 * (0.7 - 0.3) / 0.3 is 1.3333333333333335, a pulse is neither lost nor
 * lengthened by rounding. An interval that is not positive gives one pulse.
 */
function pulseTrain(start: number, width: number, interval: number, end: number, t: number): number {
  if (!(t >= start && t < end)) return 0;
  if (!(interval > 0)) return t < start + width ? 1 : 0;
  const margin = 1e-9 * interval;
  const elapsed = t - start;
  const phase = elapsed - Math.floor(elapsed / interval + 1e-9) * interval;
  return phase + margin < width ? 1 : 0;
}

/**
 * Truncated remainder, the sign of `a` (Vensim's MODULO): JavaScript's `%`,
 * exact. rem(-7, 3) is -1 where mod(-7, 3) is 2. `rem(a, 0)` is NaN.
 */
function rem(a: number, b: number): number {
  return a % b;
}

/** `xidz(a, b, x)`: a / b, or x where b is exactly 0 (Vensim's XIDZ). */
function xidz(a: number, b: number, x: number): number {
  return b === 0 ? x : a / b;
}

/** `zidz(a, b)`: a / b, or 0 where b is exactly 0 (Vensim's ZIDZ). */
function zidz(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Steps of a fixed delay (`delay_fixed`): delay_time / dt rounded to a whole
 * number of steps, halves up (as Vensim rounds DELAY FIXED), at least 1 and
 * at most `capacity` (the pipeline's length: a longer delay only ever gives
 * the initial value). A ratio within a billionth of a half counts as the half
 * (1.25 / 0.5 is 2.5 exactly, 0.15 / 0.1 is 1.4999999999999998). A delay
 * that is NaN gives 0, which the generated code turns into NaN outputs.
 */
function fixedSteps(delay: number, dt: number, capacity: number): number {
  const ratio = delay / dt;
  if (ratio !== ratio) return 0;
  if (!(ratio < capacity)) return capacity;
  return Math.min(capacity, Math.max(1, Math.floor(ratio + 0.5 + 1e-9 * Math.max(1, ratio))));
}

/** `pulse(at, width)`: 1 while at <= t < at + width (half-open, so back-to-back pulses never overlap), else 0. */
function pulse(at: number, width: number, t: number): number {
  return at <= t && t < at + width ? 1 : 0;
}

/** `sigmoid(x)` = 1 / (1 + exp(-x)); saturates to 0 and 1 without overflow trouble. */
function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The object generated code receives as `R`. `tmp` holds the middle operands
 * of chained comparisons (`a < f(b) < c`) so each is evaluated once: writing
 * it twice would double the code at every nesting level. Expressions run one
 * after another, never interleaved, so every expression may reuse cells from 0.
 */
export const runtime = Object.freeze({
  mod,
  round,
  logb,
  clamp,
  step,
  ramp,
  pulse,
  pulseTrain,
  sigmoid,
  rem,
  xidz,
  zidz,
  fixedSteps,
  tmp: new Float64Array(SCRATCH_CELLS),
});

export type Runtime = typeof runtime;

/** Scratch cells available to one expression. */
export const RUNTIME_SCRATCH_CELLS = SCRATCH_CELLS;

/**
 * A finite number as JavaScript source that reads back as the same double:
 * String() round-trips every double exactly. Negative values (and -0, which
 * String() would print as "0") are parenthesized so `a - x` never becomes `a--1`.
 */
export function numberLiteral(x: number): string {
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new Error(`internal: not a finite number literal: ${String(x)}`);
  if (Object.is(x, -0)) return '(-0)';
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}

/** How a lookup reads between and beyond its points (the format's `interpolate` and `extrapolate`). */
export interface LookupRule {
  readonly interpolate?: 'linear' | 'step' | undefined;
  readonly extrapolate?: 'hold' | 'linear' | undefined;
}

/**
 * Interpolation through `points` (x strictly increasing, which the schema
 * checks): linear by default, or `step` (each point's y from its x until the
 * next point's). Outside the range it holds the first and last y, or with
 * `extrapolate: linear` continues the first and last segments (a single
 * point, or steps, always hold). At a point's own x it returns that point's
 * y exactly. A NaN argument gives NaN.
 */
export function makeLookup(
  points: readonly (readonly [number, number])[],
  rule: LookupRule = {},
): (x: number) => number {
  const n = points.length;
  if (n === 0) return () => NaN;
  const xs = Float64Array.from(points, (p) => p[0]);
  const ys = Float64Array.from(points, (p) => p[1]);
  const first = ys[0]!;
  const last = ys[n - 1]!;
  const x0 = xs[0]!;
  const xn = xs[n - 1]!;
  // Binary search for the segment xs[lo] <= x < xs[lo + 1], for x0 < x < xn.
  const segment = (x: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  if (rule.interpolate === 'step') {
    return (x: number): number => {
      if (x !== x) return NaN;
      if (x <= x0) return first;
      if (x >= xn) return last;
      return ys[segment(x)]!;
    };
  }
  const between = (x: number): number => {
    const lo = segment(x);
    const xa = xs[lo]!;
    const ya = ys[lo]!;
    return ya + ((ys[lo + 1]! - ya) * (x - xa)) / (xs[lo + 1]! - xa);
  };
  if (rule.extrapolate === 'linear' && n >= 2) {
    const lowSlope = (ys[1]! - first) / (xs[1]! - x0);
    const highSlope = (last - ys[n - 2]!) / (xn - xs[n - 2]!);
    return (x: number): number => {
      if (x !== x) return NaN;
      if (x <= x0) return x === x0 ? first : first + lowSlope * (x - x0);
      if (x >= xn) return x === xn ? last : last + highSlope * (x - xn);
      return between(x);
    };
  }
  return (x: number): number => {
    if (x !== x) return NaN;
    if (x <= x0) return first;
    if (x >= xn) return last;
    return between(x);
  };
}
