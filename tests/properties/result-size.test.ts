import { fileURLToPath } from 'node:url';
import { checkPlan } from '@foresight/check';
import {
  comparePlan,
  prepareSource,
  prepareValue,
  runPlan,
  sensitivityPlan,
  type Model,
  type Plan,
  type Problem,
  type Result,
} from '@foresight/core';
import { runPlanSync } from '@foresight/core/plans';
import { folderResolver, loadScenarioFolder } from '@foresight/node';
import { describe, expect, it } from 'vitest';

/**
 * `plan.cost.result` is known before any work and is never less than the
 * answer: the UTF-8 bytes of the result document's compact JSON, for every
 * analysis, on the report's scenarios and on a document made to write long
 * numbers and escaped text.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const folder = loadScenarioFolder('scenarios', root);
const resolve = folderResolver(folder);

function scenario(id: string): Model {
  const entry = folder.entries.get(id);
  if (!entry) throw new Error(`no scenario ${id}`);
  const model = prepareSource(entry.source, { resolve });
  if (!model.ok) throw new Error(JSON.stringify(model.error));
  return model.value;
}

function made<T>(plan: Result<Plan<T>, Problem[]>): { plan: Plan<T>; bytes: number } {
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  const result = runPlanSync(plan.value);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return { plan: plan.value, bytes: Buffer.byteLength(JSON.stringify(result.value)) };
}

// Tiny and negative values (the longest numbers JSON writes), quotes, control characters and non-ASCII in labels and units.
const awkward = prepareValue({
  format: 1,
  id: 'awkward',
  title: 'Ünïcode "title" with \t tabs and 🚀',
  time: { start: 0, end: 40, dt: 0.5, report: 0.5 },
  quantiles: [0.01, 0.025, 0.5, 0.975, 0.99],
  parameters: {
    g: { dist: 'normal', mean: -1e-300, sd: 3e-301, unit: 'µ"units"\n' },
    h: { dist: 'uniform', min: 1, max: 2, per: 'step' },
  },
  stocks: { s: { initial: -1.2345678901234567e-200, inflow: 's * 0.01 + g', unit: 'ßtöck' } },
  variables: { v: { expr: 's * h - 1e-250', label: 'Label with "quotes", \\ and ✓', unit: '€/яр' } },
  targets: [{ variable: 's', time: 20, value: 0, tolerance: 1 }],
  assumptions: [{ name: 'positive (violated at once: a counterexample is written)', holds: 's > 0' }],
});
if (!awkward.ok) throw new Error(JSON.stringify(awkward.error));

describe('the result estimate of a plan', () => {
  const models = [
    ...['baseline', 'decoupling-severe', 'policy-push', 'trend-extrapolation'].map(scenario),
    awkward.value,
  ];

  it('bounds the JSON of runs and comparisons', () => {
    for (const m of models) {
      const run = made(runPlan(m, { trials: 60, seed: 5 }));
      expect(run.bytes).toBeLessThanOrEqual(run.plan.cost.result.amount);
      // Not far above it either: random doubles take most of their 25 bytes.
      if (m !== awkward.value) expect(run.plan.cost.result.amount).toBeLessThan(3 * run.bytes);
    }
    const [base, ...alternatives] = models.slice(0, 3);
    if (base === undefined) throw new Error('no base');
    const compared = made(comparePlan(base, alternatives, { trials: 60, seed: 5 }));
    expect(compared.bytes).toBeLessThanOrEqual(compared.plan.cost.result.amount);
    const narrowed = made(comparePlan(base, alternatives, { trials: 60, seed: 5, outputs: ['workforce'] }));
    expect(narrowed.bytes).toBeLessThanOrEqual(narrowed.plan.cost.result.amount);
    expect(narrowed.plan.cost.result.amount).toBeLessThan(compared.plan.cost.result.amount);
    const self = made(comparePlan(awkward.value, [awkward.value], { trials: 60, seed: 5 }));
    expect(self.bytes).toBeLessThanOrEqual(self.plan.cost.result.amount);
  });

  it('bounds the JSON of tornados, Sobol analyses over time and checks', () => {
    const base = scenario('baseline');
    const tornado = made(sensitivityPlan(base, { output: 'workforce' }));
    expect(tornado.bytes).toBeLessThanOrEqual(tornado.plan.cost.result.amount);
    const sobol = made(
      sensitivityPlan(base, { output: 'workforce', method: 'sobol', samples: 32, resamples: 10, over_time: true }),
    );
    expect(sobol.bytes).toBeLessThanOrEqual(sobol.plan.cost.result.amount);
    const awkwardSobol = made(
      sensitivityPlan(awkward.value, { output: 'v', method: 'sobol', samples: 16, resamples: 10, over_time: true }),
    );
    expect(awkwardSobol.bytes).toBeLessThanOrEqual(awkwardSobol.plan.cost.result.amount);
    for (const m of [base, awkward.value]) {
      const check = made(checkPlan(m, { runs: 30, seed: 2 }));
      expect(check.bytes).toBeLessThanOrEqual(check.plan.cost.result.amount);
    }
  });

  it('counts the numbers of a run exactly: outputs x reporting times x statistics, the times and the targets', () => {
    const m = scenario('baseline');
    const plan = runPlan(m, { trials: 10 });
    if (!plan.ok) throw new Error('no plan');
    const times = m.time.times.length;
    const stats = 4 + 5;
    expect(plan.value.cost.result.values).toBe(
      times + m.outputs.length * times * stats + 5 * (m.document.targets?.length ?? 0),
    );
  });
});
