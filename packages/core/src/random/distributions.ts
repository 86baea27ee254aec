/*
 * The parameter distributions of the scenario format: samplers for the hot
 * loop and their exact quantiles, CDFs and moments for checks and reports.
 *
 * Every kind but PERT and Bernoulli is sampled by inverse CDF from one uniform,
 * so sampler(rng) === quantile(d, u) for the stream's next u: one draw per
 * sample keeps a parameter's stream aligned across steps, and a monotone map
 * from u keeps paired runs paired when a parameter's spread changes.
 */
import { betaCdf, gammaVariate } from './beta.js';
import { discreteCdf, discreteMoments, discreteTable } from './discrete.js';
import { clamp, inverseCdf, pertShape, standardBounds } from './inverse.js';
import type { RandomStream } from './stream.js';
import { truncatedMoments } from './truncated-moments.js';
import { logNormalMass, truncatedCdf } from './truncated.js';

export { normalCdf, normalQuantile } from './normal.js';

export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  /** Untruncated: min -Infinity, max Infinity. */
  | { kind: 'normal'; mean: number; sd: number; min: number; max: number }
  /** mu, sigma of the log; min, max bound the value (untruncated: 0, Infinity). */
  | { kind: 'lognormal'; mu: number; sigma: number; min: number; max: number }
  | { kind: 'triangular'; min: number; mode: number; max: number }
  /** beta-PERT with lambda 4. */
  | { kind: 'pert'; min: number; mode: number; max: number }
  | { kind: 'bernoulli'; p: number }
  | { kind: 'discrete'; values: readonly number[]; weights: readonly number[] };

export type Sampler = (rng: RandomStream) => number;

/** Φ⁻¹(0.95). */
const Z95 = 1.6448536269514722;

/** A sampler per parameter, built once: nothing is allocated per sample. */
export function makeSampler(d: Distribution): Sampler {
  switch (d.kind) {
    case 'pert': {
      const { min, max } = d;
      if (!(max > min)) return () => min;
      const [a, b] = pertShape(d);
      const da = a - 1 / 3;
      const ca = 1 / Math.sqrt(9 * da);
      const db = b - 1 / 3;
      const cb = 1 / Math.sqrt(9 * db);
      const w = max - min;
      return (rng) => {
        const ga = gammaVariate(rng, da, ca);
        const gb = gammaVariate(rng, db, cb);
        return clamp(min + (w * ga) / (ga + gb), min, max);
      };
    }
    case 'bernoulli': {
      const p = d.p;
      return (rng) => (rng.next() < p ? 1 : 0);
    }
    case 'constant': {
      const v = d.value;
      return () => v; // draws nothing: a constant needs no stream position
    }
    default: {
      const q = inverseCdf(d);
      return (rng) => q(rng.next());
    }
  }
}

/**
 * The inverse CDF of the (truncated) distribution at p in [0, 1]; NaN outside.
 * For discrete kinds, the smallest value whose cumulative probability >= p.
 */
export function quantile(d: Distribution, p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  return inverseCdf(d)(p);
}

/** P(X <= x). */
export function cdf(d: Distribution, x: number): number {
  if (Number.isNaN(x)) return NaN;
  switch (d.kind) {
    case 'constant':
      return x >= d.value ? 1 : 0;
    case 'uniform':
      return x < d.min ? 0 : x >= d.max ? 1 : (x - d.min) / (d.max - d.min);
    case 'normal':
    case 'lognormal': {
      const b = standardBounds(d);
      if (typeof b === 'number') return x >= b ? 1 : 0;
      if (d.kind === 'normal') return truncatedCdf(b[0], b[1], (x - d.mean) / d.sd);
      return x <= 0 ? 0 : truncatedCdf(b[0], b[1], (Math.log(x) - d.mu) / d.sigma);
    }
    case 'triangular': {
      const { min, max } = d;
      const mode = clamp(d.mode, min, max);
      if (x < min) return 0;
      if (x >= max) return 1;
      if (x <= mode) return mode > min ? (x - min) ** 2 / ((max - min) * (mode - min)) : 0;
      return 1 - (max - x) ** 2 / ((max - min) * (max - mode));
    }
    case 'pert': {
      if (!(d.max > d.min)) return x >= d.min ? 1 : 0;
      const [a, b] = pertShape(d);
      return betaCdf((x - d.min) / (d.max - d.min), a, b);
    }
    case 'bernoulli':
      return x < 0 ? 0 : x < 1 ? 1 - d.p : 1;
    case 'discrete':
      return discreteCdf(discreteTable(d.values, d.weights), x);
  }
}

/** Mean and standard deviation, analytic (truncation included). */
export function moments(d: Distribution): { mean: number; sd: number } {
  switch (d.kind) {
    case 'constant':
      return { mean: d.value, sd: 0 };
    case 'uniform':
      return { mean: (d.min + d.max) / 2, sd: (d.max - d.min) / Math.sqrt(12) };
    case 'normal':
    case 'lognormal': {
      const b = standardBounds(d);
      if (typeof b === 'number') return { mean: b, sd: 0 };
      const [alpha, beta] = b;
      if (d.kind === 'normal') {
        const m = truncatedMoments(alpha, beta);
        // Clamped: far out, mean + sd·z can round past a bound it lies within.
        return { mean: clamp(d.mean + d.sd * m.mean, d.min, d.max), sd: d.sd * Math.sqrt(m.variance) };
      }
      // E[X^k] = exp(kμ + k²σ²/2)·P(α - kσ <= Z <= β - kσ)/P(α <= Z <= β), in logs.
      const s = d.sigma;
      const l0 = logNormalMass(alpha, beta);
      const l1 = logNormalMass(alpha - s, beta - s);
      const l2 = logNormalMass(alpha - 2 * s, beta - 2 * s);
      const mean = clamp(Math.exp(d.mu + (s * s) / 2 + l1 - l0), d.min, d.max);
      return { mean, sd: mean * Math.sqrt(Math.max(0, Math.expm1(s * s + l2 - 2 * l1 + l0))) };
    }
    case 'triangular': {
      const { min: a, max: b } = d;
      const c = clamp(d.mode, a, b);
      return { mean: (a + b + c) / 3, sd: Math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18) };
    }
    case 'pert': {
      const mean = (d.min + 4 * clamp(d.mode, d.min, d.max) + d.max) / 6;
      return { mean, sd: Math.sqrt(Math.max(0, (mean - d.min) * (d.max - mean)) / 7) };
    }
    case 'bernoulli':
      return { mean: d.p, sd: Math.sqrt(d.p * (1 - d.p)) };
    case 'discrete':
      return discreteMoments(discreteTable(d.values, d.weights));
  }
}

/** The normal whose 5th and 95th percentiles are p5 and p95. */
export function normalFromPercentiles(p5: number, p95: number): { mean: number; sd: number } {
  return { mean: (p5 + p95) / 2, sd: (p95 - p5) / (2 * Z95) };
}

/** The log-normal whose 5th and 95th percentiles are p5 and p95 (0 < p5 < p95). */
export function lognormalFromPercentiles(p5: number, p95: number): { mu: number; sigma: number } {
  const l5 = Math.log(p5);
  const l95 = Math.log(p95);
  return { mu: (l5 + l95) / 2, sigma: (l95 - l5) / (2 * Z95) };
}
