/*
 * The Gaussian copula of `correlations`: a correlated pair reaches the
 * requested Spearman rank correlation, and every marginal stays exactly as
 * declared (moments and quantiles as in distributions.test.ts). Sampling
 * checks allow 4 standard errors; the seeds are fixed.
 */
import { describe, expect, it } from 'vitest';
import { cholesky, correlateUniforms, normalToRank, rankToNormal } from '../../src/random/copula.js';
import { moments, quantile, type Distribution } from '../../src/random/distributions.js';
import { normalCdf, normalPdf, normalQuantile } from '../../src/random/normal.js';
import { prepareText, type Model } from '../../src/index.js';
import { correlation, empiricalQuantile, sampleMoments } from './stats.js';

describe('rank and normal-score correlations', () => {
  it('convert into each other: 2 sin(pi rho / 6) and its inverse', () => {
    for (const rho of [-0.99, -0.6, -0.1, 0, 0.3, 0.6, 0.95])
      expect(normalToRank(rankToNormal(rho))).toBeCloseTo(rho, 14);
    expect(rankToNormal(0)).toBe(0);
    expect(rankToNormal(1)).toBeCloseTo(1, 15);
    expect(rankToNormal(0.6)).toBeCloseTo(0.6180339887498948, 15); // 2 sin(pi/10), the golden ratio's conjugate
  });
});

describe('cholesky', () => {
  it('factors a correlation matrix exactly where it can: L L^T = M', () => {
    const m = [1, 0.5, 0.2, 0.5, 1, -0.3, 0.2, -0.3, 1];
    const l = cholesky(m, 3)!;
    expect(l[1]).toBe(0);
    expect(l[2]).toBe(0);
    expect(l[5]).toBe(0);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k]! * l[j * 3 + k]!;
        expect(s).toBeCloseTo(m[i * 3 + j]!, 15);
      }
    }
    expect(Array.from(cholesky([1, 0.6, 0.6, 1], 2)!)).toEqual([1, 0, 0.6, 0.8]);
  });

  it('refuses a matrix that is not positive definite, or singular', () => {
    expect(cholesky([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1], 3)).toBeUndefined();
    expect(cholesky([1, 1, 1, 1], 2)).toBeUndefined();
  });

  it('keeps correlated uniforms strictly inside (0, 1) however far L z reaches', () => {
    const l = cholesky([1, 0.999, 0.999, 1], 2)!;
    const u = Float64Array.of(1e-300, 1 - 2 ** -53);
    correlateUniforms(l, 2, u, new Float64Array(2));
    for (const x of u) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(1);
    }
  });
});

const N = 100_000;

function compiled(parameters: string, correlations: string): Model {
  const text = `format: 1\nid: c\ntime: { start: 0, end: 1 }\nseed: 7\nparameters:\n${parameters}correlations:\n${correlations}`;
  const m = prepareText(text, 'c.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
  return m.value;
}

/** Each parameter's draws over `n` trials, as a run draws them. */
function draws(m: Model, n: number): Float64Array[] {
  const runner = m.given();
  const row = new Float64Array(m.parameters.length);
  const cols = m.parameters.map(() => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    runner.draw(m.document.seed ?? 1, j, row);
    cols.forEach((c, i) => (c[j] = row[i]!));
  }
  return cols;
}

/** Ranks 1..n (ties share their mean rank). */
function ranks(x: Float64Array): Float64Array {
  const order = Array.from(x.keys()).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(x.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1]!] === x[order[i]!]) j++;
    for (let k = i; k <= j; k++) r[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

const spearman = (x: Float64Array, y: Float64Array): number => correlation(ranks(x), ranks(y));

/** Mean and sd within 4 standard errors; quantiles within 4 SE of the empirical quantile. */
function expectMarginal(x: Float64Array, d: Distribution): void {
  const m = moments(d);
  const s = sampleMoments(x);
  expect(Math.abs(s.mean - m.mean)).toBeLessThanOrEqual(4 * (m.sd / Math.sqrt(x.length)));
  expect(Math.abs(s.sd - m.sd)).toBeLessThanOrEqual(4 * s.seSd);
  const sorted = Float64Array.from(x).sort();
  for (const p of [0.05, 0.25, 0.5, 0.75, 0.95]) {
    const h = 1e-4;
    const density = (2 * h) / (quantile(d, p + h) - quantile(d, p - h));
    const se = Math.sqrt((p * (1 - p)) / x.length) / density;
    expect(Math.abs(empiricalQuantile(sorted, p) - quantile(d, p)), `p${p * 100}`).toBeLessThanOrEqual(4 * se);
  }
}

describe('a correlated pair', () => {
  // The SE of Spearman's rho is about (1 - rho^2) / sqrt(n) (Fieller et al.); 4 SE at rho 0 is generous elsewhere.
  const tolerance = 4 / Math.sqrt(N);

  it.each([
    ['normal and lognormal, 0.6', '{ dist: normal, mean: 10, sd: 2 }', '{ dist: lognormal, p5: 4e6, p95: 9e6 }', 0.6],
    [
      'triangular and truncated normal, -0.7',
      '{ dist: triangular, min: 0.05, mode: 0.2, max: 0.5 }',
      '{ dist: normal, mean: 0, sd: 1, min: -1, max: 2 }',
      -0.7,
    ],
    [
      'uniform and lognormal in [1, 4], 0.9',
      '{ dist: uniform, min: -2, max: 5 }',
      '{ dist: lognormal, mu: 0.5, sigma: 0.8, min: 1, max: 4 }',
      0.9,
    ],
  ])('%s: reaches the rank correlation and keeps both marginals', (_name, a, b, rho) => {
    const m = compiled(
      `  a: ${a}\n  b: ${b}\n  c: { dist: uniform, min: 0, max: 1 }\n`,
      `  - { between: [a, b], rho: ${rho} }\n`,
    );
    const [x, y, z] = draws(m, N);
    expect(Math.abs(spearman(x!, y!) - rho)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(spearman(x!, z!))).toBeLessThanOrEqual(tolerance);
    expectMarginal(x!, m.parameters[0]!.distribution);
    expectMarginal(y!, m.parameters[1]!.distribution);
  });

  it('PERT, sampled through its exact quantile when correlated, keeps its moments and quantiles', () => {
    const n = 20_000;
    const m = compiled(
      '  a: { dist: pert, min: 0, mode: 0.3, max: 1 }\n  b: { dist: normal, mean: 0, sd: 1 }\n',
      '  - { between: [a, b], rho: 0.5 }\n',
    );
    const [x, y] = draws(m, n);
    expect(Math.abs(spearman(x!, y!) - 0.5)).toBeLessThanOrEqual(4 / Math.sqrt(n));
    expectMarginal(x!, m.parameters[0]!.distribution);
  });

  it('a Bernoulli keeps its frequency, and its ties lower its rank correlation to what the copula implies', () => {
    const n = 50_000;
    const m = compiled(
      '  a: { dist: bernoulli, p: 0.3 }\n  b: { dist: normal, mean: 0, sd: 1 }\n',
      '  - { between: [a, b], rho: 0.6 }\n',
    );
    const [x, y] = draws(m, n);
    const freq = x!.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(freq - 0.3)).toBeLessThanOrEqual(4 * Math.sqrt((0.3 * 0.7) / n));
    expect(x!.every((v) => v === 0 || v === 1)).toBe(true);
    // Ranks of a 0/1 variable are affine in it, so Spearman -> Pearson(X, U), U = Phi(Z2) uniform:
    // (E[X U] - p/2) / sqrt(p (1 - p) / 12), with E[X U] = P(Z1 > c, Z2 - Z3 > 0), a bivariate
    // normal orthant of correlation r / sqrt 2 (Z3 independent), integrated numerically.
    const r = rankToNormal(0.6) / Math.SQRT2;
    const c = normalQuantile(0.7);
    const steps = 20_000;
    const h = (12 - c) / steps;
    let exu = 0;
    for (let k = 0; k <= steps; k++) {
      const z = c + k * h;
      const w = k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2;
      exu += w * normalPdf(z) * normalCdf((r * z) / Math.sqrt(1 - r * r));
    }
    exu *= h / 3;
    const expected = (exu - 0.3 / 2) / Math.sqrt((0.3 * 0.7) / 12);
    expect(expected).toBeLessThan(0.6);
    expect(Math.abs(spearman(x!, y!) - expected)).toBeLessThanOrEqual(4 / Math.sqrt(n));
  });

  it("three parameters reach every pair's rank correlation", () => {
    const m = compiled(
      '  a: { dist: normal, mean: 0, sd: 1 }\n  b: { dist: uniform, min: 0, max: 1 }\n  c: { dist: lognormal, mu: 0, sigma: 1 }\n',
      '  - { between: [a, b], rho: 0.5 }\n  - { between: [c, b], rho: -0.3 }\n  - { between: [a, c], rho: 0.2 }\n',
    );
    const [a, b, c] = draws(m, N);
    expect(Math.abs(spearman(a!, b!) - 0.5)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(spearman(c!, b!) + 0.3)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(spearman(a!, c!) - 0.2)).toBeLessThanOrEqual(tolerance);
  });

  it('is what runs draw: the run and the given runner agree', () => {
    const m = compiled(
      '  a: { dist: normal, mean: 0, sd: 1 }\n  b: { dist: pert, min: 0, mode: 1, max: 3 }\n',
      '  - { between: [a, b], rho: 0.8 }\n',
    );
    const run = m.instantiate();
    const given = m.given();
    const out = new Float64Array(m.recorded.length * m.time.times.length);
    const row = new Float64Array(2);
    for (let j = 0; j < 50; j++) {
      run.run(7, j, out, 0, 1);
      given.draw(7, j, row);
      expect([run.values[m.parameters[0]!.slot], run.values[m.parameters[1]!.slot]]).toEqual(Array.from(row));
    }
  });
});
