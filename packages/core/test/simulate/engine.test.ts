import { describe, expect, it } from 'vitest';
import { prepareText, runModel, simulate } from '../../src/index.js';
import { column } from '../../src/summarize/summarize.js';
import { p50, relErr, run } from '../helpers.js';

describe('the order of one step', () => {
  it('records variables computed from stocks at t, then advances', () => {
    const r = run(
      `format: 1
id: s
time: { start: 0, end: 3 }
stocks:
  x: { initial: 1, inflow: "x" }
variables:
  seen: "x"
  next: "x + dt * x"
`,
      { trials: 1 },
    );
    expect(r.outputs['seen']!.mean).toEqual([1, 2, 4, 8]);
    expect(r.outputs['next']!.mean).toEqual([2, 4, 8, 16]);
    expect(r.outputs['x']!.mean).toEqual([1, 2, 4, 8]);
  });

  it('reports at start, start+report, ..., end with dt finer than report', () => {
    const r = run(
      `format: 1
id: s
time: { start: 2020, end: 2023, dt: 0.1, report: 1 }
stocks:
  x: { initial: 0, inflow: 1 }
`,
      { trials: 1 },
    );
    expect(r.times).toEqual([2020, 2021, 2022, 2023]);
    r.outputs['x']!.mean.forEach((v, i) => expect(relErr(v, i)).toBeLessThan(1e-12));
  });

  it('clamps a stock after each Euler step', () => {
    const r = run(
      `format: 1
id: s
time: { start: 0, end: 4 }
stocks:
  x: { initial: 2.5, outflow: 1, min: 0 }
  y: { initial: 0, inflow: 3, max: 5 }
`,
      { trials: 1 },
    );
    expect(r.outputs['x']!.mean).toEqual([2.5, 1.5, 0.5, 0, 0]);
    expect(r.outputs['y']!.mean).toEqual([0, 3, 5, 5, 5]);
  });

  it('series interpolate linearly or by step and hold their end values', () => {
    const r = run(
      `format: 1
id: s
time: { start: 2020, end: 2026 }
series:
  lin: { points: { 2021: 10, 2023: 30, 2025: 20 } }
  stp: { points: { 2021: 10, 2023: 30 }, interpolate: step }
lookups:
  curve: { points: [[0, 0], [2, 1]] }
variables:
  a: "lin"
  b: "stp"
  c: "curve(t - 2020)"
`,
      { trials: 1 },
    );
    expect(r.outputs['a']!.mean).toEqual([10, 10, 20, 30, 25, 20, 20]);
    expect(r.outputs['b']!.mean).toEqual([10, 10, 10, 30, 30, 30, 30]);
    expect(r.outputs['c']!.mean).toEqual([0, 0.5, 1, 1, 1, 1, 1]);
  });

  it('draws per-step parameters afresh at every step and per-trial ones once', () => {
    const r = run(
      `format: 1
id: s
time: { start: 0, end: 5 }
parameters:
  once: { dist: uniform, min: 0, max: 1 }
  each: { dist: uniform, min: 0, max: 1, per: step }
variables:
  a: "once"
  b: "each"
`,
      { trials: 1, seed: 3 },
    );
    const a = r.outputs['a']!.mean;
    const b = r.outputs['b']!.mean;
    expect(new Set(a).size).toBe(1);
    expect(new Set(b).size).toBe(6);
  });
});

describe('shocks', () => {
  it('fixed events with a half-life decay as specified', () => {
    const r = run(
      `format: 1
id: s
time: { start: 0, end: 6 }
shocks:
  s: { at: [1, 3], half_life: 2 }
  plain: { at: [2] }
outputs: [s, plain]
`,
      { trials: 1 },
    );
    const expected = [0, 1, 2 ** -0.5, 1 + 0.5, 2 ** -1.5 + 2 ** -0.5, 0.25 + 0.5, 2 ** -2.5 + 2 ** -1.5];
    r.outputs['s']!.mean.forEach((v, i) => expect(relErr(v, expected[i]!)).toBeLessThan(1e-12));
    expect(r.outputs['plain']!.mean).toEqual([0, 0, 1, 1, 1, 1, 1]);
  });

  it('Poisson events: mean count = rate x horizon, and max_events caps it', () => {
    const trials = 20000;
    const model = prepareText(
      `format: 1
id: s
time: { start: 2020, end: 2030 }
parameters:
  r: 0.3
shocks:
  s: { rate: r }
  capped: { rate: 2, max_events: 3 }
outputs: [s, capped]
`,
      'p.yaml',
    );
    if (!model.ok) throw new Error(model.error[0]!.message);
    const block = simulate(model.value, { seed: 11, from: 0, to: trials });
    if (!block.ok) throw new Error('run failed');
    const last = model.value.time.times.length - 1;
    const counts = column(model.value, block.value, 's', last);
    const mean = counts.reduce((a, b) => a + b, 0) / trials;
    // Poisson(3): sd of the mean is sqrt(3 / n); allow 4 standard errors.
    expect(Math.abs(mean - 3)).toBeLessThan(4 * Math.sqrt(3 / trials));
    const capped = column(model.value, block.value, 'capped', last);
    expect(Math.max(...capped)).toBe(3);
  });
});

describe('targets', () => {
  it('compares a stat, optionally relative to another time, within a relative tolerance', () => {
    const r = run(
      `format: 1
id: s
time: { start: 2020, end: 2025 }
stocks:
  w: { initial: 100, inflow: "w * 0.28" }
targets:
  - { variable: w, time: 2025, relative_to: 2020, value: 3.436, tolerance: 0.01 }
  - { variable: w, time: 2025, value: 400, stat: mean }
  - { variable: w, time: 2021, value: 128, stat: p5, tolerance: 0 }
`,
      { trials: 3 },
    );
    expect(r.targets.map((t) => t.pass)).toEqual([true, false, true]);
    expect(relErr(r.targets[0]!.actual!, 1.28 ** 5)).toBeLessThan(1e-12);
    expect(r.targets[0]).toMatchObject({ stat: 'p50', relative_to: 2020, tolerance: 0.01 });
  });
});

describe('uncertainty flows through', () => {
  it('p50 of a monotone transform is the transform of the median parameter', () => {
    const r = run(
      `format: 1
id: s
time: { start: 0, end: 10 }
parameters:
  g: { dist: uniform, min: 0.1, max: 0.3 }
stocks:
  w: { initial: 1, inflow: "w * g" }
`,
      { trials: 20001, seed: 5 },
    );
    // The sample median of 20001 uniforms lies within ~0.007 of 0.2 (4 sd of its sampling error).
    const at10 = p50(r, 'w')[10]!;
    expect(at10).toBeGreaterThan(1.193 ** 10);
    expect(at10).toBeLessThan(1.207 ** 10);
  });

  it('runModel honours trials and seed overrides', () => {
    const m = prepareText(
      `format: 1\nid: s\ntime: { start: 0, end: 1 }\ntrials: 5\nseed: 9\nparameters:\n  g: { dist: normal, mean: 0, sd: 1 }\noutputs: [g]\n`,
      'x.yaml',
    );
    if (!m.ok) throw new Error('bad');
    const a = runModel(m.value);
    const b = runModel(m.value, { trials: 7, seed: 10 });
    expect(a.ok && a.value.trials === 5 && a.value.seed === 9).toBe(true);
    expect(b.ok && b.value.trials === 7 && b.value.seed === 10).toBe(true);
  });
});
