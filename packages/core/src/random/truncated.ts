/*
 * The standard normal restricted to [alpha, beta], by inverse CDF: one uniform
 * per draw, no rejection loop, so a stream stays aligned and a draw costs the
 * same however little mass the interval holds.
 *
 * Which side the arithmetic works on decides the accuracy. An interval wholly
 * in the upper tail (alpha >= 0) is handled through ln Q, the log upper tail,
 * which stays finite and exact where Φ(alpha) and Φ(beta) are both 1.0 in
 * double precision (e.g. [8, 9]); one wholly in the lower tail is mirrored onto
 * it; one that straddles 0 uses Φ(x) - 1/2, exact for narrow intervals.
 */
import {
  centredQuantile,
  logUpperTail,
  millsRatio,
  normalCdf,
  normalCentred,
  normalQuantile,
  upperQuantile,
  upperQuantileFromLog,
} from './normal.js';

/** ln 1e-282: above it, Q(alpha)·(1 - p) >= 1e-300, inside the range AS241 was fitted on. */
const LOG_TINY = -650;

/**
 * Below this width (scaled by the distance from 0) the density varies by less
 * than 1e-9 across the interval, which is then sampled as flat: the tail forms
 * would divide by a mass that rounds to 0.
 */
const FLAT = 1e-9;

export type Shape =
  | { side: 'none' }
  | { side: 'flat' }
  | { side: 'upper' | 'lower'; lo: number; hi: number; lQlo: number; ratio: number; gap: number }
  | { side: 'straddle'; cLo: number; cHi: number };

/** lo, hi: the interval on the upper-tail side; ratio = Q(hi)/Q(lo) in [0, 1), gap = 1 - ratio. */
export function shape(alpha: number, beta: number): Shape {
  if (alpha === -Infinity && beta === Infinity) return { side: 'none' };
  if ((beta - alpha) * Math.max(1, Math.abs(alpha), Math.abs(beta)) < FLAT) return { side: 'flat' };
  if (alpha < 0 && beta > 0) return { side: 'straddle', cLo: normalCentred(alpha), cHi: normalCentred(beta) };
  const [lo, hi, side] = alpha >= 0 ? [alpha, beta, 'upper' as const] : [-beta, -alpha, 'lower' as const];
  const lQlo = logUpperTail(lo);
  // ln Q(hi) - ln Q(lo) = -∫ dx/Mills(x): for a narrow interval by Simpson's rule
  // (error ~ width⁵), as the difference of two nearly equal logs would keep
  // only ~1e-16/width of its digits.
  const w = hi - lo;
  const d =
    w < 1e-3
      ? (-w / 6) * (1 / millsRatio(lo) + 4 / millsRatio(lo + w / 2) + 1 / millsRatio(hi))
      : logUpperTail(hi) - lQlo;
  return { side, lo, hi, lQlo, ratio: Math.exp(d), gap: -Math.expm1(d) };
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/**
 * p -> z, the inverse CDF of the standard normal truncated to [alpha, beta]
 * (alpha < beta). Results always lie in [alpha, beta].
 */
export function truncatedQuantile(alpha: number, beta: number): (p: number) => number {
  const s = shape(alpha, beta);
  switch (s.side) {
    case 'none':
      return normalQuantile;
    case 'flat':
      return (p) => clamp(alpha + p * (beta - alpha), alpha, beta);
    case 'straddle': {
      const { cLo, cHi } = s;
      const w = cHi - cLo;
      return (p) => clamp(centredQuantile(cLo + p * w), alpha, beta);
    }
    case 'upper': {
      // Q(z) = Q(alpha)·((1 - p) + p·ratio): both terms >= 0, so nothing cancels.
      // In probabilities while Q(alpha) is a normal double (saves a log and an
      // exp per draw), in logs beyond.
      const { lQlo, ratio } = s;
      if (lQlo > LOG_TINY) {
        const qLo = Math.exp(lQlo);
        return (p) => clamp(upperQuantile(qLo * (1 - p + p * ratio)), alpha, beta);
      }
      return (p) => clamp(upperQuantileFromLog(lQlo + Math.log(1 - p + p * ratio)), alpha, beta);
    }
    case 'lower': {
      // Mirrored: z = -z' where Q(z') = Q(-beta)·(p + (1 - p)·ratio); p enters
      // unrounded, so the lower end (p near 0) keeps its precision.
      const { lQlo, ratio } = s;
      if (lQlo > LOG_TINY) {
        const qLo = Math.exp(lQlo);
        return (p) => clamp(-upperQuantile(qLo * (p + (1 - p) * ratio)), alpha, beta);
      }
      return (p) => clamp(-upperQuantileFromLog(lQlo + Math.log(p + (1 - p) * ratio)), alpha, beta);
    }
  }
}

/** P(Z <= z) for Z standard normal truncated to [alpha, beta]. */
export function truncatedCdf(alpha: number, beta: number, z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z < alpha) return 0;
  if (z >= beta) return 1;
  const s = shape(alpha, beta);
  switch (s.side) {
    case 'none':
      return normalCdf(z);
    case 'flat':
      return clamp((z - alpha) / (beta - alpha), 0, 1);
    case 'straddle':
      return clamp((normalCentred(z) - s.cLo) / (s.cHi - s.cLo), 0, 1);
    case 'upper': {
      // (Q(lo) - Q(z)) / (Q(lo) - Q(hi)), each difference formed as Q·(-expm1(..)).
      const num = -Math.expm1(logUpperTail(z) - s.lQlo);
      return clamp(num / s.gap, 0, 1);
    }
    case 'lower': {
      // (Q(-z) - Q(hi)) / (Q(lo) - Q(hi)) on the mirrored side.
      const lQz = logUpperTail(-z);
      const num = Math.exp(lQz - s.lQlo) * -Math.expm1(logUpperTail(s.hi) - lQz);
      return clamp(num / s.gap, 0, 1);
    }
  }
}

/** ln P(alpha <= Z <= beta) for Z standard normal, finite for intervals far in a tail. */
export function logNormalMass(alpha: number, beta: number): number {
  if (!(alpha < beta)) return -Infinity;
  const s = shape(alpha, beta);
  if (s.side === 'none') return 0;
  if (s.side === 'flat') {
    const mid = alpha + (beta - alpha) / 2;
    return Math.log(beta - alpha) - 0.5 * mid * mid - 0.91893853320467274178; // ln(width·φ(mid))
  }
  if (s.side === 'straddle') return Math.log(s.cHi - s.cLo);
  return s.lQlo + Math.log(s.gap);
}
