/*
 * Sobol indices from the outputs of the Saltelli design: f(A), f(B) and, per
 * factor i, f(AB_i) (A with factor i's column from B), N rows each.
 *
 *   first-order  V_i = mean_j f(B)_j (f(AB_i)_j - f(A)_j)        Saltelli et al. 2010, table 2 (b)
 *   total        E_i = mean_j (f(A)_j - f(AB_i)_j)^2 / 2         Jansen 1999, table 2 (f)
 *   S_i = V_i / Var,  ST_i = E_i / Var,  Var over the 2N rows of A and B
 *
 * Outputs are centred on their mean over A and B first: E[f(AB_i) - f(A)] is
 * 0, so the expectation is unchanged, and an output whose mean is large
 * against its spread no longer inflates the first-order estimator's variance.
 * Intervals are percentile bootstraps over rows (one row j resampled keeps
 * its f(A), f(B) and every f(AB_i) together), seeded, so they are
 * reproducible; a resample is kept as row multiplicities, so every estimate
 * is a weighted sum over rows in order.
 */
import { RandomStream, nameKey } from '../random/stream.js';
import { quantileSorted } from '../summarize/stats.js';

/** The outputs of one design at one reporting time: each array has N entries. */
export interface DesignOutputs {
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** One per factor. */
  readonly ab: readonly Float64Array[];
}

export interface PointEstimates {
  readonly mean: number;
  readonly variance: number;
  /** Per factor; NaN where the variance is 0. */
  readonly first: Float64Array;
  readonly total: Float64Array;
}

/**
 * A design with the output centred: what every estimate, resampled or not,
 * is a weighted sum of. Built once, so a bootstrap resample costs two
 * multiply-adds per row and factor, in order, with no gathering.
 */
interface Centred {
  readonly centre: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** f(AB_i) - f(A), per factor. */
  readonly diff: readonly Float64Array[];
}

function centred(y: DesignOutputs): Centred {
  const c = centreOf(y);
  const n = y.a.length;
  const a = Float64Array.from(y.a, (v) => v - c);
  const b = Float64Array.from(y.b, (v) => v - c);
  const diff = y.ab.map((ab) => {
    const d = new Float64Array(n);
    for (let j = 0; j < n; j++) d[j] = ab[j]! - y.a[j]!;
    return d;
  });
  return { centre: c, a, b, diff };
}

/**
 * Indices with row j counted `weights[j]` times (a bootstrap resample's
 * multiplicities, summing to N; all 1 for the estimates themselves, which
 * multiplying by 1 leaves exact).
 */
function weighted(
  y: Centred,
  weights: Float64Array,
  into: { first: Float64Array; total: Float64Array },
): PointEstimates {
  const { a, b, diff } = y;
  const n = a.length;
  let sum = 0;
  let sumSq = 0;
  for (let j = 0; j < n; j++) {
    const w = weights[j]!;
    const ya = a[j]!;
    const yb = b[j]!;
    sum += w * (ya + yb);
    sumSq += w * (ya * ya + yb * yb);
  }
  const m = sum / (2 * n);
  const variance = Math.max(0, sumSq / (2 * n) - m * m);
  for (let i = 0; i < diff.length; i++) {
    const d = diff[i]!;
    let v = 0;
    let e = 0;
    for (let j = 0; j < n; j++) {
      const wd = weights[j]! * d[j]!;
      v += wd * b[j]!;
      e += wd * d[j]!;
    }
    into.first[i] = variance > 0 ? v / n / variance : NaN;
    into.total[i] = variance > 0 ? e / (2 * n) / variance : NaN;
  }
  return { mean: m + y.centre, variance, first: into.first, total: into.total };
}

/** The variance counts as 0 below this share of the squared mean: what is left is rounding. */
const ROUNDING = 1e-24;

/** The mean over A and B: the centre the estimators subtract. */
export function centreOf(y: DesignOutputs): number {
  let s = 0;
  for (let j = 0; j < y.a.length; j++) s += y.a[j]! + y.b[j]!;
  return s / (2 * y.a.length);
}

export interface IntervalEstimates extends PointEstimates {
  readonly firstLow: Float64Array;
  readonly firstHigh: Float64Array;
  readonly totalLow: Float64Array;
  readonly totalHigh: Float64Array;
}

const BOOTSTRAP_KEY = nameKey('sobol bootstrap');

/**
 * Where bootstrap replicates go in one flat buffer (which any thread can
 * fill for its range of resamples): `[first | total][time][factor][resample]`.
 */
export function bootstrapLength(times: number, factors: number, resamples: number): number {
  return 2 * times * factors * resamples;
}

/**
 * The indices of resamples [from, to) at every time of `designs`, into
 * `boot` (laid out as `bootstrapLength` says, with `stride` resamples per
 * series from resample `offset` on: a piece holds only its own range).
 * Resample r draws its rows from a stream of its own, seeded by (seed, r):
 * a range gives the same replicates whichever thread computes it and
 * whatever the other ranges.
 */
export function bootstrapReplicates(
  designs: readonly DesignOutputs[],
  seed: number,
  from: number,
  to: number,
  boot: Float64Array,
  stride: number,
  offset: number,
): void {
  const n = designs[0]?.a.length ?? 0;
  const d = designs[0]?.ab.length ?? 0;
  const T = designs.length;
  const prepared = designs.map(centred);
  const weights = new Float64Array(n);
  const rng = new RandomStream();
  const scratch = { first: new Float64Array(d), total: new Float64Array(d) };
  for (let r = from; r < to; r++) {
    // N rows drawn with replacement, kept as how often each row was drawn.
    rng.reset(seed, r, BOOTSTRAP_KEY);
    weights.fill(0);
    for (let k = 0; k < n; k++) weights[Math.min(n - 1, Math.floor(rng.next() * n))]! += 1;
    prepared.forEach((y, t) => {
      weighted(y, weights, scratch);
      for (let i = 0; i < d; i++) {
        boot[(t * d + i) * stride + r - offset] = scratch.first[i]!;
        boot[((T + t) * d + i) * stride + r - offset] = scratch.total[i]!;
      }
    });
  }
}

/**
 * Point estimates and percentile bootstrap intervals of coverage
 * `confidence`, for several reporting times at once, from the replicates of
 * every resample (`bootstrapReplicates` over [0, resamples)): every time
 * uses the same resampled rows, so the intervals along time are consistent.
 */
export function intervalsOf(
  designs: readonly DesignOutputs[],
  boot: Float64Array,
  resamples: number,
  confidence = 0.95,
): IntervalEstimates[] {
  const d = designs[0]?.ab.length ?? 0;
  const T = designs.length;
  const ones = new Float64Array(designs[0]?.a.length ?? 0).fill(1);
  const points = designs.map((design) => {
    const p = weighted(centred(design), ones, { first: new Float64Array(d), total: new Float64Array(d) });
    const scale = p.mean * p.mean;
    // An output that is constant up to rounding has no variance to share out.
    return p.variance <= ROUNDING * scale ? { ...p, first: p.first.fill(NaN), total: p.total.fill(NaN) } : p;
  });
  const lo = (1 - confidence) / 2;
  const hi = 1 - lo;
  const bounds = (at: number, defined: boolean): [number, number] => {
    if (!defined) return [NaN, NaN];
    // A resample whose variance is 0 gives NaN, which sorts last: its interval is not defined either.
    const sorted = boot.slice(at, at + resamples).sort();
    if (Number.isNaN(sorted[sorted.length - 1]!)) return [NaN, NaN];
    return [quantileSorted(sorted, lo), quantileSorted(sorted, hi)];
  };
  return points.map((p, t) => {
    const out = {
      ...p,
      firstLow: new Float64Array(d),
      firstHigh: new Float64Array(d),
      totalLow: new Float64Array(d),
      totalHigh: new Float64Array(d),
    };
    for (let i = 0; i < d; i++) {
      [out.firstLow[i], out.firstHigh[i]] = bounds((t * d + i) * resamples, !Number.isNaN(p.first[i]!));
      [out.totalLow[i], out.totalHigh[i]] = bounds(((T + t) * d + i) * resamples, !Number.isNaN(p.total[i]!));
    }
    return out;
  });
}
