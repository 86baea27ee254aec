// Worker scaling: the benchmark model through a RunPool of 1 and of 2
// workers (warm pools: threads started and the model compiled before timing),
// beside runModel in this process, all for the same trials and seed. Also the
// calling thread's worst event-loop delay during the 2-worker runs: what a
// server's /health would wait. Checks the results are identical.
// Usage: node bench/workers.mjs [trials] [repeats]   (after a build)
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { prepareValue, runModel } from '@foresight/core';
import { createRunPool, portableValue } from '@foresight/node';
import { benchmarkDocument } from './model.mjs';

const trials = Number(process.argv[2] ?? 100_000);
const repeats = Number(process.argv[3] ?? 3);
const doc = benchmarkDocument({ trials });
const portable = portableValue(doc, undefined, { file: 'bench.json' });
const model = prepareValue(doc, { file: 'bench.json' });
if (!portable.ok || !model.ok) throw new Error('the benchmark model does not compile');
const strip = (r) => JSON.stringify(r, (k, v) => (k === 'elapsed_ms' ? 0 : v));

async function timed(fn) {
  let best = Infinity;
  let value;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    value = await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, value };
}

/** Cores two busy threads get for a second: below 2, other work shares the machine and scaling cannot show. */
async function coresAvailable() {
  const code =
    "const t = Date.now(); let x = 0; while (Date.now() - t < 1000) x += Math.sqrt(x + 1); require('node:worker_threads').parentPort.postMessage(x);";
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    [0, 1].map(() => new Promise((resolve) => new Worker(code, { eval: true }).once('message', resolve))),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / (performance.now() - t0);
}
const available = await coresAvailable();

const inProcess = await timed(() => runModel(model.value, { trials, seed: 1 }));
const pooled = {};
const delay = monitorEventLoopDelay({ resolution: 5 });
let cores = 0;
for (const workers of [1, 2]) {
  const pool = createRunPool({ workers });
  await pool.run(portable.value, { trials: 2000 * workers }); // start threads, compile in each
  if (workers === 2) delay.enable();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  pooled[workers] = await timed(() => pool.run(portable.value, { trials, seed: 1 }));
  // CPU time of every thread of the process over wall time: the cores the machine actually gave.
  if (workers === 2) {
    const used = process.cpuUsage(cpu);
    cores = (used.user + used.system) / 1000 / (performance.now() - wall);
  }
  delay.disable();
  await pool.close();
}
const same = strip(pooled[1].value) === strip(inProcess.value) && strip(pooled[2].value) === strip(inProcess.value);
const steps = model.value.time.steps + 1;
const rate = (ms) => `${((trials * steps) / ms / 1000).toFixed(2)} M trial-steps/s`;
console.log(
  `benchmark model, ${trials} trials (${inProcess.value.value.provenance.quantile_method} quantiles), best of ${repeats}`,
);
console.log(`in process (runModel): ${inProcess.ms.toFixed(0).padStart(6)} ms  ${rate(inProcess.ms)}`);
console.log(`pool, 1 worker:        ${pooled[1].ms.toFixed(0).padStart(6)} ms  ${rate(pooled[1].ms)}`);
console.log(`pool, 2 workers:       ${pooled[2].ms.toFixed(0).padStart(6)} ms  ${rate(pooled[2].ms)}`);
console.log(`2 workers / 1 worker:  ${(pooled[1].ms / pooled[2].ms).toFixed(2)}x speed-up`);
console.log(
  `cores in use during 2-worker runs: ${cores.toFixed(2)}; two busy threads got ${available.toFixed(2)} before${available < 1.9 ? ' (below 2: other work shares the machine, and scaling cannot show)' : ''}`,
);
const ms = (ns) => (ns / 1e6).toFixed(1);
console.log(
  `event-loop delay of the calling thread during 2-worker runs: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
);
console.log(`results identical to runModel: ${same}`);
if (!same) process.exitCode = 1;
