// Sensitivity analysis on worker threads against one thread, after a build:
// the same analysis single-threaded in the core (`sensitivity`) and on thread
// executors of 1 and 2 workers, each run once first to warm up (so worker start-up,
// compiling and the JIT are not counted), checking every answer equals the
// core's but for elapsed_ms. Prints a table; the figures go in bench/README.md. Not part of `pnpm test`.
//   node bench/sensitivity.mjs       (BENCH_SAMPLES=4096 BENCH_OUTPUT=workforce BENCH_OVER_TIME=1 BENCH_WORKERS=1,2 BENCH_REPEATS=1)
import { sensitivity, sensitivityPlan } from '@foresight/core';
import { createThreadExecutor, loadModel, loadScenarioFolder } from '@foresight/node';

const samples = Number(process.env.BENCH_SAMPLES ?? 4096);
const output = process.env.BENCH_OUTPUT ?? 'workforce';
const overTime = process.env.BENCH_OVER_TIME === '1';
const workers = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const repeats = Number(process.env.BENCH_REPEATS ?? 1);

const folder = loadScenarioFolder('scenarios');
const model = loadModel('baseline', folder);
if (!model.ok) throw new Error('the baseline does not load');
const settings = { output, method: 'sobol', samples, ...(overTime ? { over_time: true } : {}) };
const stable = (doc) => JSON.stringify(doc, (k, v) => (k === 'elapsed_ms' ? 0 : v));

// Wall time, best of the repeats, and the CPU time of that repeat: process.cpuUsage counts every thread of the process, workers included.
const best = async (fn) => {
  await fn();
  let min = Infinity;
  let cpu = 0;
  let value;
  for (let i = 0; i < repeats; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = await fn();
    const ms = performance.now() - t0;
    if (ms < min) [min, cpu] = [ms, (process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000];
  }
  return { ms: min, cpu, value };
};

const one = await best(() => sensitivity(model.value, settings));
if (!one.value.ok) throw new Error(one.value.error.map((p) => p.message).join('\n'));
const want = stable(one.value);
const rows = [['core, one thread (sensitivity)', one.ms, one.cpu]];
for (const n of workers) {
  const executor = createThreadExecutor({ workers: n });
  try {
    const plan = sensitivityPlan(model.value, settings, executor.sizing);
    if (!plan.ok) throw new Error(plan.error.map((p) => p.message).join('\n'));
    const got = await best(() => executor.run(plan.value));
    if (stable(got.value) !== want) throw new Error(`${n} worker(s): the result differs from the core's`);
    rows.push([`threads, ${n} worker${n === 1 ? '' : 's'}`, got.ms, got.cpu]);
  } finally {
    await executor.close();
  }
}
const runs = one.value.value.runs;
console.log(
  `baseline, sobol of ${output}, --samples ${samples}${overTime ? ' --over-time' : ''}: ${runs.toLocaleString('en-US')} runs; every answer equal to the core's`,
);
console.log('| | wall time | CPU time | runs/s | speed-up |');
console.log('|---|---|---|---|---|');
for (const [what, ms, cpu] of rows) {
  console.log(
    `| ${what} | ${(ms / 1000).toFixed(2)} s | ${(cpu / 1000).toFixed(2)} s | ${Math.round(runs / (ms / 1000)).toLocaleString('en-US')} | ${(one.ms / ms).toFixed(2)}x |`,
  );
}
