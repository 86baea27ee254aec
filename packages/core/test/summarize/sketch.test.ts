import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { countColumn, emptyBounds, emptyCounts, setBounds } from '../../src/summarize/sketch.js';
import { compareModels, prepareText, runModel, simulate, type Model, type RunResult } from '../../src/index.js';
import { column } from '../../src/summarize/summarize.js';
import { MAX_STREAM_COLUMNS, SKETCH_THRESHOLD, streamSizes, useSketch } from '../../src/summarize/stream.js';
import { relErr } from '../helpers.js';

function model(text: string): Model {
  const m = prepareText(text, 'sketch.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => `${p.code} ${p.message}`).join('\n'));
  return m.value;
}

function ran(m: Model, options: Parameters<typeof runModel>[1]): RunResult {
  const r = runModel(m, options);
  if (!r.ok) throw new Error(r.error.map((p) => p.message).join('\n'));
  return r.value;
}

// Outputs of every kind a sketch meets: smooth (normal, heavy-tailed), a
// point mass beside a smooth part (a stock clamped at 0), a constant, and
// discrete values only.
const KINDS = `format: 1
id: kinds
time: { start: 0, end: 3 }
quantiles: [0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999]
parameters:
  g: { dist: normal, mean: 0.05, sd: 0.2 }
  u: { dist: uniform, min: 0, max: 1 }
  heavy: { dist: lognormal, p5: 1, p95: 1000 }
  eps: { dist: normal, mean: 0, sd: 0.1, per: step }
stocks:
  w: { initial: 100, inflow: "w * (g + eps)" }
  floor0: { initial: 1, inflow: "g - 0.3 + eps", min: 0 }
variables:
  fat: "heavy * (1 + t)"
  five: "5"
  dice: "round(u * 3)"
outputs: [w, floor0, fat, five, dice]
`;

/** Number of values < v and <= v in an ascending column. */
function ranks(sorted: Float64Array, v: number): [number, number] {
  let below = 0;
  let upTo = 0;
  for (const x of sorted) {
    if (x < v) below++;
    if (x <= v) upTo++;
  }
  return [below, upTo];
}

describe('the quantile sketch of streamed runs', () => {
  const m = model(KINDS);
  const trials = 30_001;
  const sketch = ran(m, { trials, seed: 5, quantileMethod: 'sketch' });
  const exact = ran(m, { trials, seed: 5, quantileMethod: 'exact' });
  const block = simulate(m, { seed: 5, from: 0, to: trials });
  if (!block.ok) throw new Error('simulate failed');

  it('says which method it used and states a rank error near 1/4,096', () => {
    expect(sketch.provenance.quantile_method).toBe('sketch');
    expect(exact.provenance.quantile_method).toBe('exact');
    expect(exact.provenance).not.toHaveProperty('quantile_rank_error');
    expect(sketch.provenance.quantile_rank_error).toBeGreaterThan(0);
    expect(sketch.provenance.quantile_rank_error).toBeLessThan(2e-3);
  });

  it('puts every quantile within the stated rank error of the exact type-7 position', () => {
    const bound = sketch.provenance.quantile_rank_error! * trials + 1;
    let checked = 0;
    for (const id of m.outputs) {
      for (const [key, series] of Object.entries(sketch.outputs[id]!.quantiles)) {
        const q = Number(key.slice(1)) / 100;
        series.forEach((v, r) => {
          const sorted = Float64Array.from(column(m, block.value, id, r)).sort();
          const [below, upTo] = ranks(sorted, v);
          const h = (trials - 1) * q;
          expect(h, `${id} ${key} at ${r}`).toBeGreaterThanOrEqual(below - bound);
          expect(h, `${id} ${key} at ${r}`).toBeLessThanOrEqual(upTo + bound);
          checked++;
        });
      }
    }
    expect(checked).toBe(5 * 7 * 4);
  });

  it('is exact where values sit on point masses: constants and discrete outputs', () => {
    for (const id of ['five', 'dice']) expect(sketch.outputs[id]!.quantiles).toEqual(exact.outputs[id]!.quantiles);
    expect(sketch.outputs['five']).toEqual(exact.outputs['five']);
    // From t = 2 on, the clamped stock's p5 lies in its point mass at 0.
    expect(exact.outputs['floor0']!.quantiles['p5']!.slice(2)).toEqual([0, 0]);
    expect(sketch.outputs['floor0']!.quantiles['p5']!.slice(2)).toEqual([0, 0]);
  });

  it('streams moments through blocks: equal to the exact ones but for rounding, min and max exactly', () => {
    for (const id of m.outputs) {
      const s = sketch.outputs[id]!;
      const e = exact.outputs[id]!;
      expect(s.min).toEqual(e.min);
      expect(s.max).toEqual(e.max);
      s.mean.forEach((x, r) => expect(relErr(x, e.mean[r]!)).toBeLessThan(1e-12));
      s.sd.forEach((x, r) => expect(relErr(x, e.sd[r]!)).toBeLessThan(1e-12));
    }
  });

  it('gives the moments of a constant column exactly, as the exact summary does', () => {
    const small = ran(m, { trials: 4000, seed: 2, quantileMethod: 'sketch' });
    const whole = ran(m, { trials: 4000, seed: 2, quantileMethod: 'exact' });
    expect(small.outputs['five']).toEqual(whole.outputs['five']);
    expect(small.outputs['five']!.sd).toEqual([0, 0, 0, 0]);
  });

  it('evaluates targets from the same summaries', () => {
    const withTargets = model(`${KINDS}targets:
  - { variable: w, time: 3, relative_to: 0, value: 1.1, tolerance: 0.5 }
  - { variable: w, time: 2, stat: mean, value: 110, tolerance: 0.5 }
  - { variable: dice, time: 1, stat: p25, value: 1, tolerance: 0.01 }
`);
    const s = ran(withTargets, { trials, seed: 5, quantileMethod: 'sketch' });
    const e = ran(withTargets, { trials, seed: 5, quantileMethod: 'exact' });
    expect(s.targets.map((t) => t.pass)).toEqual(e.targets.map((t) => t.pass));
    expect(s.targets[2]).toEqual(e.targets[2]);
    s.targets.forEach((t, i) => expect(relErr(t.actual!, e.targets[i]!.actual!)).toBeLessThan(1e-2));
  });

  it('is chosen past the threshold of stored values, unless the run has too many columns to stream', () => {
    expect(useSketch(undefined, SKETCH_THRESHOLD, 366)).toBe(false);
    expect(useSketch('auto', SKETCH_THRESHOLD + 1, 366)).toBe(true);
    expect(useSketch('auto', SKETCH_THRESHOLD + 1, MAX_STREAM_COLUMNS + 1)).toBe(false);
    expect(useSketch('exact', 1e12, 366)).toBe(false);
    expect(useSketch('sketch', 1, 1)).toBe(true);
    expect(streamSizes(366)).toEqual({ block: 4096, pilot: 16384, bounds: 4096 });
    expect(streamSizes(MAX_STREAM_COLUMNS)).toEqual({ block: 64, pilot: 256, bounds: 64 });
  });

  it('refuses to stream more columns than its buffers hold', () => {
    const wide = model(`format: 1
id: wide
time: { start: 0, end: 9999 }
stocks: { a: { initial: 1 }, b: { initial: 2 }, c: { initial: 3 }, d: { initial: 4 } }
outputs: [a, b, c, d]
`);
    const r = runModel(wide, { trials: 2, quantileMethod: 'sketch' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error[0]).toMatchObject({ code: 'limit', path: ['trials'] });
  });
});

describe('streamed comparisons', () => {
  const noisy = (id: string, mean: number) => `format: 1
id: ${id}
time: { start: 2020, end: 2026 }
parameters:
  g: { dist: normal, mean: ${mean}, sd: 0.02 }
  eps: { dist: normal, mean: 0, sd: 0.03, per: step }
stocks:
  w: { initial: 100, inflow: "w * (g + eps)", min: 0 }
variables:
  zero_half: "t < 2023 ? 0 : w / 2"
outputs: [w, zero_half]
`;
  const base = model(noisy('a', 0.05));
  const alt = model(noisy('b', 0.07));
  const trials = 20_000;

  it('comparing a scenario with itself gives exact zeros', () => {
    const r = compareModels(base, [base], { trials, quantileMethod: 'sketch' });
    if (!r.ok) throw new Error('compare failed');
    expect(r.value.quantile_method).toBe('sketch');
    expect(r.value.quantile_rank_error).toBe(0);
    const d = r.value.comparisons[0]!.outputs['w']!;
    if ('absent' in d) throw new Error('absent');
    expect(d.difference.mean.every((x) => x === 0)).toBe(true);
    expect(
      Object.values(d.difference.quantiles)
        .flat()
        .every((x) => x === 0),
    ).toBe(true);
    expect(d.difference.p_greater.every((x) => x === 0)).toBe(true);
    expect(d.difference.relative_p50.every((x) => x === 0)).toBe(true);
    const z = r.value.comparisons[0]!.outputs['zero_half']!;
    if ('absent' in z) throw new Error('absent');
    // Where the base is 0 in every trial there is no relative difference.
    expect(z.difference.relative_p50.slice(0, 3)).toEqual([null, null, null]);
  });

  it('agrees with the exact comparison: P(alt > base) exactly, quantiles within the rank error', () => {
    const s = compareModels(base, [alt], { trials, quantileMethod: 'sketch' });
    const e = compareModels(base, [alt], { trials, quantileMethod: 'exact' });
    if (!s.ok || !e.ok) throw new Error('compare failed');
    expect(e.value).not.toHaveProperty('quantile_method');
    const sd = s.value.comparisons[0]!.outputs['w']!;
    const ed = e.value.comparisons[0]!.outputs['w']!;
    if ('absent' in sd || 'absent' in ed) throw new Error('absent');
    expect(sd.difference.p_greater).toEqual(ed.difference.p_greater);
    expect(sd.difference.p_less).toEqual(ed.difference.p_less);
    sd.difference.mean.forEach((x, r) => expect(relErr(x, ed.difference.mean[r]!)).toBeLessThan(1e-12));
    const b = simulate(base, { seed: 1, from: 0, to: trials });
    const a = simulate(alt, { seed: 1, from: 0, to: trials });
    if (!b.ok || !a.ok) throw new Error('simulate failed');
    const bound = s.value.quantile_rank_error! * trials + 1;
    expect(s.value.quantile_rank_error).toBeLessThan(3e-3);
    for (const [key, series] of Object.entries(sd.difference.quantiles)) {
      const q = Number(key.slice(1)) / 100;
      series.forEach((v, r) => {
        const bw = column(base, b.value, 'w', r);
        const aw = column(alt, a.value, 'w', r);
        const diffs = Float64Array.from(bw, (x, k) => aw[k]! - x).sort();
        const [below, upTo] = ranks(diffs, v);
        expect((trials - 1) * q).toBeGreaterThanOrEqual(below - bound);
        expect((trials - 1) * q).toBeLessThanOrEqual(upTo + bound);
      });
    }
    expect(s.value.runs[1]!.provenance.quantile_method).toBe('sketch');
  });
});

describe('sketch counting', () => {
  const values = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.constantFrom(0, -0, 1, 1e-300, -1e300, 5e-324),
  );
  test.prop(
    [
      fc.array(values, { minLength: 1, maxLength: 300 }),
      fc.array(values, { maxLength: 300 }),
      fc.integer({ min: 1, max: 64 }),
    ],
    {
      seed: 23,
      numRuns: 300,
    },
  )('puts every value in the bucket a full search finds: below, on or between the bounds', (pilot, xs, capacity) => {
    const bounds = emptyBounds(1, capacity);
    setBounds(bounds, 0, Float64Array.from(pilot).sort());
    const counts = emptyCounts(bounds);
    countColumn(bounds, 0, Float64Array.from(xs), xs.length, counts);
    const k = bounds.sizes[0]!;
    const u = Array.from(bounds.values.subarray(0, k));
    const want = new Uint32Array(counts.length);
    for (const x of xs) {
      const lo = u.filter((b) => b < x).length;
      want[lo < k && u[lo] === x ? 2 * lo + 1 : 2 * lo]!++;
    }
    expect(Array.from(counts)).toEqual(Array.from(want));
  });
});
