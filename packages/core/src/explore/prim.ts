/*
 * PRIM, the Patient Rule Induction Method (Friedman and Fisher 1999), as
 * scenario discovery uses it (Bryant and Lempert 2010): find a box of input
 * values where the cases of interest are dense.
 *
 * - Peeling: from the box of all inputs, repeatedly remove the `peel` share
 *   of the box's points at one end of one input, choosing the cut that leaves
 *   the highest density of cases; stop when the box holds less than `minMass`
 *   of the points. Each box on the way is a point of the trade-off curve
 *   (coverage: cases in the box over all cases; density: cases over points
 *   in the box).
 * - The chosen box: the highest harmonic mean of coverage and density on
 *   the curve (earliest on ties), the box nearest the ideal of covering every
 *   case with nothing else.
 * - Pasting: widen the chosen box by the `paste` share of points at one end
 *   of one restricted input while that raises the density.
 * - Pruning: a restriction whose one-sided hypergeometric p-value (the cases
 *   the box keeps out of the box without that restriction, by chance) is
 *   0.05 or more is dropped, the least significant first.
 *
 * Inputs are columns of `x` ([input][point]); `y` is 1 for a case, else 0.
 * Everything is deterministic: ties go to the lower input, the low end first.
 */

export interface PrimOptions {
  readonly peel: number;
  readonly paste: number;
  readonly minMass: number;
  /** Restrictions with a p-value at or over this are dropped. */
  readonly alpha: number;
}

export const PRIM_DEFAULTS: PrimOptions = { peel: 0.05, paste: 0.01, minMass: 0.05, alpha: 0.05 };

export interface BoxStats {
  readonly coverage: number;
  readonly density: number;
  readonly mass: number;
}

export interface Box extends BoxStats {
  /** Lower and upper bounds per input (exclusive cuts: a point is in when lo < x < hi); ±Infinity unrestricted. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

export interface PrimResult {
  readonly trajectory: Box[];
  /** Index in the trajectory of the box chosen before pasting and pruning. */
  readonly chosen: number;
  readonly box: Box;
  /** Per input: the p-value of its restriction in the final box, NaN where unrestricted. */
  readonly pValues: Float64Array;
}

export interface PrimData {
  readonly x: Float64Array;
  readonly y: Uint8Array;
  readonly n: number;
  readonly d: number;
  /** Point indices sorted by each input ([input][rank]). */
  readonly order: Uint32Array;
}

/** Data with each input's sort order (ties by point index: deterministic). */
export function primData(x: Float64Array, y: Uint8Array, n: number, d: number): PrimData {
  const order = new Uint32Array(n * d);
  const idx = new Uint32Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) idx[i] = i;
    const col = x.subarray(j * n, (j + 1) * n);
    idx.sort((a, b) => col[a]! - col[b]! || a - b);
    order.set(idx, j * n);
  }
  return { x, y, n, d, order };
}

const inside = (data: PrimData, lo: Float64Array, hi: Float64Array, i: number): boolean => {
  const { x, n, d } = data;
  for (let j = 0; j < d; j++) {
    const v = x[j * n + i]!;
    if (!(v > lo[j]! && v < hi[j]!)) return false;
  }
  return true;
};

function stats(
  data: PrimData,
  lo: Float64Array,
  hi: Float64Array,
  cases: number,
): BoxStats & { points: number; hits: number } {
  let points = 0;
  let hits = 0;
  for (let i = 0; i < data.n; i++)
    if (inside(data, lo, hi, i)) {
      points++;
      hits += data.y[i]!;
    }
  return {
    points,
    hits,
    coverage: cases === 0 ? 0 : hits / cases,
    density: points === 0 ? 0 : hits / points,
    mass: points / data.n,
  };
}

/** Run PRIM on `data`. */
export function prim(data: PrimData, options: PrimOptions = PRIM_DEFAULTS): PrimResult {
  const { n, d, x, y, order } = data;
  let cases = 0;
  for (let i = 0; i < n; i++) cases += y[i]!;
  const lo = new Float64Array(d).fill(-Infinity);
  const hi = new Float64Array(d).fill(Infinity);
  const inBox = new Uint8Array(n).fill(1);
  let points = n;
  let hits = cases;
  const trajectory: Box[] = [];
  const record = () =>
    trajectory.push({
      lo: Float64Array.from(lo),
      hi: Float64Array.from(hi),
      coverage: cases === 0 ? 0 : hits / cases,
      density: points === 0 ? 0 : hits / points,
      mass: points / n,
    });
  record();
  const minPoints = Math.max(1, Math.ceil(options.minMass * n));
  while (points > minPoints) {
    const k = Math.max(1, Math.floor(options.peel * points));
    let best:
      | { j: number; low: boolean; cut: number; removed: number; removedHits: number; density: number }
      | undefined;
    for (let j = 0; j < d; j++) {
      const col = x.subarray(j * n, (j + 1) * n);
      const ord = order.subarray(j * n, (j + 1) * n);
      for (const low of [true, false]) {
        // The k-th point of the box from this end; the cut removes every box point up to its value.
        let seen = 0;
        let cut = NaN;
        for (let r = 0; r < n; r++) {
          const i = ord[low ? r : n - 1 - r]!;
          if (!inBox[i]) continue;
          if (++seen === k) {
            cut = col[i]!;
            break;
          }
        }
        if (Number.isNaN(cut)) continue;
        let removed = 0;
        let removedHits = 0;
        for (let r = 0; r < n; r++) {
          const i = ord[low ? r : n - 1 - r]!;
          const v = col[i]!;
          if (low ? v > cut : v < cut) break;
          if (!inBox[i]) continue;
          removed++;
          removedHits += y[i]!;
        }
        if (removed >= points) continue;
        const density = (hits - removedHits) / (points - removed);
        if (!best || density > best.density || (density === best.density && removed < best.removed))
          best = { j, low, cut, removed, removedHits, density };
      }
    }
    if (!best || points - best.removed < minPoints) break;
    const { j, low, cut } = best;
    const col = x.subarray(j * n, (j + 1) * n);
    for (let i = 0; i < n; i++) if (inBox[i] && (low ? col[i]! <= cut : col[i]! >= cut)) inBox[i] = 0;
    if (low) lo[j] = cut;
    else hi[j] = cut;
    points -= best.removed;
    hits -= best.removedHits;
    record();
  }
  let chosen = 0;
  let bestScore = -1;
  trajectory.forEach((b, i) => {
    const score = b.coverage + b.density > 0 ? (2 * b.coverage * b.density) / (b.coverage + b.density) : 0;
    if (score > bestScore) {
      bestScore = score;
      chosen = i;
    }
  });
  const c = trajectory[chosen]!;
  const blo = Float64Array.from(c.lo);
  const bhi = Float64Array.from(c.hi);
  paste(data, blo, bhi, cases, options);
  const pValues = prune(data, blo, bhi, options.alpha);
  const s = stats(data, blo, bhi, cases);
  return {
    trajectory,
    chosen,
    box: { lo: blo, hi: bhi, coverage: s.coverage, density: s.density, mass: s.mass },
    pValues,
  };
}

/** Widen restricted bounds while the density rises (the best widening each time). */
function paste(data: PrimData, lo: Float64Array, hi: Float64Array, cases: number, options: PrimOptions): void {
  const { n, d, x, order } = data;
  for (let round = 0; round < 1000; round++) {
    const now = stats(data, lo, hi, cases);
    const k = Math.max(1, Math.floor(options.paste * now.points));
    let best: { j: number; low: boolean; bound: number; density: number } | undefined;
    for (let j = 0; j < d; j++) {
      const col = x.subarray(j * n, (j + 1) * n);
      const ord = order.subarray(j * n, (j + 1) * n);
      for (const low of [true, false]) {
        const bound = low ? lo[j]! : hi[j]!;
        if (!Number.isFinite(bound)) continue;
        // Points outside only by this bound, nearest it first: the next k of them join.
        const saved = bound;
        if (low) lo[j] = -Infinity;
        else hi[j] = Infinity;
        let seen = 0;
        let next = low ? -Infinity : Infinity;
        for (let r = 0; r < n; r++) {
          const i = ord[low ? n - 1 - r : r]!;
          const v = col[i]!;
          if (low ? v > saved : v < saved) continue;
          if (!inside(data, lo, hi, i)) continue;
          if (++seen === k) {
            next = v;
            break;
          }
        }
        // The new cut lies just beyond the k-th point: the next lower value, or unrestricted.
        let widened = -Infinity;
        if (low && Number.isFinite(next)) {
          widened = -Infinity;
          for (let r = n - 1; r >= 0; r--) {
            const v = col[ord[r]!]!;
            if (v < next) {
              widened = v;
              break;
            }
          }
        } else if (!low && Number.isFinite(next)) {
          widened = Infinity;
          for (let r = 0; r < n; r++) {
            const v = col[ord[r]!]!;
            if (v > next) {
              widened = v;
              break;
            }
          }
        } else widened = low ? -Infinity : Infinity;
        if (low) lo[j] = widened;
        else hi[j] = widened;
        const s = stats(data, lo, hi, cases);
        if (low) lo[j] = saved;
        else hi[j] = saved;
        if (s.density > now.density && (!best || s.density > best.density))
          best = { j, low, bound: widened, density: s.density };
      }
    }
    if (!best) return;
    if (best.low) lo[best.j] = best.bound;
    else hi[best.j] = best.bound;
  }
}

/** Drop restrictions whose p-value is `alpha` or more, the largest first; the p-values of those kept. */
function prune(data: PrimData, lo: Float64Array, hi: Float64Array, alpha: number): Float64Array {
  const { d } = data;
  for (;;) {
    const p = pValues(data, lo, hi);
    let worst = -1;
    for (let j = 0; j < d; j++)
      if (!Number.isNaN(p[j]!) && p[j]! >= alpha && (worst < 0 || p[j]! > p[worst]!)) worst = j;
    if (worst < 0) return p;
    lo[worst] = -Infinity;
    hi[worst] = Infinity;
  }
}

/** Per restricted input, the one-sided hypergeometric p-value of its restriction; NaN where unrestricted. */
export function pValues(data: PrimData, lo: Float64Array, hi: Float64Array): Float64Array {
  const { d } = data;
  const out = new Float64Array(d).fill(NaN);
  const box = stats(data, lo, hi, 1);
  for (let j = 0; j < d; j++) {
    if (lo[j] === -Infinity && hi[j] === Infinity) continue;
    const [sl, sh] = [lo[j]!, hi[j]!];
    lo[j] = -Infinity;
    hi[j] = Infinity;
    const wider = stats(data, lo, hi, 1);
    lo[j] = sl;
    hi[j] = sh;
    out[j] = hypergeometricUpper(wider.points, wider.hits, box.points, box.hits);
  }
  return out;
}

/** P(X >= k) for X ~ Hypergeometric(population N, successes K, draws n). */
export function hypergeometricUpper(N: number, K: number, n: number, k: number): number {
  const lo = Math.max(k, 0, n - (N - K));
  const hi = Math.min(n, K);
  if (lo > hi) return 0;
  const logC = (a: number, b: number) => logFactorial(a) - logFactorial(b) - logFactorial(a - b);
  const base = logC(N, n);
  let sum = 0;
  for (let i = lo; i <= hi; i++) sum += Math.exp(logC(K, i) + logC(N - K, n - i) - base);
  return Math.min(1, sum);
}

const LOG_FACTORIALS: number[] = [0];
function logFactorial(m: number): number {
  for (let i = LOG_FACTORIALS.length; i <= m; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1]! + Math.log(i));
  return LOG_FACTORIALS[m]!;
}
