/*
 * The distributed executor against a real Redis and real worker processes:
 * every analysis gives the sequential reference's bytes with 1 and with 3
 * workers; a worker killed mid-piece loses nothing; Redis stopped mid-run
 * is a clear `io` problem (exit 2), and nothing is left behind. One Redis
 * for the whole file.
 */
import { spawn } from 'node:child_process';
import { runPlan, type Progress } from '@foresight/core';
import { build } from '@foresight/server';
import { createRedisExecutor, type RedisExecutor } from '@foresight/node/redis';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyses, reference } from '../../packages/node/test/analyses.js';
import { compiled, exact } from '../../packages/node/test/helpers.js';
import {
  bin,
  exited,
  freePort,
  haveRedis,
  Output,
  root,
  startRedis,
  startWorkers,
  type RedisServer,
  type WorkerProcess,
} from './services.js';

describe.skipIf(!haveRedis)('pieces through BullMQ on a real Redis', () => {
  let redis: RedisServer;
  let executor: RedisExecutor;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    executor = createRedisExecutor({ url: redis.url });
    const ready = await executor.ready();
    if (!ready.ok) throw new Error(ready.error[0]!.message);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await executor?.close();
    await redis?.stop();
  });

  /** Nothing of any plan is left: no job in any state, no plan key; only the documents' cache, which expires. */
  async function nothingLeft(): Promise<void> {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue('foresight', { connection: client });
    try {
      // A piece cancelled while a worker held it ends within a second or so.
      for (let i = 0; i < 50; i++) {
        const counts = await queue.getJobCounts();
        if (Object.values(counts).every((n) => n === 0)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await queue.getJobCounts()).toEqual(
        expect.objectContaining({ active: 0, waiting: 0, delayed: 0, failed: 0, completed: 0 }),
      );
      const keys = await client.keys('foresight:*');
      expect(keys.filter((k) => !/^foresight:foresight:doc:[0-9a-f]{64}$/.test(k))).toEqual([]);
    } finally {
      await queue.close();
      client.disconnect();
    }
  }

  for (const n of [1, 3]) {
    it(`every analysis, ${n} worker process(es): the reference's bytes, and nothing left behind`, async () => {
      workers = await startWorkers(redis.url, n);
      try {
        for (const c of analyses()) {
          const plan = c.plan(executor.sizing);
          if (!plan.ok) throw new Error(`${c.name}: ${plan.error[0]?.message}`);
          expect(exact(await executor.run(plan.value)), c.name).toBe(exact(reference(c)));
        }
        expect(executor.workers).toBeGreaterThanOrEqual(0);
        await nothingLeft();
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
        workers = [];
      }
      // Every analysis through real worker processes: a hang guard that a loaded machine does not trip.
    }, 240_000);
  }

  it('a worker killed (SIGKILL) in the middle of a piece: the piece is computed again, the bytes are the same', async () => {
    workers = await startWorkers(redis.url, 2, ['--lease', '1500']);
    const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
    const model = compiled('baseline');
    const trials = 24_000;
    // Eight long pieces, so the victim is surely in the middle of one.
    const plan = runPlan(model, { trials, seed: 2 }, { trialSteps: Number.MAX_SAFE_INTEGER, parallelism: 1 });
    if (!plan.ok) throw new Error('plan');
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue('foresight', { connection: client });
    const seen: Progress[] = [];
    try {
      const running = executor.run(plan.value, { onProgress: (p) => seen.push(p) });
      // Wait until the victim holds a piece, then kill it.
      for (;;) {
        const active = await queue.getActive();
        if (active.some((j) => j.processedBy?.endsWith(`:${victim.pid}`))) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      victim.child.kill('SIGKILL');
      const result = await running;
      expect(exact(result)).toBe(
        exact(reference({ name: 'sigkill', plan: () => runPlan(model, { trials, seed: 2 }) })),
      );
      expect(seen.at(-1)!.retried).toBeGreaterThanOrEqual(1);
      expect(survivor.output.text).toMatch(/started again \(attempt 2\): the worker computing it stopped/);
      await nothingLeft();
    } finally {
      await queue.close();
      client.disconnect();
      await Promise.all(workers.map((w) => w.stop()));
      workers = [];
    }
  });

  it('the command line: the same bytes with --redis as in this process; an unreachable Redis is an io problem, exit 2, for a submitter and a worker', async () => {
    workers = await startWorkers(redis.url, 1);
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        const err = new Output(child);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (s: string) => (stdout += s));
        child.once('exit', (code) => resolve({ code, stdout, stderr: err.text }));
      });
    const noElapsed = (s: string) => s.replace(/"elapsed_ms": \d+/g, '');
    try {
      const args = ['compare', 'baseline', 'policy-push', '--trials', '999', '--format', 'json'];
      const here = await cli(args);
      const there = await cli([...args, '--redis', redis.url]);
      expect(there.code).toBe(0);
      expect(noElapsed(there.stdout)).toBe(noElapsed(here.stdout));
      const port = await freePort();
      const nowhere = await cli(['run', 'baseline', '--redis', `redis://127.0.0.1:${port}`]);
      expect(nowhere.code).toBe(2);
      expect(nowhere.stderr).toMatch(
        new RegExp(`^redis://127\\.0\\.0\\.1:${port}:1:1 io cannot reach Redis: .*ECONNREFUSED`),
      );
      const worker = await cli(['worker', '--redis', `redis://127.0.0.1:${port}`]);
      expect([worker.code, worker.stderr]).toEqual([
        2,
        expect.stringMatching(new RegExp(`^redis://127\\.0\\.0\\.1:${port}:1:1 io cannot reach Redis: .*ECONNREFUSED`)),
      ]);
      const both = await cli(['run', 'baseline', '--workers', '2', '--redis', redis.url]);
      expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('usage --workers and --redis')]);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      workers = [];
    }
  });

  it('HTTP: a server whose Redis is out of reach answers 503 unavailable', async () => {
    const port = await freePort();
    const app = await build({ scenarios: 'scenarios', cwd: root, redis: `redis://127.0.0.1:${port}` });
    try {
      const r = await app.inject({ method: 'POST', url: '/runs', payload: { scenario: 'baseline', trials: 10 } });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({
        error: { code: 'unavailable', message: expect.stringContaining('cannot reach Redis') },
      });
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  // Last: it stops the suite's Redis.
  it('Redis stopped in the middle of a run: an io problem and exit 2, no process left waiting', async () => {
    workers = await startWorkers(redis.url, 1);
    const child = spawn(
      process.execPath,
      [bin, 'run', 'baseline', '--trials', '400000', '--outputs', 'workforce', '--redis', redis.url],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const stderr = new Output(child);
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue('foresight', { connection: client });
    try {
      // Once the run's pieces are being computed:
      for (;;) {
        if ((await queue.getActive()).length > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await queue.close();
      client.disconnect();
    }
    await redis.stop();
    // The command gives up within its stated bound (3 s without Redis); a hang would fail the test's own timeout.
    const code = await exited(child);
    expect(code).toBe(2);
    expect(stderr.text).toMatch(
      new RegExp(`^redis://127\\.0\\.0\\.1:${redis.port}:1:1 io lost the connection to Redis`),
    );
    expect(stderr.text.trim().split('\n')).toHaveLength(1);
  });
});
