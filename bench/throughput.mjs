// Engine throughput on one core beside a hand-written loop of the same model,
// measured in one run, side by side. Prints a table and writes nothing.
// Usage: BENCH_TRIALS=20000 BENCH_REPEATS=5 node bench/throughput.mjs   (after a build)
import { prepareValue, simulate, summarize } from '@foresight/core';
import { benchmarkDocument } from './model.mjs';
import { handRun } from './hand.mjs';

const trials = Number(process.env.BENCH_TRIALS ?? 20000);
const repeats = Number(process.env.BENCH_REPEATS ?? 5);
const model = prepareValue(benchmarkDocument({ trials }), { file: 'bench.json' });
if (!model.ok) throw new Error(JSON.stringify(model.error));
const m = model.value;
const trialSteps = trials * (m.time.steps + 1);

const best = (fn) => {
  let min = Infinity;
  let value;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    value = fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms: min, value };
};

const engine = best(() => {
  const r = simulate(m, { seed: 1, from: 0, to: trials });
  if (!r.ok) throw new Error('run failed');
  return r.value;
});
const hand = best(() => handRun(m, 1, trials));
const identical = engine.value.values.every((v, i) => Object.is(v, hand.value[i]));
const summary = best(() => summarize(m, engine.value, { trials, seed: 1, elapsedMs: 0 }));

const rate = (ms) => `${(trialSteps / ms / 1000).toFixed(2)} M trial-steps/s`;
console.log(
  `model: ${m.evaluated.length - 10} variables, 10 stocks, 2 per-step draws + 2 per-trial + 1 Poisson shock; ${m.time.steps + 1} steps; ${trials} trials (best of ${repeats})`,
);
console.log(`engine (generated):  ${engine.ms.toFixed(0).padStart(6)} ms  ${rate(engine.ms)}`);
console.log(`hand-written loop:   ${hand.ms.toFixed(0).padStart(6)} ms  ${rate(hand.ms)}`);
console.log(`engine / hand time:  ${(engine.ms / hand.ms).toFixed(2)}x   outputs bit-identical: ${identical}`);
console.log(`summarize (3 outputs x ${m.time.times.length} times, exact quantiles): ${summary.ms.toFixed(0)} ms`);
if (!identical) process.exitCode = 1;
