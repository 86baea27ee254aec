#!/usr/bin/env node
// Jobs through the HTTP API, with each store: `foresight serve` (built) on a
// free port, with SQLite in a temporary folder, then with PostgreSQL in a
// throwaway cluster (Debian's postgresql; skipped when it is not installed).
//
//   node bench/jobs.mjs [jobs=10000] [clients=16]
//
// For each store: N small runs sent with `Prefer: respond-async` by C
// clients at once (each a distinct request: seeds 1..N): jobs accepted per
// second (202s over the time to send them all) and completed per second
// (N over the time until the last is done); `/health` latency (p50, p95,
// max of 200 sequential requests) while the backlog is queued; the server's
// RSS (from /proc) at every quarter of the jobs done. Then one run of the
// baseline as a job: the bytes of its result document and the bytes stored
// (gzip). `pnpm build` first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { postgresBin, startPostgres } from '../scripts/postgres-cluster.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'apps/cli/dist/bin.js');
const N = Number(process.argv[2] ?? 10_000);
const CLIENTS = Number(process.argv[3] ?? 16);

// A small run: 20 trials of 10 steps; the job's own cost dominates, not the simulation.
const small = (seed) => ({
  scenario: {
    format: 1,
    id: 'small',
    time: { start: 0, end: 10, dt: 1 },
    parameters: { g: { dist: 'normal', mean: 0.05, sd: 0.01 } },
    stocks: { s: { initial: 100, inflow: 's * g' } },
    outputs: ['s'],
  },
  trials: 20,
  seed,
});

function serve(store) {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--workers', '1', '--rate-limit', '0', '--jobs-per-client', String(N + 10), ...store],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
};

const post = (url, body) =>
  fetch(`${url}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', prefer: 'respond-async' },
    body: JSON.stringify(body),
  });

async function count(url, status) {
  // Pages of 200 until the end: the number of jobs with this status.
  let n = 0;
  let cursor = null;
  do {
    const page = await (
      await fetch(`${url}/jobs?status=${status}&limit=200${cursor ? `&cursor=${cursor}` : ''}`)
    ).json();
    n += page.jobs.length;
    cursor = page.next;
  } while (cursor);
  return n;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function bench(name, store) {
  const { child, url } = await serve(store);
  try {
    const rss = [{ done: 0, mb: rssMb(child.pid) }];
    const t0 = performance.now();
    let next = 1;
    let accepted = 0;
    const ids = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next <= N) {
          const seed = next++;
          const r = await post(url, small(seed));
          if (r.status !== 202) throw new Error(`job ${seed}: ${r.status} ${await r.text()}`);
          ids[seed - 1] = (await r.json()).id;
          accepted++;
        }
      }),
    );
    const sent = performance.now() - t0;
    // /health while the backlog waits.
    const queuedThen = await count(url, 'queued');
    const health = [];
    for (let i = 0; i < 200; i++) {
      const h0 = performance.now();
      await (await fetch(`${url}/health`)).arrayBuffer();
      health.push(performance.now() - h0);
    }
    // Wait for the end, sampling RSS as the jobs at each quarter finish (the queue runs in order).
    for (const f of [0.25, 0.5, 0.75, 1]) {
      const k = Math.round(f * N);
      for (;;) {
        const job = await (await fetch(`${url}/jobs/${ids[k - 1]}`)).json();
        if (job.status === 'done') break;
        if (job.status === 'failed') throw new Error(`job ${k} failed: ${job.problem.message}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      rss.push({ done: k, mb: rssMb(child.pid) });
    }
    // The last one or two may still run beside the last claimed.
    while ((await count(url, 'done')) < N) await new Promise((r) => setTimeout(r, 250));
    const all = performance.now() - t0;

    // One baseline run as a job: its result's bytes, as JSON and as stored.
    const base = await (await post(url, { scenario: 'baseline' })).json();
    for (;;) {
      const job = await (await fetch(`${url}/jobs/${base.id}`)).json();
      if (job.status === 'done') break;
      if (job.status === 'failed') throw new Error(job.problem.message);
      await new Promise((r) => setTimeout(r, 200));
    }
    const job = await (await fetch(`${url}/jobs/${base.id}`)).json();
    const gz = await fetch(`${url}/jobs/${base.id}/result`, {
      headers: { 'accept-encoding': 'gzip' },
      decompress: false,
    });
    const storedBytes = Number(gz.headers.get('content-length'));

    console.log(`\n${name}`);
    console.log(`  ${N} small runs as jobs, ${CLIENTS} clients at once`);
    console.log(`  accepted: ${(N / (sent / 1000)).toFixed(0)} jobs/s (${accepted} in ${(sent / 1000).toFixed(1)} s)`);
    console.log(
      `  completed: ${(N / (all / 1000)).toFixed(0)} jobs/s (all done ${(all / 1000).toFixed(1)} s after the first was sent)`,
    );
    console.log(
      `  /health while ${queuedThen} jobs were queued: p50 ${quantile(health, 0.5).toFixed(1)} ms, p95 ${quantile(health, 0.95).toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms (200 requests)`,
    );
    console.log(`  server RSS: ${rss.map((r) => `${r.mb} MB at ${r.done} done`).join(', ')}`);
    console.log(
      `  baseline result (${job.request.scenario}, ${job.progress.runs} trials): ${job.result_bytes} bytes of JSON, ${storedBytes} bytes stored (gzip)`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const data = mkdtempSync(join(tmpdir(), 'foresight-bench-jobs-'));
try {
  await bench('SQLite', ['--data', data]);
} finally {
  rmSync(data, { recursive: true, force: true });
}
if (postgresBin() === undefined) console.log('\nPostgreSQL: not installed (apt-get install postgresql); skipped');
else {
  const cluster = await startPostgres();
  try {
    await bench('PostgreSQL', ['--database', await cluster.database('bench')]);
  } finally {
    await cluster.stop();
  }
}
