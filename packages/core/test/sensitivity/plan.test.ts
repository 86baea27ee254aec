import { describe, expect, it } from 'vitest';
import { planSensitivity, prepareText, sensitivity, type Model, type SensitivitySettings } from '../../src/index.js';

const m = ((): Model => {
  const r = prepareText(
    `format: 1
id: planned
time: { start: 2020, end: 2030, report: 2 }
parameters:
  a: { dist: normal, mean: 0, sd: 1 }
  b: { dist: uniform, min: 0, max: 1 }
  c: { dist: pert, min: 0, mode: 1, max: 2 }
  d: { dist: lognormal, mu: 0, sigma: 1 }
  k: 3
  flat: { dist: uniform, min: 1, max: 1 }
  noise: { dist: normal, mean: 0, sd: 1, per: step }
correlations:
  - { between: [a, c], rho: 0.4 }
  - { between: [d, c], rho: 0.2 }
variables:
  y: "a + b + c + d + k + flat + noise"
`,
    'planned.yaml',
  );
  if (!r.ok) throw new Error(r.error.map((p) => p.message).join('\n'));
  return r.value;
})();

const messages = (settings: SensitivitySettings): string[] => {
  const r = planSensitivity(m, settings);
  return r.ok ? [] : r.error.map((p) => `${p.code} ${p.message}`);
};

describe('planSensitivity', () => {
  it('tornado: one factor per per-trial parameter with a spread, 2D + 1 runs', () => {
    const r = planSensitivity(m, { output: 'y' });
    if (!r.ok) throw new Error('no plan');
    expect(r.value.factors.map((f) => f.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(r.value).toMatchObject({
      method: 'tornado',
      runs: 9,
      at: 2030,
      atIndex: 5,
      seed: 1,
      percentiles: [0.1, 0.9],
    });
  });

  it('sobol: correlated parameters grouped into one factor, N (D + 2) runs', () => {
    const r = planSensitivity(m, { output: 'y', method: 'sobol', samples: 500, at: 2024, seed: 9 });
    if (!r.ok) throw new Error('no plan');
    expect(r.value.factors).toEqual([
      { id: 'a + c + d', parameters: [0, 2, 3] },
      { id: 'b', parameters: [1] },
    ]);
    expect(r.value).toMatchObject({
      runs: 2000,
      samples: 500,
      resamples: 1000,
      at: 2024,
      atIndex: 2,
      seed: 9,
      overTime: false,
    });
  });

  it("refuses what it cannot do, every problem at once, with code usage, as the request's problems", () => {
    expect(messages({ output: 'nope', at: 2021 })).toEqual([
      "usage output 'nope' is not a stock, variable, parameter, series or shock of 'planned'",
      "usage 2021 is not a reporting time of 'planned' (2020, 2022, 2024, 2026, 2028, 2030)",
    ]);
    expect(messages({ output: 'y', samples: 100, over_time: true })).toEqual([
      'usage samples applies to the sobol method, not tornado',
      'usage over_time applies to the sobol method, not tornado',
    ]);
    expect(messages({ output: 'y', method: 'sobol', percentiles: [0.2, 0.8] })).toEqual([
      'usage percentiles applies to the tornado method, not sobol',
    ]);
    expect(messages({ output: 'y', method: 'sobol', samples: 1 })).toEqual(['usage at least 2']);
    expect(messages({ output: 'y', percentiles: [0.9, 0.1] })).toEqual([
      'usage percentiles are [low, high] with 0 < low < high < 1',
    ]);
    expect(messages({ output: 't' })[0]).toBe(
      "usage output 't' is not a stock, variable, parameter, series or shock of 'planned'",
    );
    expect(messages({ output: 'flt' })[0]).toBe(
      "usage output 'flt' is not a stock, variable, parameter, series or shock of 'planned'; did you mean 'flat'?",
    );
    const r = planSensitivity(m, { output: 'nope', method: 'sobol', samples: 1 });
    expect(r.ok ? [] : r.error.map((p) => [p.file, p.path, p.line, p.column])).toEqual([
      ['<request>', ['samples'], 1, 1],
    ]);
    const s = planSensitivity(m, { output: 'nope', at: 2021 });
    expect(s.ok ? [] : s.error.map((p) => [p.file, p.path])).toEqual([
      ['<request>', ['output']],
      ['<request>', ['at']],
    ]);
  });

  it('refuses a run count over the work limit before running anything', () => {
    expect(messages({ output: 'y', method: 'sobol', samples: 1_000_000 })).toEqual([]); // 4M runs: within the limit
    const params = Array.from({ length: 10 }, (_, i) => `  p${i}: { dist: uniform, min: 0, max: 1 }\n`).join('');
    const wide = prepareText(
      `format: 1\nid: wide\ntime: { start: 0, end: 1 }\nparameters:\n${params}variables:\n  y: "p0"\n`,
      'w.yaml',
    );
    if (!wide.ok) throw new Error('no model');
    const r = planSensitivity(wide.value, { output: 'y', method: 'sobol', samples: 1_000_000 });
    expect(r.ok ? [] : r.error.map((p) => `${p.code} ${p.message}`)).toEqual([
      'limit 1000000 samples x (10 factors + 2) = 12000000 runs is over the limit of 10000000; lower --samples',
    ]);
  });

  it('refuses a scenario with nothing to vary', () => {
    const flat = prepareText(
      'format: 1\nid: flat\ntime: { start: 0, end: 1 }\nparameters:\n  k: 1\nvariables:\n  y: "k"\n',
      'f.yaml',
    );
    if (!flat.ok) throw new Error('no model');
    const r = sensitivity(flat.value, { output: 'y' });
    expect(r.ok ? [] : r.error.map((p) => p.message)).toEqual([
      "'flat' has no per-trial parameter with a spread: nothing to vary",
    ]);
  });
});
