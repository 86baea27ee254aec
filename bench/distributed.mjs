// The distributed executor on this machine: a throwaway redis-server, 1 and
// then 2 `foresight worker` processes (the built command line), and the
// benchmark model at N trials (400,000: streamed, with the sketch) submitted
// from this process, best of the repeats; the results checked identical.
// Also the overhead of one piece: a plan of one tiny piece, enqueued,
// computed and merged, median of 50 (a third of a millisecond of work).
// Usage: node bench/distributed.mjs [trials] [repeats]   (after a build; needs redis-server)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareValue, runPlan, sensitivityPlan } from '@foresight/core';
import { createRedisExecutor } from '@foresight/node/redis';
import { benchmarkDocument } from './model.mjs';

const trials = Number(process.argv[2] ?? 400_000);
const repeats = Number(process.argv[3] ?? 2);
const bin = fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url));
const strip = (r) => JSON.stringify(r, (k, v) => (k === 'elapsed_ms' ? 0 : v));

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'foresight-redis-'));
const redis = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise((resolve, reject) => {
  let out = '';
  redis.stdout.on('data', (s) => {
    out += s;
    if (out.includes('Ready to accept connections')) resolve();
  });
  redis.once('exit', (code) => reject(new Error(`redis-server exited ${code}`)));
});
const url = `redis://127.0.0.1:${port}`;

function startWorker() {
  const child = spawn(process.execPath, [bin, 'worker', '--redis', url], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve) => {
    let err = '';
    child.stderr.on('data', (s) => {
      err += s;
      if (err.includes('taking pieces')) resolve(child);
    });
  });
}
const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

const model = prepareValue(benchmarkDocument({ trials }), { file: 'bench.json' });
if (!model.ok) throw new Error('the benchmark model does not compile');
const executor = createRedisExecutor({ url });
const workers = [];
const results = {};
try {
  const ready = await executor.ready();
  if (!ready.ok) throw new Error(ready.error[0].message);
  for (const n of [1, 2]) {
    while (workers.length < n) workers.push(await startWorker());
    await new Promise((r) => setTimeout(r, 1000));
    await executor.ready();
    let best = Infinity;
    let value;
    for (let i = 0; i < repeats; i++) {
      const plan = runPlan(model.value, { trials, seed: 1 }, { ...executor.sizing, parallelism: n });
      if (!plan.ok) throw new Error(plan.error[0].message);
      const t0 = performance.now();
      value = await executor.run(plan.value);
      best = Math.min(best, performance.now() - t0);
      if (!value.ok) throw new Error(value.error[0].message);
    }
    results[n] = { ms: best, value };
  }
  // One piece: a tornado of a scenario with one parameter (3 probes of 2 steps).
  const tiny = prepareValue({
    format: 1,
    id: 'tiny',
    time: { start: 0, end: 2 },
    parameters: { g: { dist: 'uniform', min: 0, max: 1 } },
    stocks: { s: { initial: 1, inflow: 'g' } },
  });
  if (!tiny.ok) throw new Error('tiny');
  const one = sensitivityPlan(tiny.value, { output: 's' }, executor.sizing);
  if (
    !one.ok ||
    one.value.start({ f64: (n) => new Float64Array(n), u32: (n) => new Uint32Array(n), i32: (n) => new Int32Array(n) })
      .stage.pieces.length !== 1
  )
    throw new Error('the tiny plan is not one piece');
  const laps = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const r = await executor.run(one.value);
    laps.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.error[0].message);
  }
  laps.sort((a, b) => a - b);
  const same = strip(results[1].value) === strip(results[2].value);
  const steps = model.value.time.steps + 1;
  console.log(
    `benchmark model, ${trials} trials (${results[1].value.value.provenance.quantile_method} quantiles) through Redis at ${url}, best of ${repeats}`,
  );
  for (const n of [1, 2])
    console.log(
      `${n} worker process${n === 1 ? '' : 'es'}: ${results[n].ms.toFixed(0).padStart(6)} ms  ${((trials * steps) / results[n].ms / 1000).toFixed(2)} M trial-steps/s`,
    );
  console.log(`2 workers / 1 worker: ${(results[1].ms / results[2].ms).toFixed(2)}x speed-up`);
  console.log(
    `one piece, enqueued to merged: median ${laps[25].toFixed(2)} ms, p90 ${laps[45].toFixed(2)} ms (50 plans of one piece)`,
  );
  console.log(`results identical for 1 and 2 workers: ${same}`);
  if (!same) process.exitCode = 1;
} finally {
  await executor.close();
  await Promise.all(workers.map(stop));
  await stop(redis);
  rmSync(dir, { recursive: true, force: true });
}
