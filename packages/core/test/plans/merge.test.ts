/*
 * A plan's merge is exact and does not depend on how its work was split or
 * in what order the answers arrived: pieces sized for any executor, their
 * answers taken in any order, give the bytes of the sequential reference.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  calibratePlan,
  compareModels,
  comparePlan,
  prepareText,
  runModel,
  runPlan,
  sensitivity,
  sensitivityPlan,
  type Model,
  type Plan,
  type PieceSizing,
  type Problem,
  type Result,
} from '../../src/index.js';
import { localEnv, plainAlloc, runPlanSync, type Stage } from '../../src/plans.js';

/**
 * Run a plan as an executor might: each stage's wanted pieces computed, then
 * taken in the order `order` gives (a permutation of the piece indices),
 * asking `wanted` again before each is taken, as executors do between answers.
 */
function runShuffled<T>(plan: Plan<T>, order: (n: number) => number[]): Result<T, Problem[]> {
  const envOf = localEnv(plan as Plan<unknown>);
  let step = plan.start(plainAlloc);
  while ('stage' in step) {
    const stage = step.stage;
    const env = envOf(stage as Stage<unknown>);
    for (const i of order(stage.pieces.length)) {
      if (!stage.wanted(i)) continue;
      const piece = stage.pieces[i]!;
      stage.take(i, plan.kinds[piece.kind]!.compute(piece, env));
    }
    step = stage.next();
  }
  return step.result;
}

const compile = (text: string): Model => {
  const m = prepareText(text, 'merge.yaml');
  if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
  return m.value;
};

const noElapsed = (doc: unknown) => JSON.stringify(doc, (k, v: unknown) => (k === 'elapsed_ms' ? 0 : v));

// Noise per step, a Poisson shock on a parameter rate, correlated inputs, a target.
const baseText = `
format: 1
id: merge
time: { start: 0, end: 12 }
seed: 3
parameters:
  g: { dist: normal, mean: 0.05, sd: 0.02 }
  k: { dist: lognormal, p5: 50, p95: 200 }
  rate: { dist: uniform, min: 0.1, max: 0.6 }
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
correlations:
  - { between: [g, k], rho: 0.5 }
shocks:
  hit: { rate: rate, half_life: 2 }
stocks:
  s: { initial: 10, inflow: "s * (g + noise) * (1 - s / k) - hit", min: 0 }
variables:
  v: "s * 2"
outputs: [s, v]
targets:
  - { variable: s, time: 12, relative_to: 0, value: 1.5, tolerance: 0.5 }
`;
const base = compile(baseText);
const alt = compile(`
format: 1
id: alt
time: { start: 0, end: 12 }
parameters:
  g: { dist: normal, mean: 0.06, sd: 0.02 }
  k: { dist: lognormal, p5: 50, p95: 200 }
stocks:
  s: { initial: 10, inflow: "s * g * (1 - s / k)" }
`);
// 35 outputs x 61 times: streamed blocks of 512 trials, a pilot of 2,048, so 2,600 trials have blocks past it.
const wide = compile(`
format: 1
id: wide
time: { start: 0, end: 60 }
seed: 9
parameters:
  g: { dist: normal, mean: 0.02, sd: 0.01 }
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
stocks:
  s: { initial: 1, inflow: "s * (g + noise)" }
variables:
${Array.from({ length: 34 }, (_, i) => `  v${i}: "s * ${i + 1}"`).join('\n')}
outputs: [s, ${Array.from({ length: 34 }, (_, i) => `v${i}`).join(', ')}]
`);

const sizing = fc.record({
  trialSteps: fc.integer({ min: 50, max: 400_000 }),
  parallelism: fc.integer({ min: 1, max: 6 }),
});
/** A permutation of 0..n-1 from a list of random keys. */
const permutation = fc
  .array(fc.double({ noNaN: true }), { minLength: 64, maxLength: 64 })
  .map(
    (keys) => (n: number) =>
      Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a % 64]! + a * 1e-9 - (keys[b % 64]! + b * 1e-9)),
  );

const cases: [string, (s: PieceSizing) => Result<Plan<unknown>, Problem[]>, () => unknown][] = [
  ['an exact run', (s) => runPlan(base, { trials: 1501 }, s), () => runModel(base, { trials: 1501 })],
  [
    'a streamed run',
    (s) => runPlan(wide, { trials: 2600, quantileMethod: 'sketch' }, s),
    () => runModel(wide, { trials: 2600, quantileMethod: 'sketch' }),
  ],
  [
    'a comparison',
    (s) => comparePlan(base, [alt], { trials: 999 }, s),
    () => compareModels(base, [alt], { trials: 999 }),
  ],
  [
    'a streamed comparison',
    (s) => comparePlan(base, [alt], { trials: 17_000, quantileMethod: 'sketch' }, s),
    () => compareModels(base, [alt], { trials: 17_000, quantileMethod: 'sketch' }),
  ],
  [
    'a tornado',
    (s) => sensitivityPlan(base, { output: 's' }, s) as Result<Plan<unknown>, Problem[]>,
    () => sensitivity(base, { output: 's' }),
  ],
  [
    'Sobol indices over time',
    (s) =>
      sensitivityPlan(
        base,
        { output: 'v', method: 'sobol', samples: 130, resamples: 50, over_time: true },
        s,
      ) as Result<Plan<unknown>, Problem[]>,
    () => sensitivity(base, { output: 'v', method: 'sobol', samples: 130, resamples: 50, over_time: true }),
  ],
];

// The same with evidence: a band and a series with normal errors (its target ignored by calibration).
const observed = compile(`${baseText.replace('id: merge', 'id: observed')}observations:
  - { variable: s, time: 6, value: 12, tolerance: 0.1 }
  - { variable: s, points: [[9, 14, 2], [12, 16, 2]] }
`);
cases.push([
  'a calibration (ABC-SMC rounds)',
  (s) => calibratePlan(observed, { trials: 150, seed: 4 }, s) as Result<Plan<unknown>, Problem[]>,
  () => {
    const p = calibratePlan(observed, { trials: 150, seed: 4 });
    return p.ok ? runPlanSync(p.value) : p;
  },
]);

describe('merging the answers of a plan', () => {
  for (const [what, plan, reference] of cases) {
    const want = noElapsed(reference());
    test.prop([sizing, permutation], { seed: 14, numRuns: 5 })(
      `${what}: any split and any order give the reference's bytes`,
      (s, order) => {
        const p = plan(s);
        if (!p.ok) throw new Error(p.error[0]!.message);
        expect(noElapsed(runShuffled(p.value, order))).toBe(want);
      },
    );
  }

  test.prop([sizing, permutation], { seed: 15, numRuns: 10 })(
    'a run that fails: the failure the reference reports, however the pieces came',
    (s, order) => {
      const fragile = compile(`
format: 1
id: fragile
time: { start: 0, end: 3 }
seed: 4
parameters: { u: { dist: uniform, min: 0, max: 1 } }
variables: { y: "u > 0.995 ? log(0) : u" }
`);
      const p = runPlan(fragile, { trials: 4000 }, s);
      if (!p.ok) throw new Error('plan');
      const got = runShuffled(p.value, order);
      expect(got.ok).toBe(false);
      expect(got).toEqual(runModel(fragile, { trials: 4000 }));
    },
  );
});
