// A workload to profile: `node --cpu-prof --cpu-prof-dir=prof bench/profile.mjs [model|streamed] [trials]`,
// then `node bench/profile-summary.mjs prof/*.cpuprofile`. `model`: the benchmark model
// through runModel and JSON.stringify (20,000 trials, exact quantiles); `streamed`: the same
// with the sketch (100,000 trials, 60 times x 6 outputs). For the command line itself,
// profile the binary: `node --cpu-prof --cpu-prof-dir=prof apps/cli/dist/bin.js run baseline`.
import { prepareValue, runModel } from '@foresight/core';
import { benchmarkDocument } from './model.mjs';

const which = process.argv[2] ?? 'model';
const streamed = which === 'streamed';
const trials = Number(process.argv[3] ?? (streamed ? 100_000 : 20_000));
const doc = streamed
  ? { ...benchmarkDocument({ trials, end: 2079 }), outputs: ['s0', 's3', 's5', 's9', 'x0', 'x9'] }
  : benchmarkDocument({ trials });
const model = prepareValue(doc, { file: 'bench.json' });
if (!model.ok) throw new Error(JSON.stringify(model.error));
const result = runModel(model.value, { trials, seed: 1, quantileMethod: streamed ? 'sketch' : 'auto' });
if (!result.ok) throw new Error(JSON.stringify(result.error));
console.log(
  `${trials} trials, ${result.value.provenance.quantile_method} quantiles, ${JSON.stringify(result.value, null, 2).length} characters of JSON`,
);
