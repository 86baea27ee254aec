/*
 * The standard normal: Φ, Φ⁻¹ (Wichura's AS241, PPND16, good to about 1e-16)
 * and the tail forms truncation needs. Each quantile entry point takes the
 * probability in the form that is exact where it matters: a lower-tail p, a
 * centred Φ(x) - 1/2, or the log of an upper tail. Forming 1 - p or 0.5 - p in
 * the wrong place would throw away the tail that truncation samples from.
 */
import { erf, erfcx, expHalfSq } from './erf.js';

const SQRT_HALF_PI = 1.2533141373155002512; // √(π/2)
const LOG_HALF = -Math.LN2;
/** ln 0.075: upper tails above it are AS241's central region (|p - 1/2| <= 0.425). */
const LOG_CENTRAL = Math.log(0.075);
/** |x| below which Φ(x) - 1/2 comes from erf's cancellation-free branch. */
const CENTRAL_X = 0.46875 * Math.SQRT2;

/** AS241 for |q| <= 0.425, q = p - 1/2. */
function central(q: number): number {
  const r = 0.180625 - q * q;
  return (
    (q *
      (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
        45921.953931549871457) *
        r +
        13731.693765509461125) *
        r +
        1971.5909503065514427) *
        r +
        133.14166789178437745) *
        r +
        3.387132872796366608)) /
    (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) *
      r +
      5394.1960214247511077) *
      r +
      687.1870074920579083) *
      r +
      42.313330701600911252) *
      r +
      1)
  );
}

/** AS241's tail branch: |x| for a tail probability t with r = √(-ln t), t < 0.075. */
function tail(r: number): number {
  if (r <= 5) {
    r -= 1.6;
    return (
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1)
    );
  }
  r -= 5;
  return (
    (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
      0.026532189526576123093) *
      r +
      0.29656057182850489123) *
      r +
      1.7848265399172913358) *
      r +
      5.4637849111641143699) *
      r +
      6.6579046435011037772) /
    (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
      7.868691311456132591e-4) *
      r +
      0.0148753612908506148525) *
      r +
      0.13692988092273580531) *
      r +
      0.59983220655588793769) *
      r +
      1)
  );
}

/** Φ⁻¹(p), the standard normal quantile (AS241). ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return central(q);
  return q < 0 ? -tail(Math.sqrt(-Math.log(p))) : tail(Math.sqrt(-Math.log1p(-p)));
}

/** The x with Φ(x) - 1/2 = c, for c in [-1/2, 1/2]: exact for narrow intervals around 0. */
export function centredQuantile(c: number): number {
  const a = Math.abs(c);
  if (a <= 0.425) return central(c);
  const t = 0.5 - a; // exact: a is in (0.425, 0.5]
  if (!(t > 0)) return t === 0 ? (c > 0 ? Infinity : -Infinity) : NaN;
  const x = tail(Math.sqrt(-Math.log(t)));
  return c < 0 ? -x : x;
}

/** The x >= 0 with Q(x) = t (Q the upper tail), for 0 < t <= 1/2. */
export function upperQuantile(t: number): number {
  if (t > 0.075) return central(0.5 - t);
  return t > 0 ? tail(Math.sqrt(-Math.log(t))) : t === 0 ? Infinity : NaN;
}

/**
 * The x >= 0 with ln Q(x) = L (Q the upper tail), for L <= ln 1/2. Past the
 * range AS241 was fitted on (Q < ~1e-300) it polishes an asymptotic start by
 * Newton's method on ln Q, which is concave, so the steps converge monotonically.
 */
export function upperQuantileFromLog(L: number): number {
  if (!(L < LOG_HALF)) return L === LOG_HALF ? 0 : NaN;
  if (L === -Infinity) return Infinity;
  if (L > LOG_CENTRAL) return central(0.5 - Math.exp(L)); // Q > 0.075
  if (L > -676) return tail(Math.sqrt(-L));
  const t = -L;
  let x = Math.sqrt(2 * t - Math.log(4 * Math.PI * t));
  for (let i = 0; i < 8; i++) {
    const step = (logUpperTail(x) - L) * millsRatio(x);
    x += step;
    if (Math.abs(step) <= 1e-15 * x) break;
  }
  return x;
}

/** Φ(x), accurate relative to its value in the lower tail (down to ~1e-308) and to 1e-16 absolute above. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) <= CENTRAL_X) return 0.5 + 0.5 * erf(x * Math.SQRT1_2);
  const lower = 0.5 * expHalfSq(Math.abs(x)) * erfcx(Math.abs(x) * Math.SQRT1_2); // Q(|x|)
  return x < 0 ? lower : 1 - lower;
}

/** Φ(x) - 1/2, exact near 0 where Φ(x) itself would cancel against 1/2. */
export function normalCentred(x: number): number {
  return 0.5 * erf(x * Math.SQRT1_2);
}

/** ln Q(x) = ln(1 - Φ(x)) for x >= 0, finite however far out x lies. */
export function logUpperTail(x: number): number {
  if (x === Infinity) return -Infinity;
  return Math.log(0.5 * erfcx(x * Math.SQRT1_2)) - 0.5 * x * x;
}

/** Mills' ratio Q(x)/φ(x) for x >= 0. */
export function millsRatio(x: number): number {
  return SQRT_HALF_PI * erfcx(x * Math.SQRT1_2);
}

/** The standard normal density. */
export function normalPdf(x: number): number {
  return 0.3989422804014327 * expHalfSq(Math.abs(x));
}
