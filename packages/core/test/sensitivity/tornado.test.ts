import { describe, expect, it } from 'vitest';
import {
  prepareText,
  sensitivity,
  SensitivityResult,
  type Model,
  type SensitivitySettings,
  type TornadoResult,
} from '../../src/index.js';
import { poissonMedian } from '../../src/sensitivity/median-events.js';
import { rankToNormal } from '../../src/random/copula.js';

function compiled(text: string): Model {
  const m = prepareText(text, 'test.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n'));
  return m.value;
}

function tornado(m: Model, settings: SensitivitySettings): TornadoResult {
  const r = sensitivity(m, settings);
  if (!r.ok) throw new Error(r.error.map((p) => p.message).join('\n'));
  if (r.value.method !== 'tornado') throw new Error('not a tornado');
  expect(SensitivityResult.parse(JSON.parse(JSON.stringify(r.value)))).toEqual(r.value);
  return r.value;
}

/** z_0.9 = Phi^-1(0.9). */
const Z90 = 1.2815515655446004;

describe('tornado on a model with known swings', () => {
  const m = compiled(`
format: 1
id: known
time: { start: 2020, end: 2030 }
parameters:
  a: { dist: uniform, min: 0, max: 10, unit: widgets }
  b: { dist: normal, mean: 1, sd: 2 }
  c: { dist: triangular, min: 0, mode: 0, max: 1 }
  d: { dist: discrete, values: [1, 2, 3], weights: [1, 18, 1] }
  k: 5
  eps: { dist: normal, mean: 0, sd: 1, per: step }
variables:
  y: "2 * a - 3 * b + 100 * c ^ 2 + d * k + 0 * eps"
`);

  it('sets each parameter to its p10 and p90 with the others at their medians, sorted by swing', () => {
    const r = tornado(m, { output: 'y', at: 2025 });
    // Medians: a 5, b 1, c 1 - sqrt(1/2), d 2.
    const c50 = 1 - Math.SQRT1_2;
    const base = 10 - 3 + 100 * c50 * c50 + 10;
    expect(r.base).toBeCloseTo(base, 12);
    expect(r.runs).toBe(9);
    // Swings: c 100 (0.684^2 - 0.051^2) = 46.5, a 16, b 12 z_0.9 = 15.4, d 0.
    expect(r.bars.map((b) => b.parameter)).toEqual(['c', 'a', 'b', 'd']);
    const [c, a, b, d] = r.bars;
    expect(a).toMatchObject({ parameter: 'a', unit: 'widgets', median: 5, low: 1, high: 9, moved_with: [] });
    expect(a!.output_low).toBeCloseTo(base - 8, 12);
    expect(a!.output_high).toBeCloseTo(base + 8, 12);
    expect(a!.swing).toBeCloseTo(16, 12);
    expect(b!.low).toBeCloseTo(1 - 2 * Z90, 14);
    expect(b!.high).toBeCloseTo(1 + 2 * Z90, 14);
    expect(b!.swing).toBeCloseTo(12 * Z90, 12);
    expect(b!.output_low).toBeGreaterThan(b!.output_high); // y falls with b
    // Triangular (0, 0, 1): Q(p) = 1 - sqrt(1 - p).
    expect(c!.low).toBeCloseTo(1 - Math.sqrt(0.9), 15);
    expect(c!.high).toBeCloseTo(1 - Math.sqrt(0.1), 15);
    expect(c!.swing).toBeCloseTo(100 * (c!.high ** 2 - c!.low ** 2), 12);
    // d's p10 and p90 are its median: no swing, listed last.
    expect(d).toMatchObject({ low: 2, high: 2, swing: 0 });
    expect(r.step_parameters).toEqual([{ parameter: 'eps', median: 0 }]);
    expect(r.notes).toEqual([
      'each per-trial parameter with a spread at its p10 and p90, every other at its median; y at t = 2025',
      'per-step parameters held at their median at every step: eps',
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('takes other percentiles, and defaults to the last reporting time', () => {
    const r = tornado(m, { output: 'y', percentiles: [0.25, 0.75] });
    expect(r.at).toBe(2030);
    const a = r.bars.find((x) => x.parameter === 'a')!;
    expect([a.low, a.high]).toEqual([2.5, 7.5]);
    expect(r.notes[0]).toContain('at its p25 and p75');
  });
});

describe('tornado with shocks', () => {
  const m = compiled(`
format: 1
id: shocked
time: { start: 2020, end: 2030, dt: 0.5 }
parameters:
  r: { dist: uniform, min: 0.1, max: 0.5 }
  w: { dist: uniform, min: 1, max: 2 }
shocks:
  crisis: { rate: r }
  steady: { rate: 0.25, max_events: 2 }
  fixed: { at: [2024] }
variables:
  y: "w * crisis + 10 * steady + 100 * fixed"
`);

  it('holds Poisson shocks at their median count, at the expected times given that count; the count follows its rate', () => {
    const r = tornado(m, { output: 'y' });
    // The uniform's median is 0.1 + 0.5 * 0.4, which rounds to 0.30000000000000004.
    expect(r.shocks[0]!.rate).toBeCloseTo(0.3, 15);
    expect(r.shocks).toEqual([
      // Rate 0.3 over 10 years: Poisson(3), median 3, at 2020 + 10k/4.
      { shock: 'crisis', treatment: 'median', rate: r.shocks[0]!.rate, events: [2022.5, 2025, 2027.5] },
      // Poisson(2.5) has median 2 (P(N <= 2) = 0.54), within max_events.
      { shock: 'steady', treatment: 'median', rate: 0.25, events: [2020 + 10 / 3, 2020 + 20 / 3] },
      { shock: 'fixed', treatment: 'fixed', events: [2024] },
    ]);
    expect(r.base).toBeCloseTo(1.5 * 3 + 20 + 100, 12);
    const rate = r.bars.find((b) => b.parameter === 'r')!;
    // p10 0.14: Poisson(1.4), median 1; p90 0.46: Poisson(4.6), median 4.
    expect(rate.output_low).toBeCloseTo(1.5 * 1 + 120, 12);
    expect(rate.output_high).toBeCloseTo(1.5 * 4 + 120, 12);
    const w = r.bars.find((b) => b.parameter === 'w')!;
    expect(w.swing).toBeCloseTo(0.8 * 3, 12);
    expect(r.notes[1]).toMatch(/^Poisson shocks at the median of their event count/);
  });

  it('places the median events inside a window, and holds a per-event severity at its median', () => {
    const windowed = compiled(`
format: 1
id: windowed
time: { start: 2020, end: 2030, dt: 0.5 }
parameters:
  sev: { dist: uniform, min: 1, max: 3, per: event }
  k: { dist: uniform, min: 0, max: 2 }
shocks:
  crisis: { rate: 0.6, from: 2025, until: 2030, severity: sev }
variables:
  y: "crisis + k"
`);
    const r = tornado(windowed, { output: 'y' });
    // Rate 0.6 over the 5-year window: Poisson(3), median 3, at 2025 + 5k/4.
    expect(r.shocks).toEqual([{ shock: 'crisis', treatment: 'median', rate: 0.6, events: [2026.25, 2027.5, 2028.75] }]);
    expect(r.base).toBe(3 * 2 + 1);
    expect(r.bars.map((b) => b.parameter)).toEqual(['k']);
    expect(r.notes).toContain('per-event parameters held at their median for every event: sev');
  });

  it('a shock counts only the events up to the time asked for', () => {
    const r = tornado(m, { output: 'y', at: 2025 });
    expect(r.base).toBeCloseTo(1.5 * 2 + 10 + 100, 12); // crisis at 2022.5 and 2025; steady at 2023.33
  });
});

describe('tornado with correlations', () => {
  it('moves correlated partners to their conditional medians with the varied parameter', () => {
    const m = compiled(`
format: 1
id: pair
time: { start: 0, end: 1 }
parameters:
  a: { dist: normal, mean: 0, sd: 1 }
  b: { dist: normal, mean: 10, sd: 3 }
  c: { dist: uniform, min: 0, max: 1 }
correlations:
  - { between: [a, b], rho: 0.5 }
variables:
  y: "a + b + c"
`);
    const r = tornado(m, { output: 'y' });
    const r0 = rankToNormal(0.5);
    const a = r.bars.find((x) => x.parameter === 'a')!;
    // Jointly normal: E[b | a = z] = 10 + 3 r z.
    expect(a.moved_with).toHaveLength(1);
    expect(a.moved_with[0]!.parameter).toBe('b');
    expect(a.moved_with[0]!.low).toBeCloseTo(10 - 3 * r0 * Z90, 12);
    expect(a.moved_with[0]!.high).toBeCloseTo(10 + 3 * r0 * Z90, 12);
    expect(a.swing).toBeCloseTo(2 * Z90 * (1 + 3 * r0), 12);
    const b = r.bars.find((x) => x.parameter === 'b')!;
    expect(b.moved_with[0]!.high).toBeCloseTo(r0 * Z90, 12);
    expect(r.bars.find((x) => x.parameter === 'c')!.moved_with).toEqual([]);
    expect(r.notes.at(-1)).toBe(
      'correlated parameters move with the one varied, to their conditional medians under the Gaussian copula (moved_with)',
    );
  });
});

describe('tornado problems', () => {
  it('a non-finite output names the setting that produced it', () => {
    const m = compiled(`
format: 1
id: bad
time: { start: 0, end: 1 }
parameters:
  x: { dist: uniform, min: -1, max: 3 }
variables:
  y: "sqrt(x)"
`);
    const r = sensitivity(m, { output: 'y' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ code: 'non-finite', path: ['variables', 'y'] });
    expect(r.error[0]!.message).toBe("variable 'y' is NaN at t=0 with x at its p10");
  });

  it('warns when nothing moves the output', () => {
    const m = compiled(
      'format: 1\nid: flat\ntime: { start: 0, end: 1 }\nparameters:\n  x: { dist: uniform, min: 0, max: 1 }\nvariables:\n  y: "5"\n',
    );
    expect(tornado(m, { output: 'y' }).warnings).toEqual([
      'no parameter moves y at t = 1 between its 0.1 and 0.9 quantiles',
    ]);
  });
});

describe('poissonMedian', () => {
  it('is lambda itself for whole lambda, and 0 below ln 2', () => {
    for (const lambda of [1, 2, 3, 7, 20, 50, 699, 700, 701, 1000, 5000])
      expect(poissonMedian(lambda), `lambda ${lambda}`).toBe(lambda);
    expect(poissonMedian(0.69)).toBe(0);
    expect(poissonMedian(0.7)).toBe(1);
    expect(poissonMedian(0)).toBe(0);
    expect(poissonMedian(Number.NaN)).toBe(0);
  });

  it('stops at a cap, and never sums an extreme rate term by term (1e39 events used to hang the tornado)', () => {
    expect(poissonMedian(5000, 30)).toBe(30);
    expect(poissonMedian(20, 30)).toBe(20);
    expect(poissonMedian(1e39, 10_000)).toBe(10_000);
    expect(poissonMedian(2e6)).toBe(2e6);
    expect(poissonMedian(1e300)).toBe(1e300);
  });

  it('matches the cumulative sum of the probabilities', () => {
    for (const lambda of [0.3, 1.4, 2.5, 4.6, 9.9, 33.3]) {
      let p = Math.exp(-lambda);
      let c = p;
      let n = 0;
      while (c < 0.5) {
        n++;
        p *= lambda / n;
        c += p;
      }
      expect(poissonMedian(lambda)).toBe(n);
    }
  });
});
