/*
 * Every distribution kind, table-driven: samplers against the analytic
 * moments, quantile against cdf, draws within bounds. Sampling checks allow 4
 * standard errors, which a correct sampler exceeds about once in 16,000 seeds;
 * the seeds are fixed, so the tests are deterministic.
 */
import { describe, expect, it } from 'vitest';
import {
  cdf,
  lognormalFromPercentiles,
  makeSampler,
  moments,
  normalFromPercentiles,
  quantile,
  type Distribution,
} from '../../src/random/distributions.js';
import { bounds, lognormal, N, normal, sample } from './fixtures.js';
import { empiricalQuantile, relErr, sampleMoments, stream } from './stats.js';

const fromP = normalFromPercentiles(100, 200);
const fromLogP = lognormalFromPercentiles(4e6, 9e6);

const ROWS: [string, Distribution][] = [
  ['constant', { kind: 'constant', value: 3.5 }],
  ['uniform', { kind: 'uniform', min: -2, max: 5 }],
  ['normal', normal(10, 2)],
  ['normal from p5/p95', normal(fromP.mean, fromP.sd)],
  ['normal, min 0', normal(0.1, 0.2, 0)],
  ['normal in [-1, 2]', normal(0, 1, -1, 2)],
  ['normal in [8, 9]', normal(0, 1, 8, 9)],
  ['normal in [-9, -8]', normal(0, 1, -9, -8)],
  ['normal in [40, 41]', normal(0, 1, 40, 41)],
  ['normal, narrow around the mean', normal(5, 1, 4.999, 5.002)],
  ['lognormal', lognormal(0.5, 0.8)],
  ['lognormal from p5/p95', lognormal(fromLogP.mu, fromLogP.sigma)],
  ['lognormal in [1, 4]', lognormal(0.5, 0.8, 1, 4)],
  ['triangular', { kind: 'triangular', min: 0.05, mode: 0.2, max: 0.5 }],
  ['triangular, mode at min', { kind: 'triangular', min: 0, mode: 0, max: 1 }],
  ['pert', { kind: 'pert', min: 0, mode: 0.3, max: 1 }],
  ['pert, mode at max', { kind: 'pert', min: 10, mode: 20, max: 20 }],
  ['bernoulli', { kind: 'bernoulli', p: 0.3 }],
  ['discrete', { kind: 'discrete', values: [3, 1, 2, 10], weights: [1, 2, 0, 5] }],
];

// A kind added to Distribution fails to compile here until listed, and the test
// below then asks for a row of it.
const EVERY_KIND = {
  constant: 1,
  uniform: 1,
  normal: 1,
  lognormal: 1,
  triangular: 1,
  pert: 1,
  bernoulli: 1,
  discrete: 1,
} satisfies Record<Distribution['kind'], 1>;

it('the table covers every kind', () => {
  expect(new Set(ROWS.map(([, d]) => d.kind))).toEqual(new Set(Object.keys(EVERY_KIND)));
});

describe.each(ROWS)('%s', (_name, d) => {
  const x = sample(d);
  const m = moments(d);

  it('sample mean and sd lie within 4 standard errors of moments()', () => {
    const s = sampleMoments(x);
    expect(Math.abs(s.mean - m.mean)).toBeLessThanOrEqual(4 * (m.sd / Math.sqrt(N)));
    expect(Math.abs(s.sd - m.sd)).toBeLessThanOrEqual(4 * s.seSd);
  });

  it('every draw lies within the bounds', () => {
    const [lo, hi] = bounds(d);
    expect(x.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThanOrEqual(lo);
    expect(x.reduce((a, b) => Math.max(a, b), -Infinity)).toBeLessThanOrEqual(hi);
  });

  it('moments() agrees with the quantile function integrated over p', () => {
    // Midpoint rule on E[X] = ∫Q(p)dp, E[X²] = ∫Q(p)²dp: an independent route to the
    // moments. Error O(1/K²) for bounded kinds; the normal tails beyond p = 1/(2K) add
    // ~1e-5·sd, and discrete steps ~1/K: tolerance 1e-3 of the scale.
    const K = 20_000;
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < K; k++) {
      const q = quantile(d, (k + 0.5) / K);
      s1 += q;
      s2 += q * q;
    }
    const mean = s1 / K;
    const sd = Math.sqrt(Math.max(0, s2 / K - mean * mean));
    const scale = m.sd + 1e-12 * Math.abs(m.mean);
    expect(Math.abs(mean - m.mean)).toBeLessThanOrEqual(1e-3 * scale);
    expect(Math.abs(sd - m.sd)).toBeLessThanOrEqual(2e-3 * scale);
  });

  it('quantile and cdf invert each other', () => {
    if (d.kind === 'discrete' || d.kind === 'bernoulli' || d.kind === 'constant') {
      // Steps: quantile(cdf(v)) is v itself for every value in the support.
      const support =
        d.kind === 'discrete'
          ? d.values.filter((_, i) => d.weights[i]! > 0)
          : d.kind === 'bernoulli'
            ? [0, 1]
            : [d.value];
      for (const v of support) expect(quantile(d, cdf(d, v))).toBe(v);
      return;
    }
    // 1e-9 relative to the scale: the tail forms lose ~α²·ε (α = 40 here) and PERT's
    // bisection stops at one ulp of an incomplete beta good to ~1e-14.
    for (const p of [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999]) {
      const q = quantile(d, p);
      expect(relErr(cdf(d, q), p)).toBeLessThan(1e-9);
      expect(relErr(quantile(d, cdf(d, q)), q, m.sd)).toBeLessThan(1e-9);
    }
  });

  it('the sampler is the quantile function of the stream (inverse CDF kinds)', () => {
    if (d.kind === 'pert' || d.kind === 'bernoulli' || d.kind === 'constant') return;
    const f = makeSampler(d);
    const a = stream(3, 9, 'q');
    const b = stream(3, 9, 'q');
    for (let i = 0; i < 1000; i++) expect(f(a)).toBe(quantile(d, b.next()));
  });
});

describe('percentile forms', () => {
  it.each([
    ['normal', normal(fromP.mean, fromP.sd), 100, 200],
    ['lognormal', lognormal(fromLogP.mu, fromLogP.sigma), 4e6, 9e6],
  ] as const)('%s built from p5/p95 puts its 5%% and 95%% quantiles there', (_n, d, p5, p95) => {
    expect(relErr(quantile(d, 0.05), p5)).toBeLessThan(1e-14);
    expect(relErr(quantile(d, 0.95), p95)).toBeLessThan(1e-14);
    const sorted = sample(d).sort();
    for (const [p, target] of [
      [0.05, p5],
      [0.95, p95],
    ] as const) {
      // The SE of an empirical p-quantile is √(p(1-p)/n)/f(x_p); f comes from the
      // quantile's slope. Allow 4 SE.
      const h = 1e-4;
      const density = (2 * h) / (quantile(d, p + h) - quantile(d, p - h));
      const se = Math.sqrt((p * (1 - p)) / N) / density;
      expect(Math.abs(empiricalQuantile(sorted, p) - target)).toBeLessThanOrEqual(4 * se);
    }
  });
});

describe('frequencies of the discrete kinds', () => {
  it('discrete frequencies match the weights, zero weight never drawn', () => {
    const x = sample({ kind: 'discrete', values: [3, 1, 2, 10], weights: [1, 2, 0, 5] });
    for (const [v, p] of [
      [1, 2 / 8],
      [2, 0],
      [3, 1 / 8],
      [10, 5 / 8],
    ] as const) {
      const freq = x.filter((y) => y === v).length / N;
      expect(Math.abs(freq - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / N));
    }
  });

  it.each([0, 0.001, 0.3, 0.999, 1])('bernoulli(%d) frequency matches p', (p) => {
    const x = sample({ kind: 'bernoulli', p });
    const freq = x.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(freq - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / N));
    expect(x.every((y) => y === 0 || y === 1)).toBe(true);
  });
});
