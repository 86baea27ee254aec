// Peak memory of a large run: 1,000,000 trials x 60 reporting times x 6
// outputs of the benchmark model, streamed (the quantile sketch). Prints wall
// time, peak RSS of the process (worker threads included) and the method.
// Usage: node bench/memory.mjs [workers]   (after a build; 0 = in-process, no threads)
import { prepareValue, runModel, runPlan } from '@foresight/core';
import { createThreadExecutor } from '@foresight/node';
import { benchmarkDocument } from './model.mjs';

const workers = Number(process.argv[2] ?? 0);
const trials = Number(process.env.BENCH_TRIALS ?? 1_000_000);
const doc = { ...benchmarkDocument({ trials, end: 2079 }), outputs: ['s0', 's3', 's5', 's9', 'x0', 'x9'] };
const started = performance.now();
const model = prepareValue(doc, { file: 'bench.json' });
if (!model.ok) throw new Error(JSON.stringify(model.error));
let result;
if (workers === 0) result = runModel(model.value);
else {
  const executor = createThreadExecutor({ workers });
  const plan = runPlan(model.value, {}, executor.sizing);
  if (!plan.ok) throw new Error(JSON.stringify(plan.error));
  result = await executor.run(plan.value);
  await executor.close();
}
if (!result.ok) throw new Error(JSON.stringify(result.error));
const r = result.value;
const times = r.times.length;
const outputs = Object.keys(r.outputs).length;
console.log(
  `${trials} trials x ${times} times x ${outputs} outputs, ${workers === 0 ? 'in-process' : `${workers} worker(s)`}: ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, ` +
    `quantiles ${r.provenance.quantile_method}` +
    (r.provenance.quantile_rank_error !== undefined
      ? ` (rank error <= ${r.provenance.quantile_rank_error.toExponential(2)})`
      : ''),
);
