// What the builtins with memory and RK4 cost on one core: the benchmark model
// as it is (Euler), with time.method rk4, and with a smooth, a third-order
// delay and a previous() on each of its ten stocks (40 hidden stocks and
// cells), with Euler and with RK4. Prints a table and writes nothing.
// Usage: BENCH_TRIALS=20000 BENCH_REPEATS=5 node bench/builtins.mjs   (after a build)
import { prepareValue, simulate } from '@foresight/core';
import { benchmarkDocument, STOCKS } from './model.mjs';

const trials = Number(process.env.BENCH_TRIALS ?? 20000);
const repeats = Number(process.env.BENCH_REPEATS ?? 5);

function withMemory(doc) {
  const variables = { ...doc.variables };
  for (let i = 0; i < STOCKS; i++) {
    variables[`seen${i}`] = `smooth(s${i}, 2)`;
    variables[`late${i}`] = `delay3(x${i}, 1.5, 0)`;
    variables[`step${i}`] = `s${i} - previous(s${i}, s${i})`;
    variables[`x${i}`] = `${doc.variables[`x${i}`]} + 0.001 * (seen${i} - late${i}) + 0.0001 * step${i}`;
  }
  return { ...doc, variables };
}

const variants = [
  ['benchmark model, euler', benchmarkDocument({ trials })],
  ['benchmark model, rk4', { ...benchmarkDocument({ trials }), time: { ...benchmarkDocument().time, method: 'rk4' } }],
  ['+ smooth, delay3, previous per stock, euler', withMemory(benchmarkDocument({ trials }))],
  [
    '+ smooth, delay3, previous per stock, rk4',
    { ...withMemory(benchmarkDocument({ trials })), time: { ...benchmarkDocument().time, method: 'rk4' } },
  ],
];

for (const [name, doc] of variants) {
  const m = prepareValue(doc, { file: 'bench.json' });
  if (!m.ok) throw new Error(JSON.stringify(m.error));
  let min = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    const r = simulate(m.value, { seed: 1, from: 0, to: trials });
    if (!r.ok) throw new Error(`${name}: run failed`);
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const steps = trials * (m.value.time.steps + 1);
  console.log(
    `${name.padEnd(46)} ${min.toFixed(0).padStart(6)} ms  ${(steps / min / 1000).toFixed(2)} M trial-steps/s`,
  );
}
