/*
 * Beta and gamma pieces for PERT: the regularized incomplete beta function
 * (its CDF, by Lentz's continued fraction) and Marsaglia–Tsang gamma variates
 * (its sampler). PERT's shape parameters always lie in [1, 5], the range where
 * both methods are at their best.
 */
import { normalQuantile } from './normal.js';
import type { RandomStream } from './stream.js';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
const HALF_LOG_2PI = 0.91893853320467274178;

/** ln Γ(x) for x >= 1/2 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  x -= 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (x + i);
  const t = x + 7.5;
  return HALF_LOG_2PI + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** The continued fraction of I_x(a, b), converging fast for x < (a + 1)/(a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  let c = 1;
  let d = 1 - (qab * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), a, b >= 1/2. */
export function betaCdf(x: number, a: number, b: number): number {
  if (!(x > 0)) return Number.isNaN(x) ? NaN : 0;
  if (!(x < 1)) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  // Use the fraction on the side where it converges, by the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/**
 * The x in [0, 1] with I_x(a, b) = p, by bisection: I_x is monotone, so this
 * cannot fail to converge, and it is only used off the hot path.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p > 0)) return p === 0 ? 0 : NaN;
  if (!(p < 1)) return p === 1 ? 1 : NaN;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 1100; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * A Gamma(shape, 1) variate for shape >= 1 (Marsaglia & Tsang 2000), with
 * d = shape - 1/3 and c = 1/√(9d) precomputed. The normal comes by inverse
 * CDF so this uses the same stream; each round accepts with probability
 * > 0.95, so the loop ends after a round or two.
 */
export function gammaVariate(rng: RandomStream, d: number, c: number): number {
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalQuantile(rng.next());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}
