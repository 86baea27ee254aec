/*
 * The Sobol design in pieces (what a worker pool computes): any split of the
 * rows and of the bootstrap resamples into ranges, computed in any order,
 * gives the document `sensitivity` gives in one pass, bit for bit.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  planSensitivity,
  prepareText,
  sensitivity,
  type Model,
  type SensitivityPlan,
  type SensitivitySettings,
} from '../../src/index.js';
import { sobolDesign, type SobolDesign } from '../../src/sensitivity/sobol.js';
import { sobolDocument } from '../../src/sensitivity/result.js';

function compiled(text: string): Model {
  const m = prepareText(text, 'test.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n'));
  return m.value;
}

// Correlated inputs, per-step noise, a Poisson shock whose rate is a factor,
// and an output left out of `outputs` (so the design narrows the model).
const model = compiled(`
format: 1
id: pieces
time: { start: 0, end: 6, dt: 0.5 }
seed: 11
parameters:
  a: { dist: normal, mean: 1, sd: 0.3 }
  b: { dist: lognormal, p5: 1, p95: 3 }
  c: { dist: pert, min: 0, mode: 0.2, max: 1 }
  rate: { dist: uniform, min: 0.1, max: 0.8 }
  noise: { dist: normal, mean: 0, sd: 0.05, per: step }
correlations:
  - { between: [a, b], rho: 0.6 }
shocks:
  hit: { rate: rate, half_life: 1 }
stocks:
  x: { initial: 1, inflow: "0.1 * a * x + b * c - hit + noise" }
variables:
  y: "x * (1 + c)"
outputs: [x]
`);

function planned(settings: SensitivitySettings): { plan: SensitivityPlan; design: SobolDesign } {
  const plan = planSensitivity(model, settings);
  if (!plan.ok) throw new Error(plan.error.map((p) => p.message).join('\n'));
  const design = sobolDesign(model, plan.value);
  if (!design.ok) throw new Error(design.error.map((p) => p.message).join('\n'));
  return { plan: plan.value, design: design.value };
}

/** [0, n) cut at the given points (each taken modulo n), in a shuffled order. */
function cut(n: number, cuts: readonly number[], order: readonly number[]): [number, number][] {
  const points = [...new Set([0, n, ...cuts.map((c) => c % n)])].sort((x, y) => x - y);
  const parts = points.slice(1).map((to, i): [number, number] => [points[i]!, to]);
  return order.reduce((acc, k) => {
    if (acc.length > 1) acc.push(...acc.splice(k % acc.length, 1));
    return acc;
  }, parts);
}

const stable = (doc: unknown) => JSON.stringify(doc, (k, v: unknown) => (k === 'elapsed_ms' ? 0 : v));

describe('a Sobol design computed in pieces', () => {
  const settings: SensitivitySettings = { output: 'y', method: 'sobol', samples: 97, resamples: 61, over_time: true };
  const whole = sensitivity(model, settings);

  it('is the whole analysis when done in one piece each', () => {
    const { plan, design } = planned(settings);
    const y = new Float64Array(design.designLength);
    expect(design.rows(0, plan.samples, y, plan.samples, 0)).toBeUndefined();
    const boot = new Float64Array(design.bootstrapLength);
    design.bootstrap(y, 0, plan.resamples, boot, plan.resamples, 0);
    expect(whole.ok).toBe(true);
    expect(stable({ ok: true, value: sobolDocument(model, plan, design.finish(y, boot), 0) })).toBe(stable(whole));
    // Three factors (a + b together, c, rate) and 7 kept times (every reporting time).
    expect([design.designLength, design.bootstrapLength]).toEqual([(3 + 2) * 7 * 97, 2 * 7 * 3 * 61]);
  });

  test.prop(
    [
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.array(fc.nat(), { maxLength: 6 }),
    ],
    { seed: 7, numRuns: 25 },
  )(
    'is the whole analysis for any split of rows and resamples, in any order',
    (rowCuts, rowOrder, bootCuts, bootOrder) => {
      const { plan, design } = planned(settings);
      const y = new Float64Array(design.designLength);
      for (const [from, to] of cut(plan.samples, rowCuts, rowOrder))
        expect(design.rows(from, to, y, plan.samples, 0)).toBeUndefined();
      const boot = new Float64Array(design.bootstrapLength);
      for (const [from, to] of cut(plan.resamples, bootCuts, bootOrder))
        design.bootstrap(y, from, to, boot, plan.resamples, 0);
      expect(stable({ ok: true, value: sobolDocument(model, plan, design.finish(y, boot), 0) })).toBe(stable(whole));
    },
  );

  it('reports the first failing run of a range, by row: the lowest failing row over every range is the one-pass failure', () => {
    const fragile = compiled(`
format: 1
id: fragile
time: { start: 0, end: 3 }
parameters:
  u: { dist: uniform, min: 0, max: 1 }
  v: { dist: uniform, min: 0, max: 1 }
variables:
  y: "u > 0.99 ? log(0) : v"
`);
    const s: SensitivitySettings = { output: 'y', method: 'sobol', samples: 400 };
    const one = sensitivity(fragile, s);
    expect(one.ok).toBe(false);
    const plan = planSensitivity(fragile, s);
    if (!plan.ok) throw new Error('plan');
    const design = sobolDesign(fragile, plan.value);
    if (!design.ok) throw new Error('design');
    const y = new Float64Array(design.value.designLength);
    const failures = cut(400, [50, 100, 150, 200, 250, 300, 350], []).flatMap(([from, to]) => {
      const f = design.value.rows(from, to, y, 400, 0);
      return f ? [f] : [];
    });
    expect(failures.length).toBeGreaterThan(1);
    const first = failures.reduce((x, f) => (f.row < x.row ? f : x));
    expect(one).toEqual({ ok: false, error: [first.problem] });
    expect(first.problem.message).toMatch(
      new RegExp(`^variable 'y' is -Infinity at t=0 in Sobol row ${first.row} of `),
    );
  });
});
