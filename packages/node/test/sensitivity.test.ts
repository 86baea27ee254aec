import { planSensitivity, prepareValue, sensitivity, type Model, type SensitivitySettings } from '@foresight/core';
import { describe, expect, it } from 'vitest';
import { createRunPool, PoolBusyError, portableValue, type PortableScenario } from '../src/index.js';
import { compiled, exact, poolsOfOneToThree, portable } from './helpers.js';

function inline(doc: unknown): { portable: PortableScenario; model: Model } {
  const s = portableValue(doc, undefined);
  const m = prepareValue(doc);
  if (!s.ok || !m.ok) throw new Error('the document does not compile');
  return { portable: s.value, model: m.value };
}

// Correlated inputs (one Sobol factor), per-step noise, a Poisson shock whose
// rate is a factor, a variable that is not among the outputs.
const rich = inline({
  format: 1,
  id: 'rich',
  time: { start: 0, end: 8, dt: 0.5 },
  seed: 5,
  parameters: {
    a: { dist: 'normal', mean: 1, sd: 0.3 },
    b: { dist: 'lognormal', p5: 1, p95: 3 },
    c: { dist: 'pert', min: 0, mode: 0.2, max: 1 },
    rate: { dist: 'uniform', min: 0.1, max: 0.8 },
    noise: { dist: 'normal', mean: 0, sd: 0.05, per: 'step' },
  },
  correlations: [{ between: ['a', 'b'], rho: 0.6 }],
  shocks: { hit: { rate: 'rate', half_life: 1 } },
  stocks: { x: { initial: 1, inflow: '0.1 * a * x + b * c - hit + noise' } },
  variables: { y: 'x * (1 + c)' },
  outputs: ['x'],
});

// About one row in 170 takes log(0) (u > 0.997 in A or B): failures in many
// ranges of rows; with seed 20 the first is in row 658, past the first ranges.
const fragile = inline({
  format: 1,
  id: 'fragile',
  time: { start: 0, end: 3 },
  seed: 20,
  parameters: { u: { dist: 'uniform', min: 0, max: 1 }, v: { dist: 'uniform', min: 0, max: 1 } },
  variables: { y: 'u > 0.997 ? log(0) : v' },
});

// 100,000 steps a run: an analysis still running when a test acts on it.
const slow = inline({
  format: 1,
  id: 'slow',
  time: { start: 0, end: 1000, dt: 0.01, report: 1000 },
  parameters: { g: { dist: 'normal', mean: 0, sd: 0.001 }, h: { dist: 'uniform', min: 0, max: 1 } },
  stocks: { s: { initial: 1, inflow: 's * g * h' } },
});

const pools = poolsOfOneToThree();

describe('RunPool.sensitivity gives the single-threaded result for any number of workers', () => {
  const baseline = compiled('baseline');
  const cases: [string, () => { portable: PortableScenario; model: Model }, SensitivitySettings][] = [
    [
      'baseline tornado',
      () => ({ portable: portable('baseline'), model: baseline }),
      { output: 'vc_inflow', at: 2030 },
    ],
    [
      'baseline Sobol',
      () => ({ portable: portable('baseline'), model: baseline }),
      { output: 'workforce', method: 'sobol', samples: 67, resamples: 90 },
    ],
    [
      'baseline Sobol over time',
      () => ({ portable: portable('baseline'), model: baseline }),
      { output: 'vc_inflow', method: 'sobol', samples: 45, over_time: true, seed: 3 },
    ],
    [
      'correlated, noisy, shocked Sobol of a variable not output',
      () => rich,
      { output: 'y', method: 'sobol', samples: 301, over_time: true, at: 4 },
    ],
    ['correlated tornado', () => rich, { output: 'y', percentiles: [0.2, 0.7] }],
  ];
  for (const workers of [1, 2, 3]) {
    for (const [what, scenario, settings] of cases) {
      it(`${workers} worker(s): ${what}`, async () => {
        const { portable: s, model } = scenario();
        const got = await pools.get(workers)!.sensitivity(s, settings);
        const want = sensitivity(model, settings);
        expect(want.ok).toBe(true);
        expect(exact(got)).toBe(exact(want));
      });
    }
  }

  it("reports progress in model runs, up to the plan's count", async () => {
    const seen: [number, number][] = [];
    const got = await pools
      .get(2)!
      .sensitivity(
        rich.portable,
        { output: 'x', method: 'sobol', samples: 200 },
        { onProgress: (done, total) => seen.push([done, total]) },
      );
    expect(got.ok && got.value.runs).toBe(200 * (3 + 2));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([, total]) => total === 1000)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen.at(-1)![0]).toBe(1000);
  });
});

describe('RunPool.sensitivity passes problems through unchanged', () => {
  const pool = () => pools.get(3)!;

  it('a scenario that does not compile', async () => {
    const doc = { format: 1, id: 'x', time: { start: 0, end: 1 }, variables: { y: 'nope + 1' } };
    const s = portableValue(doc, undefined);
    if (!s.ok) throw new Error('portableValue failed');
    const got = await pool().sensitivity(s.value, { output: 'y' });
    expect(got).toEqual(prepareValue(doc));
    expect(got.ok).toBe(false);
  });

  it('usage and limit problems of the plan', async () => {
    const settings: SensitivitySettings[] = [
      { output: 'nothing', at: 2031.5 },
      { output: 'workforce', samples: 100 },
      { output: 'workforce', method: 'sobol', percentiles: [0.2, 0.8] },
      { output: 'workforce', method: 'sobol', samples: 1_000_000 },
    ];
    const codes: string[][] = [];
    for (const s of settings) {
      const got = await pool().sensitivity(portable('baseline'), s);
      const want = sensitivity(compiled('baseline'), s);
      expect(got).toEqual(want);
      codes.push(want.ok ? [] : want.error.map((p) => p.code));
    }
    expect(codes).toEqual([['usage', 'usage'], ['usage'], ['usage'], ['limit']]);
  });

  it('the first failing run in row order, as a single thread meets it, tornado and Sobol', async () => {
    for (const s of [
      { output: 'y', method: 'sobol', samples: 3000 },
      { output: 'y', percentiles: [0.5, 0.998] },
    ] as SensitivitySettings[]) {
      const want = sensitivity(fragile.model, s);
      expect(want.ok || want.error[0]!.message).toMatch(
        s.method === 'sobol' ? /in Sobol row 658 of B,/ : /with u at its p99\.8$/,
      );
      for (const workers of [1, 3]) expect(await pools.get(workers)!.sensitivity(fragile.portable, s)).toEqual(want);
    }
  });
});

describe('RunPool.sensitivity refuses what `sensitivity` refuses, as it does', () => {
  it('a failure message past maxMessage characters is cut, and a document with a non-finite number is a problem', async () => {
    // The failing row's message lists every parameter: 40 long names make it longer than PROBLEM_LIMITS.maxMessage.
    const names = Array.from({ length: 40 }, (_, i) => `a_parameter_with_a_rather_long_name_${i}`);
    const wordy = inline({
      ...(fragile.model.document as object),
      id: 'wordy',
      parameters: {
        ...fragile.model.document.parameters,
        ...Object.fromEntries(names.map((n) => [n, { dist: 'uniform', min: 0, max: 1 }])),
      },
    });
    // Every value finite, their variance (1e400) not.
    const huge = inline({
      format: 1,
      id: 'huge',
      time: { start: 0, end: 2 },
      parameters: { u: { dist: 'uniform', min: 0, max: 1 } },
      variables: { y: 'u * 1e200' },
    });
    const cases: [typeof wordy, SensitivitySettings, RegExp][] = [
      [wordy, { output: 'y', method: 'sobol', samples: 3000 }, /\.\.\.$/],
      [huge, { output: 'y', method: 'sobol', samples: 50 }, /variance is NaN/],
    ];
    for (const [scenario, settings, message] of cases) {
      const want = sensitivity(scenario.model, settings);
      expect(want.ok || want.error.map((p) => [p.code, p.message])).toEqual([
        ['non-finite', expect.stringMatching(message)],
      ]);
      expect(await pools.get(2)!.sensitivity(scenario.portable, settings)).toEqual(want);
    }
  });
});

describe('RunPool.sensitivity under load', () => {
  // 8,000 runs of 100,000 steps: minutes, and under the engine's maxOperations.
  const long: SensitivitySettings = { output: 's', method: 'sobol', samples: 2_000 };

  it('rejects with PoolBusyError when the queue is full', async () => {
    const pool = createRunPool({ workers: 1, maxQueue: 0 });
    const stop = new AbortController();
    try {
      const running = pool.sensitivity(slow.portable, long, { signal: stop.signal });
      running.catch(() => undefined);
      // It runs rather than stopping at a limit of the plan.
      expect(planSensitivity(slow.model, long).ok).toBe(true);
      expect(pool.pending).toBe(1);
      await expect(pool.sensitivity(rich.portable, { output: 'x' })).rejects.toBeInstanceOf(PoolBusyError);
      stop.abort();
      await expect(running).rejects.toMatchObject({ name: 'AbortError' });
      expect(pool.pending).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it("aborts a running analysis with the signal's reason, and the pool goes on", async () => {
    const pool = createRunPool({ workers: 2 });
    try {
      const stop = new AbortController();
      let progressed = 0;
      const running = pool.sensitivity(slow.portable, long, {
        signal: stop.signal,
        onProgress: (done) => {
          progressed = done;
          if (done > 0) stop.abort(new Error('enough'));
        },
      });
      await expect(running).rejects.toThrow('enough');
      expect(progressed).toBeGreaterThan(0);
      expect(progressed).toBeLessThan(2_000 * 4);
      expect(pool.pending).toBe(0);
      const after = await pool.sensitivity(rich.portable, { output: 'x', method: 'sobol', samples: 50 });
      expect(exact(after)).toBe(exact(sensitivity(rich.model, { output: 'x', method: 'sobol', samples: 50 })));
    } finally {
      await pool.close();
    }
  });
});
