/*
 * Sobol indices against analytic answers. Each analytic index must lie in
 * its 95% bootstrap interval, and the interval must be tight enough to mean
 * something. Seeds are fixed, so the tests are deterministic; sample sizes
 * are the smallest that give intervals narrower than the stated widths.
 */
import { describe, expect, it } from 'vitest';
import {
  prepareText,
  runModel,
  sensitivity,
  SensitivityResult,
  type Model,
  type SensitivitySettings,
  type SobolIndex,
  type SobolResult,
} from '../../src/index.js';
import { moments as distributionMoments } from '../../src/random/distributions.js';
import { rankToNormal } from '../../src/random/copula.js';
import { EVERY_KIND } from '../model/fixtures.js';

function compiled(text: string): Model {
  const m = prepareText(text, 'test.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n'));
  return m.value;
}

function sobol(m: Model, settings: Omit<SensitivitySettings, 'method'>): SobolResult {
  const r = sensitivity(m, { ...settings, method: 'sobol' });
  if (!r.ok) throw new Error(r.error.map((p) => p.message).join('\n'));
  if (r.value.method !== 'sobol') throw new Error('not sobol');
  // The document is what the schema says it is.
  expect(SensitivityResult.parse(JSON.parse(JSON.stringify(r.value)))).toEqual(r.value);
  return r.value;
}

const factor = (r: SobolResult, id: string) => {
  const f = r.factors.find((x) => x.id === id);
  if (!f) throw new Error(`no factor ${id}`);
  return f;
};

/** The analytic value lies in the interval, and the interval is at most `width` wide. */
function expectCovers(index: SobolIndex, analytic: number, width: number, what: string): void {
  expect(index.low, what).not.toBeNull();
  expect(index.low!, what).toBeLessThanOrEqual(analytic);
  expect(index.high!, what).toBeGreaterThanOrEqual(analytic);
  expect(index.high! - index.low!, what).toBeLessThanOrEqual(width);
  expect(index.estimate!, what).toBeGreaterThanOrEqual(index.low!);
  expect(index.estimate!, what).toBeLessThanOrEqual(index.high!);
}

const PI = Math.PI;

describe('the Ishigami function (a = 7, b = 0.1)', () => {
  // f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i uniform on [-pi, pi]:
  // V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V13 = b^2 pi^8 (1/18 - 1/50), V3 = 0.
  const a = 7;
  const b = 0.1;
  const v1 = 0.5 * (1 + (b * PI ** 4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = b * b * PI ** 8 * (1 / 18 - 1 / 50);
  const v = v1 + v2 + v13;
  const analytic = {
    x1: { first: v1 / v, total: (v1 + v13) / v },
    x2: { first: v2 / v, total: v2 / v },
    x3: { first: 0, total: v13 / v },
  };
  const m = compiled(`
format: 1
id: ishigami
time: { start: 0, end: 1 }
seed: 3
parameters:
  x1: { dist: uniform, min: ${-PI}, max: ${PI} }
  x2: { dist: uniform, min: ${-PI}, max: ${PI} }
  x3: { dist: uniform, min: ${-PI}, max: ${PI} }
variables:
  f: "sin(x1) + ${a} * sin(x2) ^ 2 + ${b} * x3 ^ 4 * sin(x1)"
`);

  it('has the textbook indices', () => {
    expect(analytic.x1.first).toBeCloseTo(0.3139, 4);
    expect(analytic.x2.first).toBeCloseTo(0.4424, 4);
    expect(analytic.x1.total).toBeCloseTo(0.5576, 4);
    expect(analytic.x3.total).toBeCloseTo(0.2437, 4);
  });

  it('every first-order and total index lies in its 95% interval, each narrower than 0.06', () => {
    const r = sobol(m, { output: 'f', samples: 8192 });
    expect(r.runs).toBe(8192 * 5);
    expect(r.factors.map((f) => f.id)).toEqual(['x1', 'x2', 'x3']); // by total index
    for (const [id, want] of Object.entries(analytic)) {
      expectCovers(factor(r, id).first, want.first, 0.06, `S ${id}`);
      expectCovers(factor(r, id).total, want.total, 0.06, `ST ${id}`);
    }
    expect(r.variance).toBeGreaterThan(0.97 * v);
    expect(r.variance).toBeLessThan(1.03 * v);
    expect(r.warnings).toEqual([]);
  });

  it('warns that the intervals are too wide with too few samples, and says how many would do', () => {
    const r = sobol(m, { output: 'f', samples: 256, resamples: 200 });
    expect(r.warnings.some((w) => /wider than 0\.1 .*too few samples.*about --samples \d+/.test(w))).toBe(true);
  });
});

describe('a linear model', () => {
  // y = sum c_i x_i with independent x_i: S_i = ST_i = c_i^2 var_i / sum_j c_j^2 var_j.
  const m = compiled(`
format: 1
id: linear
time: { start: 0, end: 1 }
seed: 11
parameters:
  x1: { dist: normal, mean: 1, sd: 1 }
  x2: { dist: uniform, min: 0, max: 3 }
  x3: { dist: triangular, min: 0, mode: 1, max: 4 }
  x4: { dist: pert, min: 0, mode: 0.3, max: 1 }
  x5: { dist: lognormal, mu: 0, sigma: 0.25 }
  unused: { dist: normal, mean: 0, sd: 1 }
  k: 7
variables:
  y: "2 * x1 - x2 + 0.5 * x3 + 3 * x4 + x5 + k"
`);
  const coefficients: Record<string, number> = { x1: 2, x2: -1, x3: 0.5, x4: 3, x5: 1, unused: 0 };
  const variances = Object.fromEntries(
    m.parameters
      .filter((p) => p.id in coefficients)
      .map((p) => [p.id, distributionMoments(p.distribution).sd ** 2 * coefficients[p.id]! ** 2]),
  );
  const total = Object.values(variances).reduce((s, x) => s + x, 0);

  it('gives the squared standardized coefficients, first-order and total alike', () => {
    const r = sobol(m, { output: 'y', samples: 4096 });
    expect(r.factors.map((f) => f.id).sort()).toEqual(Object.keys(coefficients).sort()); // k is constant: not a factor
    expect(r.runs).toBe(4096 * 8);
    for (const [id, share] of Object.entries(variances)) {
      expectCovers(factor(r, id).first, share / total, 0.08, `S ${id}`);
      expectCovers(factor(r, id).total, share / total, 0.06, `ST ${id}`);
    }
    expect(factor(r, 'unused').total).toEqual({ estimate: 0, low: 0, high: 0 });
  });

  it('is deterministic for a seed, and another seed gives other numbers', () => {
    const strip = (r: SobolResult) => JSON.stringify({ ...r, provenance: { ...r.provenance, elapsed_ms: 0 } });
    const a = sobol(m, { output: 'y', samples: 256, resamples: 100 });
    const b = sobol(m, { output: 'y', samples: 256, resamples: 100 });
    const c = sobol(m, { output: 'y', samples: 256, resamples: 100, seed: 12 });
    expect(strip(b)).toBe(strip(a));
    expect(c.factors[0]!.first.estimate).not.toBe(a.factors[0]!.first.estimate);
    expect(a.seed).toBe(11);
  });
});

describe('noise, time and correlated inputs', () => {
  it('per-step noise is part of the model, not a factor: S_x = var_x / (var_x + var_noise)', () => {
    const m = compiled(`
format: 1
id: noisy
time: { start: 0, end: 3 }
parameters:
  x: { dist: normal, mean: 0, sd: 2 }
  eps: { dist: normal, mean: 0, sd: 1, per: step }
variables:
  y: "x + eps"
`);
    const r = sobol(m, { output: 'y', samples: 4096, at: 2 });
    expect(r.factors.map((f) => f.id)).toEqual(['x']);
    expectCovers(r.factors[0]!.first, 4 / 5, 0.08, 'S x');
    expectCovers(r.factors[0]!.total, 4 / 5, 0.08, 'ST x');
    expect(r.notes.some((n) => n.startsWith('noise (eps) is drawn from the streams of each row'))).toBe(true);
  });

  it('Poisson events are noise too: a rate r explains Var(E[N | r]) = T^2 var_r of Var(N) = T^2 var_r + T E[r]', () => {
    const m = compiled(`
format: 1
id: counted
time: { start: 0, end: 10 }
parameters:
  r: { dist: uniform, min: 0.5, max: 1.5 }
shocks:
  s: { rate: r }
variables:
  y: "s"
`);
    const r = sobol(m, { output: 'y', samples: 4096 });
    const explained = (100 * 1) / 12;
    expectCovers(r.factors[0]!.first, explained / (explained + 10), 0.06, 'S r');
    // With the event uniforms held, the count still moves with r: the total index exceeds the first-order one.
    expect(r.factors[0]!.total.low!).toBeGreaterThan(r.factors[0]!.first.high!);
  });

  it('over time: S_a(t) = t^2 var_a / (t^2 var_a + var_b) at every reporting time', () => {
    const m = compiled(`
format: 1
id: drift
time: { start: 0, end: 4 }
parameters:
  a: { dist: uniform, min: 0, max: 1 }
  b: { dist: normal, mean: 0, sd: 0.5 }
variables:
  y: "a * t + b"
`);
    const r = sobol(m, { output: 'y', samples: 2048, over_time: true });
    const o = r.over_time!;
    expect(o.times).toEqual([0, 1, 2, 3, 4]);
    const a = o.factors.find((f) => f.id === 'a')!;
    const b = o.factors.find((f) => f.id === 'b')!;
    o.times.forEach((t, i) => {
      const va = (t * t) / 12;
      const share = va / (va + 0.25);
      const at = (key: 'first' | 'total', s: typeof a) => ({
        estimate: s[key][i]!,
        low: s[`${key}_low`][i]!,
        high: s[`${key}_high`][i]!,
      });
      expectCovers(at('total', a), share, 0.1, `ST a at ${t}`);
      expectCovers(at('total', b), 1 - share, 0.1, `ST b at ${t}`);
      expectCovers(at('first', a), share, 0.12, `S a at ${t}`);
    });
    // At t = 0, a has no effect at all: every AB_a row equals its A row.
    expect([a.first[0], a.total[0]]).toEqual([0, 0]);
    // The headline is the value at `at` (the last time).
    expect(r.at).toBe(4);
    expect(r.factors.find((f) => f.id === 'a')!.total.estimate).toBe(a.total[4]);
  });

  it('correlated parameters are one factor, sampled jointly: S_{a+b} = var(a + b) / var(y)', () => {
    const m = compiled(`
format: 1
id: grouped
time: { start: 0, end: 1 }
parameters:
  a: { dist: normal, mean: 0, sd: 1 }
  b: { dist: normal, mean: 0, sd: 2 }
  c: { dist: normal, mean: 0, sd: 1.5 }
correlations:
  - { between: [a, b], rho: 0.6 }
variables:
  y: "a + b + c"
`);
    const r = sobol(m, { output: 'y', samples: 4096 });
    expect(r.factors.map((f) => [f.id, f.parameters])).toEqual([
      ['a + b', ['a', 'b']],
      ['c', ['c']],
    ]);
    // Normal marginals under a Gaussian copula are jointly normal: their Pearson correlation is r itself.
    const r0 = rankToNormal(0.6);
    const group = 1 + 4 + 2 * r0 * 1 * 2;
    const share = group / (group + 2.25);
    expectCovers(factor(r, 'a + b').total, share, 0.07, 'ST a+b');
    expectCovers(factor(r, 'a + b').first, share, 0.08, 'S a+b');
    expectCovers(factor(r, 'c').total, 1 - share, 0.03, 'ST c');
    expect(r.notes.some((n) => n.startsWith('correlated parameters form one factor each group (a + b)'))).toBe(true);
  });
});

describe("the base matrices are the scenario's own draws", () => {
  it('f(A) and f(B) are trials 0..2N-1 of an ordinary run: the same mean and variance, to rounding', () => {
    const m = compiled(EVERY_KIND);
    const n = 200;
    const r = sobol(m, { output: 'y', samples: n, resamples: 20, at: 2026 });
    const run = runModel(m, { trials: 2 * n });
    if (!run.ok) throw new Error('does not run');
    const t = run.value.times.indexOf(2026);
    const y = run.value.outputs['y']!;
    expect(r.mean).toBeCloseTo(y.mean[t]!, 6);
    // The run's sd divides by n - 1; the estimators' variance by n.
    expect(r.variance / (y.sd[t]! ** 2 * ((2 * n - 1) / (2 * n))) - 1).toBeCloseTo(0, 9);
  });
});

describe('what Sobol refuses or warns about', () => {
  it('a non-finite output is a non-finite problem naming the row', () => {
    const m = compiled(`
format: 1
id: bad
time: { start: 0, end: 1 }
parameters:
  x: { dist: uniform, min: -1, max: 1 }
variables:
  y: "log(x)"
`);
    const r = sensitivity(m, { output: 'y', method: 'sobol', samples: 64 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ code: 'non-finite', path: ['variables', 'y'] });
    expect(r.error[0]!.message).toMatch(
      /^variable 'y' is NaN at t=0 in Sobol row \d+ of (A|B|AB \(x from B\)), noise of trial \d+, seed 1; parameters: x=-/,
    );
  });

  it('an output that does not vary has null indices and a warning', () => {
    const m = compiled(`
format: 1
id: flat
time: { start: 0, end: 1 }
parameters:
  x: { dist: uniform, min: 0, max: 1 }
variables:
  y: "x * 0 + 5"
`);
    const r = sobol(m, { output: 'y', samples: 64, resamples: 50 });
    expect(r.factors[0]!.first).toEqual({ estimate: null, low: null, high: null });
    expect(r.warnings).toEqual(['y does not vary at t = 1: there is no variance to attribute, so every index is null']);
  });

  it("an output left out of the scenario's outputs is still analysed", () => {
    const m = compiled(`
format: 1
id: hidden
time: { start: 0, end: 1 }
parameters:
  x: { dist: uniform, min: 0, max: 1 }
variables:
  y: "2 * x"
  z: "y + 1"
outputs: [z]
`);
    const r = sobol(m, { output: 'y', samples: 1024, resamples: 200 });
    expectCovers(r.factors[0]!.total, 1, 0.2, 'ST x');
    expect(Math.abs(r.variance - 4 / 12)).toBeLessThan(0.1 * (4 / 12));
  });
});
