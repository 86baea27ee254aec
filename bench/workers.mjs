// Worker scaling of the thread executor on the benchmark model, two ways:
//  - whole process, as a user gets it: `foresight run bench.json --trials N
//    --workers 1` against `--workers 2` (start-up, compiling, threads,
//    output, exit: everything), best of the repeats;
//  - warm executors (threads started and the model compiled before timing),
//    beside runModel in this process, all for the same trials and seed, and
//    the calling thread's event-loop delay during the 2-worker runs (what a
//    server's /health waits).
// Checks every result is identical (elapsed_ms aside).
// Usage: node bench/workers.mjs [trials] [repeats]   (after a build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { prepareValue, runModel, runPlan } from '@foresight/core';
import { createThreadExecutor } from '@foresight/node';
import { benchmarkDocument } from './model.mjs';

const trials = Number(process.argv[2] ?? 100_000);
const repeats = Number(process.argv[3] ?? 3);
const doc = benchmarkDocument({ trials });
const model = prepareValue(doc, { file: 'bench.json' });
if (!model.ok) throw new Error('the benchmark model does not compile');
const strip = (r) => JSON.stringify(r, (k, v) => (k === 'elapsed_ms' ? 0 : v));
const bin = fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url));

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

// Whole process: the command line a user runs.
const dir = mkdtempSync(join(tmpdir(), 'foresight-bench-'));
const file = join(dir, 'bench.json');
writeFileSync(file, JSON.stringify(doc, null, 2));
const cli = {};
for (const workers of [1, 2]) {
  cli[workers] = await timed(() => {
    const r = spawnSync(
      process.execPath,
      [bin, 'run', file, '--trials', String(trials), '--workers', String(workers), '--format', 'json'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    if (r.status !== 0) throw new Error(`foresight run --workers ${workers} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
}

// Warm executors.
const inProcess = await timed(() => runModel(model.value, { trials, seed: 1 }));
const pooled = {};
const delay = monitorEventLoopDelay({ resolution: 5 });
let cores = 0;
for (const workers of [1, 2]) {
  const executor = createThreadExecutor({ workers });
  const plan = (n) => {
    const p = runPlan(model.value, { trials: n, seed: 1 }, executor.sizing);
    if (!p.ok) throw new Error(p.error[0].message);
    return p.value;
  };
  await executor.run(plan(2000 * workers)); // start threads, compile in each
  if (workers === 2) delay.enable();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  pooled[workers] = await timed(() => executor.run(plan(trials)));
  // CPU time of every thread of the process over wall time: the cores the machine actually gave.
  if (workers === 2) {
    const used = process.cpuUsage(cpu);
    cores = (used.user + used.system) / 1000 / (performance.now() - wall);
  }
  delay.disable();
  await executor.close();
}
const want = strip(inProcess.value.value);
const same =
  [pooled[1], pooled[2]].every((p) => strip(p.value.value) === want) &&
  [cli[1], cli[2]].every((c) => strip(c.value) === want);
const steps = model.value.time.steps + 1;
const rate = (ms) => `${((trials * steps) / ms / 1000).toFixed(2)} M trial-steps/s`;
console.log(
  `benchmark model, ${trials} trials (${inProcess.value.value.provenance.quantile_method} quantiles), best of ${repeats}`,
);
console.log(`whole process, foresight run --workers 1: ${cli[1].ms.toFixed(0).padStart(6)} ms`);
console.log(`whole process, foresight run --workers 2: ${cli[2].ms.toFixed(0).padStart(6)} ms`);
console.log(`whole process, 2 workers / 1 worker:       ${(cli[1].ms / cli[2].ms).toFixed(2)}x speed-up`);
console.log(`in process (runModel): ${inProcess.ms.toFixed(0).padStart(6)} ms  ${rate(inProcess.ms)}`);
console.log(`warm threads, 1 worker:  ${pooled[1].ms.toFixed(0).padStart(6)} ms  ${rate(pooled[1].ms)}`);
console.log(`warm threads, 2 workers: ${pooled[2].ms.toFixed(0).padStart(6)} ms  ${rate(pooled[2].ms)}`);
console.log(`warm, 2 workers / 1 worker: ${(pooled[1].ms / pooled[2].ms).toFixed(2)}x speed-up`);
console.log(
  `cores in use during warm 2-worker runs: ${cores.toFixed(2)}; two busy threads got ${available.toFixed(2)} before${available < 1.9 ? ' (below 2: other work shares the machine, and scaling cannot show)' : ''}`,
);
const ms = (ns) => (ns / 1e6).toFixed(1);
console.log(
  `event-loop delay of the calling thread during 2-worker runs: p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`,
);
console.log(`results identical to runModel: ${same}`);
if (!same) process.exitCode = 1;
