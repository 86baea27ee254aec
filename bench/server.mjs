// The HTTP app under load, after a build: requests/s of small runs, and how
// fast /health answers while a heavy run is in progress. Prints a table; the
// figures go in bench/README.md. Not part of `pnpm test`.
//   node bench/server.mjs            (BENCH_SECONDS=10 BENCH_CLIENTS=4 BENCH_TRIALS=200 BENCH_WORKERS=)
import { build } from '@foresight/server';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const clients = Number(process.env.BENCH_CLIENTS ?? 4);
const trials = Number(process.env.BENCH_TRIALS ?? 200);
const workers = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined;

const heavy = {
  // Under the engine's work limit (RUN_LIMITS.maxOperations): a minute or more of work, stopped once measured.
  format: 1,
  id: 'heavy',
  time: { start: 0, end: 1000, dt: 0.1, report: 500 },
  trials: 150_000,
  parameters: { r: { dist: 'normal', mean: 0, sd: 1, per: 'step' } },
  stocks: { x: { initial: 0, inflow: 'r' } },
  outputs: ['x'],
};

// No cache: every request is a run.
const app = await build({
  cache: 0,
  pool: workers ? { workers } : {},
  limits: { trials: 1e6, work: 1e12, storedValues: 1e9, timeBudgetMs: 600_000 },
});
await app.listen({ host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${app.server.address().port}`;
const post = (path, body, init = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
const health = async () => (await (await fetch(`${url}/health`)).json()).pool;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const ms = (x) => `${x.toFixed(1)} ms`;

const small = { scenario: 'baseline', trials, outputs: ['workforce', 'vc_inflow'] };
for (let i = 0; i < 5; i++) await (await post('/runs', small)).arrayBuffer();

// Throughput: `clients` loops posting small runs for `seconds`.
const latencies = [];
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const r = await post('/runs', small);
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`status ${r.status}`);
      latencies.push(performance.now() - t0);
    }
  }),
);

async function healthTimes(n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await (await fetch(`${url}/health`)).arrayBuffer();
    times.push(performance.now() - t0);
  }
  return times;
}
const idle = await healthTimes(200);

// /health while a run that would take a minute or more keeps the workers busy.
const stop = new AbortController();
let early;
const running = post('/runs', { scenario: heavy }, { signal: stop.signal }).then(
  (r) => (early = r.status),
  () => 'stopped',
);
while ((await health()).pending < 1) {
  if (early !== undefined) throw new Error(`the heavy run answered ${early} at once`);
  await new Promise((r) => setTimeout(r, 10));
}
const busy = await healthTimes(200);
const stillRunning = (await health()).pending >= 1;
stop.abort();
await running;
const pool = await health();
await app.close();

console.log(`Foresight server, Node ${process.version}, ${pool.workers} worker(s)`);
console.log(
  `POST /runs baseline, ${trials} trials, 2 outputs, ${clients} clients, ${seconds} s: ${(latencies.length / seconds).toFixed(1)} requests/s, latency p50 ${ms(pct(latencies, 0.5))}, p95 ${ms(pct(latencies, 0.95))}`,
);
console.log(
  `GET /health idle:            p50 ${ms(pct(idle, 0.5))}, p99 ${ms(pct(idle, 0.99))}, max ${ms(Math.max(...idle))}`,
);
console.log(
  `GET /health during a run:    p50 ${ms(pct(busy, 0.5))}, p99 ${ms(pct(busy, 0.99))}, max ${ms(Math.max(...busy))}${stillRunning ? '' : ' (the run ended early: figures not during a run)'}`,
);
