/*
 * The inverse CDF of each kind, and the shape helpers the analytic functions
 * share with it. Kept apart from the samplers so that sampler(rng) and
 * quantile(d, u) run the very same arithmetic.
 */
import { betaQuantile } from './beta.js';
import { discreteQuantile, discreteTable } from './discrete.js';
import type { Distribution } from './distributions.js';
import { truncatedQuantile } from './truncated.js';

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/**
 * The standardised truncation interval of a normal or log-normal, or a point
 * when the distribution has collapsed (sd 0, min = max): validation rules
 * those out for documents, but a sampler must still return a number in bounds.
 */
export function standardBounds(d: Extract<Distribution, { kind: 'normal' | 'lognormal' }>): [number, number] | number {
  const [centre, spread, lo, hi] =
    d.kind === 'normal' ? [d.mean, d.sd, d.min, d.max] : [d.mu, d.sigma, Math.log(Math.max(0, d.min)), Math.log(d.max)];
  const alpha = (lo - centre) / spread;
  const beta = (hi - centre) / spread;
  if (!(spread > 0) || !(alpha < beta)) {
    const point = d.kind === 'normal' ? d.mean : Math.exp(d.mu);
    return clamp(point, d.min, Math.max(d.min, d.max));
  }
  return [alpha, beta];
}

/** The shape parameters of PERT's beta, with the mode held inside [min, max]. */
export function pertShape(d: Extract<Distribution, { kind: 'pert' }>): [number, number] {
  const f = clamp((d.mode - d.min) / (d.max - d.min), 0, 1);
  return [1 + 4 * f, 1 + 4 * (1 - f)];
}

/** p -> x for every kind (for PERT by bisection, so not for the hot loop). */
export function inverseCdf(d: Distribution): (p: number) => number {
  switch (d.kind) {
    case 'constant': {
      const v = d.value;
      return () => v;
    }
    case 'uniform': {
      const { min, max } = d;
      const w = max - min;
      return (p) => clamp(min + p * w, min, max); // min + w can round past max
    }
    case 'normal':
    case 'lognormal': {
      const b = standardBounds(d);
      if (typeof b === 'number') return () => b;
      const [centre, spread] = d.kind === 'normal' ? [d.mean, d.sd] : [d.mu, d.sigma];
      const { min, max } = d;
      const z = truncatedQuantile(b[0], b[1]);
      if (d.kind === 'normal') return (p) => clamp(centre + spread * z(p), min, max);
      return (p) => clamp(Math.exp(centre + spread * z(p)), min, max);
    }
    case 'triangular': {
      const { min, max } = d;
      const mode = clamp(d.mode, min, max);
      const w = max - min;
      const split = w > 0 ? (mode - min) / w : 1;
      const left = w * (mode - min);
      const right = w * (max - mode);
      return (p) => clamp(p < split ? min + Math.sqrt(p * left) : max - Math.sqrt((1 - p) * right), min, max);
    }
    case 'pert': {
      const { min, max } = d;
      if (!(max > min)) return () => min;
      const [a, b] = pertShape(d);
      return (p) => clamp(min + (max - min) * betaQuantile(p, a, b), min, max);
    }
    case 'bernoulli': {
      const q = d.p;
      return (p) => (q >= 1 ? 1 : q <= 0 ? 0 : p <= 1 - q ? 0 : 1);
    }
    case 'discrete': {
      const t = discreteTable(d.values, d.weights);
      return (p) => discreteQuantile(t, p);
    }
  }
}
