/** Statistics the random-number tests share. */
import { RandomStream, nameKey } from '../../src/random/stream.js';

/**
 * Relative error with an absolute floor: near zero a relative comparison means
 * nothing, so below `floor` the plain difference counts instead.
 */
export function relErr(actual: number, expected: number, floor = 1e-300): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}

/** A stream seeded as the engine seeds a parameter's stream. */
export function stream(seed: number, trial: number, name: string): RandomStream {
  const s = new RandomStream();
  s.reset(seed, trial, nameKey(name));
  return s;
}

export function draws(s: RandomStream, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s.next();
  return out;
}

/** Pearson correlation. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Pearson's chi-square of equal-probability bin counts, as a z-score through
 * the Wilson–Hilferty cube-root transform (accurate to ~0.01 for df >= 50), so
 * one threshold serves every bin count. A two-sided bound: counts that are too
 * even betray a lattice as surely as counts that are too uneven.
 */
export function chiSquareZ(counts: ArrayLike<number>): number {
  const k = counts.length;
  let n = 0;
  for (let i = 0; i < k; i++) n += counts[i]!;
  const e = n / k;
  let stat = 0;
  for (let i = 0; i < k; i++) stat += (counts[i]! - e) ** 2 / e;
  const df = k - 1;
  const v = 2 / (9 * df);
  return (Math.cbrt(stat / df) - (1 - v)) / Math.sqrt(v);
}

/** Sample mean, sd and the standard error of the sd (from the sample's fourth central moment). */
export function sampleMoments(x: ArrayLike<number>): { mean: number; sd: number; seSd: number } {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (x[i]! - mean) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  const sd = Math.sqrt((m2 * n) / (n - 1));
  // Var(s²) ≈ (m4 - m2²)/n, and by the delta method SE(s) ≈ SE(s²)/(2s).
  const seSd = sd > 0 ? Math.sqrt(Math.max(0, m4 - m2 * m2) / n) / (2 * sd) : 0;
  return { mean, sd, seSd };
}

/** The empirical p-quantile (type 7, as R's default) of an ascending array. */
export function empiricalQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  const lo = sorted[i]!;
  const hi = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return lo + (h - i) * (hi - lo);
}
