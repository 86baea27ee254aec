/*
 * PRIM finds a planted box: the outcome is low exactly when x1 > 0.7 and
 * x2 < 0.3, and three other inputs are irrelevant. Across seeds, the box it
 * chooses has coverage and density above 0.9 and restricts only x1 and x2.
 */
import { describe, expect, it } from 'vitest';
import { explorePlan, prepareText, type ExploreResult } from '../../src/index.js';
import { runPlanSync } from '../../src/plans.js';
import { hypergeometricUpper } from '../../src/explore/prim.js';

const parsed = prepareText(
  `
format: 1
id: planted
time: { start: 0, end: 1 }
parameters:
  x1: { dist: uniform, min: 0, max: 1 }
  x2: { dist: uniform, min: 0, max: 1 }
  x3: { dist: uniform, min: 0, max: 1 }
  x4: { dist: normal, mean: 0, sd: 1 }
  x5: { dist: uniform, min: 0, max: 1 }
variables:
  outcome: "x1 > 0.7 and x2 < 0.3 ? 1 : 10 + x3"
`,
  'planted.yaml',
);
if (!parsed.ok) throw new Error(parsed.error[0]!.message);
const planted = parsed.value;

function explore(seed: number, bootstrap = 0): ExploreResult {
  const plan = explorePlan(planted, { where: 'outcome@1 < 5', trials: 3000, seed, bootstrap });
  if (!plan.ok) throw new Error(plan.error[0]!.message);
  const r = runPlanSync(plan.value);
  if (!r.ok) throw new Error(r.error[0]!.message);
  return r.value;
}

describe('PRIM', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`finds the planted box (seed ${seed})`, () => {
      const r = explore(seed);
      expect(r.share).toBeGreaterThan(0.06);
      expect(r.box.coverage).toBeGreaterThan(0.9);
      expect(r.box.density).toBeGreaterThan(0.9);
      expect(r.box.restrictions.map((x) => x.input)).toEqual(['x1', 'x2']);
      const [x1, x2] = r.box.restrictions;
      expect(x1!.min).toBeCloseTo(0.7, 1);
      expect(x1!.max).toBeNull();
      expect(x2!.max).toBeCloseTo(0.3, 1);
      expect(x2!.min).toBeNull();
      for (const x of r.box.restrictions) expect(x.p_value).toBeLessThan(1e-6);
      // The trade-off curve starts at every trial and ends at the smallest box.
      expect(r.trajectory[0]).toEqual({ coverage: 1, density: r.share, mass: 1, restricted: 0 });
      expect(r.trajectory.at(-1)!.mass).toBeLessThan(0.1);
    });
  }

  it('restricts x1 and x2 in every bootstrap resample, and nothing else stays restricted', () => {
    const r = explore(7, 10);
    expect(r.bootstrap).toBe(10);
    for (const x of r.box.restrictions) expect(x.stability).toBe(1);
  });

  it('a hypergeometric tail: P(X >= k) matches the sum of the probabilities', () => {
    // N 10, K 4, n 3: P(X >= 2) = (C(4,2) C(6,1) + C(4,3)) / C(10,3) = (36 + 4) / 120.
    expect(hypergeometricUpper(10, 4, 3, 2)).toBeCloseTo(40 / 120, 12);
    expect(hypergeometricUpper(10, 4, 3, 0)).toBeCloseTo(1, 12);
  });
});
