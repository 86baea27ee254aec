/*
 * `foresight serve` killed with SIGKILL in the middle of a job, then started
 * again on the same store, with SQLite and with PostgreSQL: the job that
 * was running runs again to its result, the queued one runs, and a job
 * interrupted as often as a job is started is failed as `interrupted`.
 * Nothing is lost, and every status says what happened.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../built.js';
import { havePostgres, stores } from '../store/postgres.js';
import { folder, until } from './server.js';

const bin = await ensureBuilt();

// 10,000 steps of ten sines a trial: a thousand trials run for seconds, in many pieces.
const slow = `format: 1
id: slow
time: { start: 0, end: 100, dt: 0.01 }
parameters:
  g: { dist: normal, mean: 0.01, sd: 0.002 }
stocks:
  s: { initial: 100, inflow: "s * g + 0.001 * (${Array.from({ length: 10 }, (_, i) => `v${i}`).join(' + ')})" }
variables:
${Array.from({ length: 10 }, (_, i) => `  v${i}: "sin(s * ${i + 1} / 1000 + t)"`).join('\n')}
outputs: [s]
`;

interface Job {
  id: string;
  status: string;
  attempts: number;
  progress: { runs: number; runs_done: number };
  problem: { status: number; code: string; message: string } | null;
}

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Every server started, stopped at the end whatever happened. */
const children = new Set<ChildProcess>();

async function serve(cwd: string, store: string[]): Promise<Served> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--port', '0', '--workers', '1', '--job-concurrency', '1', ...store],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, url };
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const getJob = async (url: string, id: string): Promise<Job> =>
  (await (await fetch(`${url}/jobs/${id}`)).json()) as Job;

async function submit(url: string, body: unknown): Promise<Job> {
  const r = await fetch(`${url}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', prefer: 'respond-async' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(202);
  return (await r.json()) as Job;
}

const fixture = stores('restart');
afterAll(async () => {
  await Promise.all([...children].map(killed));
});

describe.each(['sqlite', 'postgres'] as const)('a server killed mid-job, with the %s store', (kind) => {
  const skip = kind === 'postgres' && !havePostgres;

  it.skipIf(skip)(
    'resumes the running job and runs the queued one after a restart; a job killed twice fails as interrupted',
    async () => {
      const cwd = folder({ 'slow.yaml': slow });
      fixture.dirs.push(cwd);
      const { data, database } = await fixture.options(kind);
      const store = database !== undefined ? ['--database', database] : ['--data', data ?? ''];

      let server = await serve(cwd, store);
      const running = await submit(server.url, { scenario: 'slow', trials: 1500, seed: 1 });
      const queued = await submit(server.url, { scenario: 'slow', trials: 100, seed: 2 });
      await until(async () => (await getJob(server.url, running.id)).progress.runs_done > 0, 'the first job to run');
      expect((await getJob(server.url, queued.id)).status).toBe('queued');
      await killed(server.child);

      // Started again: the running job is taken back (its server is gone) and runs again, then the queued one.
      server = await serve(cwd, store);
      await until(async () => (await getJob(server.url, queued.id)).status === 'done', 'both jobs to finish', 50);
      const resumed = await getJob(server.url, running.id);
      expect(resumed).toMatchObject({
        status: 'done',
        attempts: 2,
        problem: null,
        progress: { runs: 1500, runs_done: 1500 },
      });
      expect(await getJob(server.url, queued.id)).toMatchObject({ status: 'done', attempts: 1 });
      const result = await fetch(`${server.url}/jobs/${running.id}/result`);
      expect(result.status).toBe(200);
      const sync = await fetch(`${server.url}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: 'slow', trials: 100, seed: 2 }),
      });
      const stored = (await (await fetch(`${server.url}/jobs/${queued.id}/result`)).json()) as { outputs: unknown };
      expect(stored.outputs).toEqual(((await sync.json()) as { outputs: unknown }).outputs);

      // Killed while it runs, twice: its second start was its last.
      const doomed = await submit(server.url, { scenario: 'slow', trials: 1500, seed: 3 });
      for (const attempt of [1, 2]) {
        await until(async () => {
          const j = await getJob(server.url, doomed.id);
          return j.attempts === attempt && j.progress.runs_done > 0;
        }, `attempt ${attempt} to run`);
        await killed(server.child);
        server = await serve(cwd, store);
      }
      await until(async () => (await getJob(server.url, doomed.id)).status === 'failed', 'the job to be failed');
      const failed = await getJob(server.url, doomed.id);
      expect(failed.attempts).toBe(2);
      expect(failed.problem).toEqual({
        status: 503,
        code: 'interrupted',
        message: 'the server stopped while the job ran, 2 times; send the request again',
        details: { attempts: 2 },
      });
      const answer = (await (await fetch(`${server.url}/jobs/${doomed.id}/result`)).json()) as {
        error: { code: string };
      };
      expect(answer.error.code).toBe('interrupted');
      await killed(server.child);
    },
  );
});
