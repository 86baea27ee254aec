// Calibration and scenario discovery, after a build (not part of `pnpm test`):
//  1. the baseline calibrated on its targets (read as bands) in this thread and on thread executors
//     of 1 and 2 workers: wall time, model runs, effective sample size, results checked identical;
//  2. PRIM over 100,000 trials of 30 inputs (a synthetic scenario: the outcome is low when
//     x1 > 0.7 and x2 < 0.3), its rows and peeling, then with a bootstrap of 10 resamples.
//   node bench/learn.mjs        (BENCH_TRIALS=1000 BENCH_PRIM_TRIALS=100000 BENCH_WORKERS=1,2 BENCH_SCENARIO=baseline)
import { calibratePlan, explorePlan, prepareText } from '@foresight/core';
import { runPlanSync } from '@foresight/core/plans';
import { createThreadExecutor, loadModel, loadScenarioFolder } from '@foresight/node';

const trials = Number(process.env.BENCH_TRIALS ?? 1000);
const primTrials = Number(process.env.BENCH_PRIM_TRIALS ?? 100_000);
const workers = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const scenario = process.env.BENCH_SCENARIO ?? 'baseline';
const stable = (doc) => JSON.stringify(doc, (k, v) => (k === 'elapsed_ms' ? 0 : v));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const folder = loadScenarioFolder('scenarios');
const model = loadModel(scenario, folder);
if (!model.ok) throw new Error(`${scenario} does not load`);
const settings = { trials, targets: true, seed: 1 };

const rows = [];
const timed = async (what, fn) => {
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  if (!r.ok) {
    rows.push([what, seconds(ms), r.error[0].message.slice(0, 160)]);
    return undefined;
  }
  return { ms, value: r.value };
};

console.log(`# calibrating ${scenario} on its targets, ${trials} posterior draws`);
const plan = calibratePlan(model.value, settings);
if (!plan.ok) throw new Error(plan.error[0].message);
const here = await timed('this thread', () => runPlanSync(plan.value));
const want = here && stable(here.value);
const report = (what, got) => {
  if (!got) return;
  const v = got.value;
  const same = stable(v) === want ? 'identical' : 'DIFFERENT';
  console.log(
    `${what.padEnd(12)} ${seconds(got.ms).padStart(8)}  ${String(v.model_runs).padStart(8)} runs  ESS ${v.ess.toFixed(0).padStart(5)}  ${v.rounds.length} rounds, last tolerance ${v.rounds.at(-1).tolerance}  ${same}`,
  );
};
report('this thread', here);
for (const n of workers) {
  const executor = createThreadExecutor({ workers: n });
  try {
    const p = calibratePlan(model.value, settings, executor.sizing);
    if (!p.ok) throw new Error(p.error[0].message);
    report(`${n} worker${n === 1 ? '' : 's'}`, await timed(`${n} workers`, () => executor.run(p.value)));
  } finally {
    await executor.close();
  }
}
for (const r of rows) console.log(r.join('  '));

console.log(`\n# PRIM over ${primTrials} trials of 30 inputs`);
const doc = `format: 1
id: prim-bench
time: { start: 0, end: 1 }
parameters:
${Array.from({ length: 30 }, (_, i) => `  x${i + 1}: { dist: uniform, min: 0, max: 1 }`).join('\n')}
variables:
  outcome: "x1 > 0.7 and x2 < 0.3 ? x3 : 10 + x3"
`;
const synthetic = prepareText(doc, 'prim-bench.yaml');
if (!synthetic.ok) throw new Error(synthetic.error[0].message);
for (const bootstrap of [0, 10]) {
  const p = explorePlan(synthetic.value, { where: 'outcome@1 < 5', trials: primTrials, bootstrap });
  if (!p.ok) throw new Error(p.error[0].message);
  const got = await timed('prim', () => runPlanSync(p.value));
  if (got)
    console.log(
      `bootstrap ${String(bootstrap).padStart(2)}: ${seconds(got.ms)}, box ${got.value.box.restrictions.map((r) => r.input).join(', ')}, coverage ${got.value.box.coverage.toFixed(3)}, density ${got.value.box.density.toFixed(3)}`,
    );
}
