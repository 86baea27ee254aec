/*
 * Every analysis, as cases an executor must answer exactly as core's
 * sequential reference does: results and failures. Shared by the thread and
 * the distributed suites.
 */
import {
  calibratePlan,
  comparePlan,
  explorePlan,
  runPlan,
  sensitivityPlan,
  type Model,
  type PieceSizing,
  type Plan,
  type Problem,
  type Result,
} from '@foresight/core';
import { checkPlan } from '@foresight/check';
import { runPlanSync } from '@foresight/core/plans';
import { compiled, inline } from './helpers.js';

// Trials that fail: u > threshold makes log(0).
export const fragile = (trials: number, name = 'u', threshold = 0.997, id = 'fragile') => ({
  format: 1,
  id,
  time: { start: 0, end: 5 },
  trials,
  seed: 4,
  parameters: { [name]: { dist: 'uniform', min: 0, max: 1 } },
  stocks: { s: { initial: 1, inflow: 's * 0.01' } },
  variables: { y: `${name} > ${threshold} ? log(0) : s` },
  outputs: ['s', 'y'],
});

// Correlated inputs (one Sobol factor), per-step noise, a Poisson shock whose
// rate is a factor, a variable that is not among the outputs.
export const rich = (id = 'rich', aMean = 1) =>
  inline({
    format: 1,
    id,
    time: { start: 0, end: 8, dt: 0.5 },
    seed: 5,
    parameters: {
      a: { dist: 'normal', mean: aMean, sd: 0.3 },
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

/** `rich` with evidence: a band, a ratio band and a lognormal error. */
export const observed = () => {
  const doc = rich().document;
  return inline({
    ...doc,
    id: 'observed',
    observations: [
      { variable: 'x', time: 4, value: 2.2, tolerance: 0.15 },
      { variable: 'x', time: 8, relative_to: 4, value: 1.5, tolerance: 0.2 },
      {
        variable: 'y',
        points: [
          [2, 1.6],
          [6, 3.5],
        ],
        log_sd: 0.2,
      },
    ],
  });
};

export interface AnalysisCase {
  readonly name: string;
  readonly plan: (sizing: PieceSizing) => Result<Plan<unknown>, Problem[]>;
}

const cases = (): AnalysisCase[] => {
  const baseline = compiled('baseline');
  const own = (ref: string, outputs: string[]) => compiled(ref, outputs, true);
  const late = inline(fragile(60_000, 'u', 0.99997, 'late'));
  const early = inline(fragile(60_000, 'v', 0.99, 'early'));
  const r = rich();
  const c = (name: string, plan: AnalysisCase['plan']): AnalysisCase => ({ name, plan });
  const cmp = (models: Model[], o: Parameters<typeof comparePlan>[2]) => (s: PieceSizing) =>
    comparePlan(models[0]!, models.slice(1), o, s) as Result<Plan<unknown>, Problem[]>;
  return [
    c('run: targets, an odd trial count', (s) => runPlan(baseline, { trials: 2001, seed: 5 }, s)),
    c('run: an outputs filter', (s) => runPlan(compiled('baseline', ['workforce', 'vc_inflow']), { trials: 777 }, s)),
    // Streamed: past the 16,384-trial pilot into whole blocks, on a model cheap enough to run on every executor.
    c('streamed run: pilot and blocks', (s) => runPlan(r, { trials: 18_001, seed: 8, quantileMethod: 'sketch' }, s)),
    c(
      'compare: two alternatives',
      cmp([baseline, compiled('decoupling-severe'), compiled('talent-squeeze')], { trials: 1001, seed: 9 }),
    ),
    c(
      'compare: an outputs filter',
      cmp([own('baseline', ['workforce']), own('policy-push', ['workforce'])], { trials: 333, outputs: ['workforce'] }),
    ),
    c('streamed compare', cmp([r, rich('rich-more', 1.2)], { trials: 18_001, quantileMethod: 'sketch' })),
    c('check', (s) => checkPlan(baseline, { runs: 20, seed: 3 }, s) as Result<Plan<unknown>, Problem[]>),
    c('tornado', (s) => sensitivityPlan(baseline, { output: 'workforce' }, s) as Result<Plan<unknown>, Problem[]>),
    c(
      'sobol over time: correlated, noise, shocks',
      (s) =>
        sensitivityPlan(
          r,
          { output: 'y', method: 'sobol', samples: 300, resamples: 120, over_time: true },
          s,
        ) as Result<Plan<unknown>, Problem[]>,
    ),
    c(
      'calibrate: ABC-SMC over bands and a likelihood, correlated, noise, shocks',
      (s) => calibratePlan(observed(), { trials: 300, seed: 6 }, s) as Result<Plan<unknown>, Problem[]>,
    ),
    c(
      'calibrate: the baseline on its targets (bands), within a small run budget',
      (s) =>
        calibratePlan(baseline, { trials: 200, seed: 2, targets: true, max_runs: 3000 }, s) as Result<
          Plan<unknown>,
          Problem[]
        >,
    ),
    c(
      'explore: rows, PRIM and a bootstrap',
      (s) => explorePlan(r, { where: 'x@8 < 1.5', trials: 3000, bootstrap: 6 }, s) as Result<Plan<unknown>, Problem[]>,
    ),
    c('failure: the first failing trial', (s) => runPlan(inline(fragile(3000)), {}, s)),
    c('failure: streamed, past the pilot', (s) => runPlan(late, { quantileMethod: 'sketch' }, s)),
    c('failure: streamed compare, the first failing scenario', cmp([early, late], { quantileMethod: 'sketch' })),
    c(
      'failure: a comparison stops at the scenario that fails',
      cmp([inline(fragile(3000, 'u', 2, 'fine')), inline(fragile(3000))], { trials: 3000 }),
    ),
    c(
      'failure: Sobol, the first failing row',
      (s) =>
        sensitivityPlan(
          inline({
            format: 1,
            id: 'fragile-rows',
            time: { start: 0, end: 3 },
            seed: 20,
            parameters: { u: { dist: 'uniform', min: 0, max: 1 }, v: { dist: 'uniform', min: 0, max: 1 } },
            variables: { y: 'u > 0.997 ? log(0) : v' },
          }),
          { output: 'y', method: 'sobol', samples: 1000 },
          s,
        ) as Result<Plan<unknown>, Problem[]>,
    ),
  ];
};

let made: AnalysisCase[] | undefined;
/** The cases, compiled once per test file. */
export const analyses = (): AnalysisCase[] => {
  made ??= cases();
  return made;
};

const references = new Map<string, Result<unknown, Problem[]>>();
/** The sequential reference of a case (core, this thread), computed once per test file. */
export function reference(c: AnalysisCase): Result<unknown, Problem[]> {
  let r = references.get(c.name);
  if (!r) {
    const plan = c.plan({ trialSteps: 2_000_000, parallelism: 1 });
    r = plan.ok ? runPlanSync(plan.value) : plan;
    references.set(c.name, r);
  }
  return r;
}
