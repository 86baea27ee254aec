// `pnpm load`: the HTTP server under mixed load. Starts the server (built) in
// a child process on 127.0.0.1, then for LOAD_SECONDS (default 60), or until
// LOAD_MAX_REQUESTS requests (default 2,000,000), fires requests.mjs's mix
// from LOAD_CONNECTIONS connections (default 50: 20 on pool jobs, 25 on quick
// answers and refusals, 5 on bodies refused with the connection closed) while a probe times GET /health
// every 50 ms. Prints requests/s, latency percentiles, answers by status,
// /health latency and the server's RSS before and after. Exits 1 on any 5xx
// answer, on a timeout, or on a socket error other than the server closing a
// connection after refusing a body.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { CLOSING_REQUESTS, POOL_REQUESTS, QUICK_REQUESTS } from './requests.mjs';

const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const duration = Number(process.env.LOAD_SECONDS ?? 60);
const maxOverallRequests = Number(process.env.LOAD_MAX_REQUESTS ?? 2_000_000);
const poolConnections = Math.round(connections * 0.4);
const oversizedConnections = Math.max(1, Math.round(connections * 0.1));
const groups = [
  { name: 'pool jobs', connections: poolConnections, requests: POOL_REQUESTS },
  {
    name: 'quick answers and refusals',
    connections: connections - poolConnections - oversizedConnections,
    requests: QUICK_REQUESTS,
  },
  {
    name: 'malformed, __proto__ and oversized bodies (the server closes the connection)',
    connections: oversizedConnections,
    requests: CLOSING_REQUESTS,
    closes: true,
  },
];

const server = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const next = (key) =>
  new Promise((resolve, reject) => {
    const on = (m) => {
      if (m && typeof m === 'object' && key in m) {
        server.off('message', on);
        resolve(m[key]);
      }
    };
    server.on('message', on);
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
const rss = async () => {
  const answer = next('rss');
  server.send('rss');
  return (await answer) / 1e6;
};
const url = await next('url');

// Warm up: every request once, so start-up costs are not counted as growth.
for (const r of [...POOL_REQUESTS, ...QUICK_REQUESTS, ...CLOSING_REQUESTS]) {
  const body = r.setupRequest ? r.setupRequest({}).body : r.body;
  await (await fetch(`${url}${r.path}`, { method: r.method, headers: r.headers, body })).arrayBuffer();
}
const rssStart = await rss();

const health = [];
let probing = true;
const probe = (async () => {
  while (probing) {
    const t0 = performance.now();
    const r = await fetch(`${url}/health`);
    await r.arrayBuffer();
    health.push({ ms: performance.now() - t0, status: r.status });
    await new Promise((res) => setTimeout(res, 50));
  }
})();

const started = performance.now();
const perGroup = Math.floor(maxOverallRequests / groups.length);
const results = await Promise.all(
  groups.map(
    (g) =>
      new Promise((resolve, reject) => {
        const latencies = [];
        const instance = autocannon(
          {
            url,
            connections: g.connections,
            duration,
            maxOverallRequests: Math.max(perGroup, g.connections),
            timeout: 30,
            requests: g.requests,
          },
          (e, result) => (e ? reject(e) : resolve({ group: g, result, latencies })),
        );
        instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
      }),
  ),
);
const seconds = (performance.now() - started) / 1000;
probing = false;
await probe;
const rssEnd = await rss();
// Once the load is over, and the heap has had a few seconds to settle.
await new Promise((res) => setTimeout(res, 5_000));
const rssIdle = await rss();
server.send('close');

const max = (xs) => xs.reduce((m, x) => (x > m ? x : m), -Infinity);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
// A request whose connection the server closes is timed by autocannon across its reconnection: not a latency of the server's.
const all = results.filter((r) => !r.group.closes).flatMap((r) => r.latencies);
const total = results.reduce((n, r) => n + r.result.requests.total, 0);
const count = (k) => results.reduce((n, r) => n + r.result[k], 0);
const healthMs = health.map((h) => h.ms);
const statusLine = (r) =>
  Object.entries(r.result.statusCodeStats ?? {})
    .map(([code, s]) => `${code} ${s.count}`)
    .join(', ');
const lines = [
  `${total} requests from ${connections} connections in ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(0)} requests/s`,
  `latency over every answer on a kept-alive connection: p50 ${pct(all, 0.5).toFixed(1)} ms, p99 ${pct(all, 0.99).toFixed(1)} ms, max ${max(all).toFixed(1)} ms`,
  ...results.map(
    (r) =>
      `  ${r.group.name} (${r.group.connections} connections): ${r.result.requests.total} requests, ` +
      (r.group.closes
        ? ''
        : `p50 ${pct(r.latencies, 0.5).toFixed(1)} ms, p99 ${pct(r.latencies, 0.99).toFixed(1)} ms; `) +
      `${statusLine(r)}; socket errors ${r.result.errors}`,
  ),
  `answers: 2xx ${count('2xx')}, 4xx ${count('4xx')}, 5xx ${count('5xx')}; timeouts ${count('timeouts')}`,
  `/health during the load (${health.length} probes): p50 ${pct(healthMs, 0.5).toFixed(1)} ms, p99 ${pct(healthMs, 0.99).toFixed(1)} ms, max ${max(healthMs).toFixed(1)} ms`,
  `server RSS: ${rssStart.toFixed(0)} MB after warm-up, ${rssEnd.toFixed(0)} MB at the end, ${rssIdle.toFixed(0)} MB 5 s later`,
];
console.log(lines.join('\n'));
const fivexx = count('5xx') + health.filter((h) => h.status >= 500).length;
const errors = results.filter((r) => !r.group.closes).reduce((n, r) => n + r.result.errors, 0);
if (fivexx > 0 || errors > 0 || count('timeouts') > 0) {
  console.error(`FAILED: ${fivexx} answers were 5xx, ${errors} socket errors, ${count('timeouts')} timeouts`);
  process.exitCode = 1;
}
