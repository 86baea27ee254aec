/*
 * Mean and variance of the standard normal truncated to [alpha, beta]. The
 * closed form cancels badly far in a tail and on narrow intervals; there the
 * moments are integrated numerically instead, in coordinates where nothing
 * cancels.
 */
import { millsRatio, normalPdf } from './normal.js';
import { shape, type Shape } from './truncated.js';

/** Past this many sd the closed-form variance has lost over 1e4·ε to cancellation. */
const FAR = 10;
const GL_X = [0.14887433898163122, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
const GL_W = [0.2955242247147528, 0.2692667193099965, 0.219086362515982, 0.1494513491505804, 0.06667134430868814];

/**
 * Mean and variance of the standard normal truncated to [alpha, beta]. The
 * closed form (mean = λa - λb, var = 1 + a·λa - b·λb - mean², λx = φ(x)/mass)
 * cancels by ~a⁴ far in a tail and by ~1/width² on a narrow interval; there
 * the moments are integrated instead, in t = x - lo, where nothing cancels.
 */
export function truncatedMoments(alpha: number, beta: number): { mean: number; variance: number } {
  if (alpha === -Infinity && beta === Infinity) return { mean: 0, variance: 1 };
  const s = shape(alpha, beta);
  if (s.side === 'flat') return { mean: alpha + (beta - alpha) / 2, variance: (beta - alpha) ** 2 / 12 };
  const mirror = s.side === 'lower';
  const [lo, hi] = mirror ? [-beta, -alpha] : [alpha, beta];
  const m = lo >= FAR || hi - lo < 1 ? integratedMoments(lo, hi) : closedFormMoments(s, lo, hi);
  return { mean: mirror ? -m.mean : m.mean, variance: m.variance };
}

function closedFormMoments(s: Shape, lo: number, hi: number): { mean: number; variance: number } {
  let la: number;
  let lb: number;
  let m: number;
  // m = λa - λb is formed as λa·(1 - φ(b)/φ(a)) where the two are close, as they are
  // on a narrow interval; φ(b)/φ(a) = e^decay.
  if (s.side === 'straddle') {
    const mass = s.cHi - s.cLo;
    la = normalPdf(lo) / mass;
    lb = normalPdf(hi) / mass;
    const decay = -0.5 * (hi - lo) * (hi + lo); // ln(φ(hi)/φ(lo)); ±Infinity or NaN with an infinite bound
    m = Math.abs(decay) < 1 ? la * -Math.expm1(decay) : la - lb;
  } else if (s.side === 'upper' || s.side === 'lower') {
    la = 1 / (millsRatio(lo) * s.gap); // φ(lo)/mass, finite where both underflow
    const decay = -0.5 * (hi - lo) * (hi + lo);
    lb = hi === Infinity ? 0 : la * Math.exp(decay);
    m = hi === Infinity ? la : la * -Math.expm1(decay);
  } else {
    return { mean: 0, variance: 1 };
  }
  const aTerm = Number.isFinite(lo) ? lo * la : 0;
  const bTerm = Number.isFinite(hi) ? hi * lb : 0;
  return { mean: m, variance: Math.max(0, 1 + aTerm - bTerm - m * m) };
}

/**
 * Moments of the density ∝ φ(lo + t)/φ(lo) = e^{-t(2lo + t)/2}, t in [0, hi - lo],
 * by 10-point Gauss–Legendre on 40 panels, each at most 1/lo wide (where the
 * density falls by e), cut where it has fallen below e^-40: exact to rounding.
 */
function integratedMoments(lo: number, hi: number): { mean: number; variance: number } {
  const width = Math.min(hi - lo, 40 / Math.max(lo, 1));
  const integral = (g: (t: number) => number): number => {
    const panels = 40;
    const h = width / panels;
    let sum = 0;
    for (let p = 0; p < panels; p++) {
      const c = h * (p + 0.5);
      for (let j = 0; j < 5; j++) {
        const dt = 0.5 * h * GL_X[j]!;
        sum += GL_W[j]! * (g(c - dt) + g(c + dt));
      }
    }
    return sum;
  };
  const density = (t: number): number => Math.exp(-0.5 * t * (2 * lo + t));
  const mass = integral(density);
  const mean = integral((t) => t * density(t)) / mass;
  return { mean: lo + mean, variance: integral((t) => (t - mean) ** 2 * density(t)) / mass };
}
