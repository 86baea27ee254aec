import { prepareValue, runModel } from '@foresight/core';
import { benchmarkDocument } from './model.mjs';
const trials = Number(process.env.T ?? 20000);
const m = prepareValue(benchmarkDocument({ trials }), { file: 'bench.json' });
const r = runModel(m.value, { trials, seed: 1 });
const text = JSON.stringify(r.value, null, 2);
console.log(text.length);
