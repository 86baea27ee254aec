// `pnpm load`: the HTTP server under mixed load, then under amplification. Starts the server (built) in
// a child process on 127.0.0.1, then for LOAD_SECONDS (default 60), or until
// LOAD_MAX_REQUESTS requests (default 2,000,000), fires requests.mjs's mix
// from LOAD_CONNECTIONS connections (default 50: 20 on pool jobs, 25 on quick
// answers and refusals, 5 on bodies refused with the connection closed) while a probe times GET /health
// every 50 ms. Prints requests/s, latency percentiles, answers by status,
// /health latency and the server's RSS after warm-up, at the end and
// LOAD_SETTLE_SECONDS (default 5) later. Then the amplification group: for
// LOAD_AMPLIFY_SECONDS (default 20; 0 skips it), LOAD_AMPLIFY_CONNECTIONS
// (default 4) connections each ask for the largest answer the default limits
// allow (requests.mjs largestRun, a fresh seed each time) and read it whole,
// while /health is probed and the server's RSS sampled every 250 ms. Exits 1
// on any 5xx answer, on a timeout, or on a socket error other than the server
// closing a connection after refusing a body; and in the amplification group
// also on a /health p99 of LOAD_HEALTH_P99_MS (default 100) or more, or an
// RSS over LOAD_RSS_MB (default 1,024) during it or after it settled; 2 on a
// setting that is not a number. The server child is stopped however the
// harness ends (server-child.mjs).
import autocannon from 'autocannon';
import { CLOSING_REQUESTS, LARGEST_REQUESTS, largestRun, POOL_REQUESTS, QUICK_REQUESTS, send } from './requests.mjs';
import { startServerChild } from './server-child.mjs';

/** A setting from the environment: a number >= `min`, or the harness stops before starting anything. */
function setting(name, fallback, min) {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isFinite(value) || value < min) {
    console.error(`${name} must be a number >= ${min} (got ${JSON.stringify(text)})`);
    process.exit(2);
  }
  return value;
}

const connections = setting('LOAD_CONNECTIONS', 50, 3);
const duration = setting('LOAD_SECONDS', 60, 1);
const maxOverallRequests = setting('LOAD_MAX_REQUESTS', 2_000_000, 1);
const settleSeconds = setting('LOAD_SETTLE_SECONDS', 5, 0);
const amplifySeconds = setting('LOAD_AMPLIFY_SECONDS', 20, 0);
const amplifyConnections = setting('LOAD_AMPLIFY_CONNECTIONS', 4, 1);
const healthBoundMs = setting('LOAD_HEALTH_P99_MS', 100, 1);
const rssBoundMb = setting('LOAD_RSS_MB', 1024, 1);

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

const server = await startServerChild();
const { url } = server;
console.log(`server: ${url} (pid ${server.pid})`);

// Warm up: every request once, so start-up costs are not counted as growth.
// An oversized body may be cut off while it is still being sent: that is the
// refusal it is meant to get, not a failure.
let refused = 0;
for (const r of [...POOL_REQUESTS, ...QUICK_REQUESTS]) await send(url, r);
for (const r of CLOSING_REQUESTS) if ((await send(url, r, { mayClose: true })) === 'refused') refused++;
console.log(
  `warm-up: ${POOL_REQUESTS.length + QUICK_REQUESTS.length + CLOSING_REQUESTS.length} requests, ` +
    `${refused} of the ${CLOSING_REQUESTS.length} refused bodies cut off while being sent`,
);
const rssStart = await server.rss();

/** Time GET /health every 50 ms until `stop()`, which resolves with the probes. */
function probeHealth() {
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
  return async () => {
    probing = false;
    await probe;
    return health;
  };
}

/** Run autocannon groups at once; resolves with each group's result and the latencies of its answers. */
function fire(groups, seconds, perGroup) {
  return Promise.all(
    groups.map(
      (g) =>
        new Promise((resolve, reject) => {
          const latencies = [];
          const instance = autocannon(
            {
              url,
              connections: g.connections,
              duration: seconds,
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
}

const stopProbe = probeHealth();
const started = performance.now();
const perGroup = Math.floor(maxOverallRequests / groups.length);
const results = await fire(groups, duration, perGroup);
const seconds = (performance.now() - started) / 1000;
const health = await stopProbe();
const rssEnd = await server.rss();
// Once the load is over, and the heap has had a few seconds to settle.
const settle = () => new Promise((res) => setTimeout(res, settleSeconds * 1000));
await settle();
const rssIdle = await server.rss();

// Amplification: the largest allowed answers, several at once, each a new result.
let amplified;
if (amplifySeconds > 0) {
  const refusedLarger = await send(url, {
    ...LARGEST_REQUESTS[0],
    setupRequest: () => ({ body: JSON.stringify(largestRun(160, 1)) }),
  });
  const stopAmplifyProbe = probeHealth();
  let rssMax = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      rssMax = Math.max(rssMax, await server.rss());
      await new Promise((res) => setTimeout(res, 250));
    }
  })();
  const t0 = performance.now();
  const [result] = await fire(
    [{ name: 'largest allowed answers', connections: amplifyConnections, requests: LARGEST_REQUESTS }],
    amplifySeconds,
    maxOverallRequests,
  );
  const amplifiedSeconds = (performance.now() - t0) / 1000;
  const probes = await stopAmplifyProbe();
  sampling = false;
  await sampler;
  const rssAfterLoad = await server.rss();
  await settle();
  amplified = {
    result,
    seconds: amplifiedSeconds,
    probes,
    refusedLarger,
    rssMax: Math.max(rssMax, rssAfterLoad),
    rssSettled: await server.rss(),
  };
}
await server.close();

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
  `server RSS: ${rssStart.toFixed(0)} MB after warm-up, ${rssEnd.toFixed(0)} MB at the end, ${rssIdle.toFixed(0)} MB ${settleSeconds} s later`,
];
console.log(lines.join('\n'));
const fivexx = count('5xx') + health.filter((h) => h.status >= 500).length;
const errors = results.filter((r) => !r.group.closes).reduce((n, r) => n + r.result.errors, 0);
if (fivexx > 0 || errors > 0 || count('timeouts') > 0) {
  console.error(`FAILED: ${fivexx} answers were 5xx, ${errors} socket errors, ${count('timeouts')} timeouts`);
  process.exitCode = 1;
}
if (amplified) {
  const { result: r, probes, seconds: s } = amplified;
  const ms = probes.map((h) => h.ms);
  const p99 = pct(ms, 0.99);
  const mb = r.result.throughput.total / 1e6;
  console.log(
    [
      `amplification: ${amplifyConnections} connections asking for the largest allowed answer (a 160-output run is refused: ${amplified.refusedLarger}) for ${s.toFixed(1)} s: ` +
        `${r.result.requests.total} answers, ${mb.toFixed(0)} MB sent (${(mb / s).toFixed(0)} MB/s); ${statusLine(r)}; socket errors ${r.result.errors}; timeouts ${r.result.timeouts}`,
      `  answer latency: p50 ${pct(r.latencies, 0.5).toFixed(0)} ms, p99 ${pct(r.latencies, 0.99).toFixed(0)} ms`,
      `  /health (${probes.length} probes): p50 ${pct(ms, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max(ms).toFixed(1)} ms (bound: p99 < ${healthBoundMs} ms)`,
      `  server RSS: at most ${amplified.rssMax.toFixed(0)} MB during, ${amplified.rssSettled.toFixed(0)} MB ${settleSeconds} s after (bound: ${rssBoundMb} MB)`,
    ].join('\n'),
  );
  const bad = [];
  const fives = r.result['5xx'] + probes.filter((h) => h.status >= 500).length;
  if (fives > 0) bad.push(`${fives} answers were 5xx`);
  if (r.result.errors > 0 || r.result.timeouts > 0)
    bad.push(`${r.result.errors} socket errors, ${r.result.timeouts} timeouts`);
  if (amplified.refusedLarger !== 422) bad.push(`a 160-output run was answered ${amplified.refusedLarger}, not 422`);
  if (!(p99 < healthBoundMs)) bad.push(`/health p99 ${p99.toFixed(1)} ms is not under ${healthBoundMs} ms`);
  if (amplified.rssMax > rssBoundMb || amplified.rssSettled > rssBoundMb)
    bad.push(
      `server RSS reached ${amplified.rssMax.toFixed(0)} MB (${amplified.rssSettled.toFixed(0)} MB settled), over ${rssBoundMb} MB`,
    );
  if (bad.length > 0) {
    console.error(`FAILED (amplification): ${bad.join('; ')}`);
    process.exitCode = 1;
  }
}
