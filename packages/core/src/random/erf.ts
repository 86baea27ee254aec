/*
 * The error function family by W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 1969;
 * the coefficients of his CALERF packet). They are good to full double
 * precision, and the scaled form erfcx(x) = exp(x²)·erfc(x) never underflows,
 * which is what lets the normal tails be handled in log space far beyond the
 * point where Φ itself is 0.
 */

const THRESH = 0.46875;
const SQRPI = 0.56418958354775628695; // 1/√π

const A0 = 3.1611237438705656,
  A1 = 113.864154151050156,
  A2 = 377.485237685302021;
const A3 = 3209.37758913846947,
  A4 = 0.185777706184603153;
const B0 = 23.6012909523441209,
  B1 = 244.024637934444173,
  B2 = 1282.61652607737228;
const B3 = 2844.23683343917062;
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
] as const;
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
] as const;
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
] as const;
const Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185,
] as const;

/** erf on |x| <= 0.46875, where no cancellation happens. */
function erfSmall(x: number): number {
  const ysq = x * x;
  let num = A4 * ysq;
  let den = ysq;
  num = (num + A0) * ysq;
  den = (den + B0) * ysq;
  num = (num + A1) * ysq;
  den = (den + B1) * ysq;
  num = (num + A2) * ysq;
  den = (den + B2) * ysq;
  return (x * (num + A3)) / (den + B3);
}

/** exp(x²)·erfc(x) for x >= 0. */
export function erfcx(x: number): number {
  if (x <= THRESH) return Math.exp(x * x) * (1 - erfSmall(x));
  if (x <= 4) {
    let num = C[8] * x;
    let den = x;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * x;
      den = (den + D[i]!) * x;
    }
    return (num + C[7]) / (den + D[7]);
  }
  if (x >= 6.71e7) return SQRPI / x; // 1 - 1/(2x²) == 1 in double precision
  const ysq = 1 / (x * x);
  let num = P[5] * ysq;
  let den = ysq;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]!) * ysq;
    den = (den + Q[i]!) * ysq;
  }
  return (SQRPI - (ysq * (num + P[4])) / (den + Q[4])) / x;
}

/**
 * exp(-x²/2) without the error of rounding x² first: x is split into a part
 * with few bits (whose square is exact) and a small remainder.
 */
export function expHalfSq(x: number): number {
  if (!(Math.abs(x) < Infinity)) return Number.isNaN(x) ? NaN : 0;
  const xs = Math.trunc(x * 16) / 16;
  const del = (x - xs) * (x + xs);
  return Math.exp(-0.5 * xs * xs) * Math.exp(-0.5 * del);
}

/** erf(x) for any x. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  if (y === Infinity) return x > 0 ? 1 : -1;
  // erfc(y) = exp(-y²)·erfcx(y); exp(-y²) = expHalfSq(y·√2) would add a rounding, so split y itself.
  const ys = Math.trunc(y * 16) / 16;
  const del = (y - ys) * (y + ys);
  const erfcY = Math.exp(-ys * ys) * Math.exp(-del) * erfcx(y);
  const r = 0.5 - erfcY + 0.5;
  return x < 0 ? -r : r;
}
