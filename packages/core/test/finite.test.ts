import { describe, expect, it } from 'vitest';
import { compareModels, firstNonFinite, prepareText, runModel, sensitivity, type Problem } from '../src/index.js';

const base = 'format: 1\nid: s\ntime: { start: 0, end: 2 }\n';

function runProblems(text: string, trials = 5): Problem[] {
  const m = prepareText(text, 's.yaml');
  if (!m.ok) throw new Error(JSON.stringify(m.error));
  const r = runModel(m.value, { trials });
  expect(r.ok, 'expected the run to stop').toBe(false);
  return r.ok ? [] : r.error;
}

describe('no result carries a non-finite number', () => {
  it('reports a statistic that overflows (sd of values near 1e200) instead of returning Infinity, which JSON prints as null', () => {
    const ps = runProblems(
      `${base}parameters: { a: { dist: uniform, min: -1e200, max: 1e200 } }\nvariables: { v: "a" }\n`,
    );
    expect(ps).toEqual([
      expect.objectContaining({
        code: 'non-finite',
        path: ['variables', 'v'],
        line: 5,
        message: expect.stringMatching(/^the sd of 'v' at t=0 is Infinity/),
      }),
    ]);
  });

  it('reports a recorded parameter whose draws are not finite (stocks and variables are checked as they run; outputs are not)', () => {
    const ps = runProblems(`${base}parameters: { a: { dist: normal, mean: 0, sd: 1e308 } }\noutputs: [a]\n`, 50);
    expect(ps).toEqual([
      expect.objectContaining({
        code: 'non-finite',
        path: ['parameters', 'a'],
        message: expect.stringMatching(/of 'a' at t=0 is (NaN|-?Infinity)/),
      }),
    ]);
  });

  it('reports a paired difference that overflows', () => {
    const m = (sign: string) =>
      prepareText(`${base}parameters: { a: { value: ${sign}1.7e308 } }\noutputs: [a]\n`, 's.yaml');
    const [lo, hi] = [m('-'), m('')];
    if (!lo.ok || !hi.ok) throw new Error('expected both to compile');
    const r = compareModels(lo.value, [hi.value], { trials: 3 });
    expect(r).toMatchObject({
      ok: false,
      error: [
        { code: 'non-finite', path: ['parameters', 'a'], message: expect.stringContaining("of the difference in 'a'") },
      ],
    });
  });

  it('reports a tornado bar whose percentile is past the largest double', () => {
    const m = prepareText(
      `${base}parameters:\n  a: { dist: normal, mean: 1, sd: 0.1 }\n  wide: { dist: lognormal, mu: 0, sigma: 1.7e308 }\nvariables: { v: "a" }\n`,
      's.yaml',
    );
    if (!m.ok) throw new Error(JSON.stringify(m.error));
    const r = sensitivity(m.value, { output: 'v' });
    expect(r).toMatchObject({
      ok: false,
      error: [
        {
          code: 'non-finite',
          path: ['parameters', 'wide'],
          message: expect.stringMatching(/^the sensitivity analysis's (low|high) of 'wide' is Infinity/),
        },
      ],
    });
  });

  it('finds the first non-finite number, and nulls outside the nullable fields', () => {
    expect(firstNonFinite({ a: [1, 2, { b: NaN }] })).toEqual({ path: ['a', 2, 'b'], value: NaN });
    expect(firstNonFinite({ targets: [{ actual: null }], x: { relative_p50: [null, 1] } })).toBeUndefined();
    expect(firstNonFinite({ mean: [null] })).toEqual({ path: ['mean', 0], value: null });
    expect(firstNonFinite({ values: { x: null } }, new Set(['values']))).toBeUndefined();
    expect(firstNonFinite({ relative_p50: [Infinity] })).toEqual({ path: ['relative_p50', 0], value: Infinity });
  });
});

describe('sensitivity problems', () => {
  it('are capped like every other: a non-finite message lists every parameter', () => {
    const params = Array.from(
      { length: 300 },
      (_, i) => `  parameter_with_a_long_name_${i}: { dist: uniform, min: 1, max: 2 }`,
    ).join('\n');
    const m = prepareText(
      `${base}parameters:\n${params}\n  z: { dist: uniform, min: -1, max: 1 }\nvariables: { v: "sqrt(z)" }\n`,
      's.yaml',
    );
    if (!m.ok) throw new Error(JSON.stringify(m.error));
    const r = sensitivity(m.value, { output: 'v', method: 'sobol', samples: 8, resamples: 10 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.every((p) => p.message.length <= 1_003)).toBe(true);
  });
});
