import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type JobStore, type NewJob, type StoreOptions } from '../../apps/server/src/store/index.js';
import { havePostgres, stores } from './postgres.js';

const fixture = stores('store');

const job = (id: string, over: Partial<NewJob> = {}): NewJob => ({
  id,
  kind: 'run',
  identity: `identity-${id}`,
  request: { scenario: 'baseline', trials: 100 },
  scenarios: ['baseline'],
  versions: ['abc'],
  pins: { mine: 'abc' },
  client: '127.0.0.1',
  createdAt: 1_000,
  ...over,
});

const INTERRUPTED = { status: 503, code: 'interrupted', message: 'stopped twice', details: { attempts: 2 } };

const result = (text: string) => ({ gzip: gzipSync(text), bytes: Buffer.byteLength(text) });

describe.each(['sqlite', 'postgres'] as const)('the %s store', (kind) => {
  const skip = kind === 'postgres' && !havePostgres;
  let store: JobStore;
  let opened: StoreOptions;

  beforeAll(async () => {
    if (skip) return;
    opened = await fixture.options(kind);
    store = await openStore(opened);
  });
  afterAll(async () => {
    if (!skip) await store.close();
  });

  it.skipIf(skip)('keeps a job as given, queued, with no progress', async () => {
    const made = await store.insertJob(job('a1', { request: { scenario: { format: 1, id: "it's" } } }));
    expect(made).toMatchObject({
      id: 'a1',
      kind: 'run',
      status: 'queued',
      identity: 'identity-a1',
      request: { scenario: { format: 1, id: "it's" } },
      scenarios: ['baseline'],
      versions: ['abc'],
      pins: { mine: 'abc' },
      createdAt: 1_000,
      startedAt: null,
      finishedAt: null,
      progress: { pieces: 0, piecesDone: 0, runs: 0, runsDone: 0 },
      problem: null,
      result: 'none',
      attempts: 0,
      owner: null,
    });
    expect(await store.getJob('a1')).toEqual(made);
    expect(await store.getJob('nope')).toBeUndefined();
    // Parameterised: an id made of SQL is only an id.
    expect(await store.getJob("a1' OR '1'='1")).toBeUndefined();
  });

  it.skipIf(skip)('claims queued jobs oldest first, once each, and runs them to a stored result', async () => {
    await store.insertJob(job('b1', { createdAt: 2_000 }));
    await store.insertJob(job('b2', { createdAt: 2_001 }));
    // a1 (from the test before) is the oldest.
    const first = await store.claimNext('me', 5_000);
    expect(first).toMatchObject({ id: 'a1', status: 'running', owner: 'me', startedAt: 5_000, attempts: 1 });
    // Three at once for two jobs: each job to one claimant, one claimant none.
    const claims = await Promise.all([
      store.claimNext('b', 5_001),
      store.claimNext('b', 5_001),
      store.claimNext('b', 5_001),
    ]);
    expect(claims.map((c) => c?.id ?? 'none').sort()).toEqual(['b1', 'b2', 'none']);

    const progress = { pieces: 4, piecesDone: 1, runs: 100, runsDone: 25 };
    expect(await store.heartbeat('a1', 'me', progress, 5_100)).toBe(true);
    expect(await store.heartbeat('a1', 'someone-else', progress, 5_100)).toBe(false);
    expect((await store.getJob('a1'))?.progress).toEqual(progress);

    const text = JSON.stringify({ values: Array.from({ length: 1000 }, (_, i) => i) });
    expect(await store.finish('a1', 'me', { status: 'done', result: result(text) }, 6_000)).toBe(true);
    // Finished once: a second finish changes nothing.
    expect(await store.finish('a1', 'me', { status: 'failed' }, 6_001)).toBe(false);
    const done = await store.getJob('a1');
    expect(done).toMatchObject({ status: 'done', finishedAt: 6_000, result: 'stored', resultBytes: text.length });
    const stored = await store.getResult('a1');
    expect(stored?.bytes).toBe(text.length);
    expect(stored?.gzip.byteLength).toBeLessThan(text.length);
    expect(await store.findReusable('identity-a1')).toMatchObject({ id: 'a1' });
  });

  it.skipIf(skip)('cancels queued and running jobs; a cancelled job cannot be finished', async () => {
    await store.insertJob(job('c1'));
    expect(await store.cancel('c1', 7_000)).toMatchObject({ status: 'cancelled', finishedAt: 7_000 });
    await store.insertJob(job('c2'));
    // Handed back by a server that closes: queued again, the start not counted.
    expect((await store.claimNext('me', 7_001))?.id).toBe('c2');
    await store.release('c2', 'someone-else');
    expect(await store.getJob('c2')).toMatchObject({ status: 'running', owner: 'me', attempts: 1 });
    await store.release('c2', 'me');
    expect(await store.getJob('c2')).toMatchObject({ status: 'queued', owner: null, attempts: 0 });
    const running = await store.claimNext('me', 7_001);
    expect(running?.id).toBe('c2');
    expect(await store.cancel('c2', 7_002)).toMatchObject({ status: 'cancelled' });
    expect(await store.heartbeat('c2', 'me', undefined, 7_003)).toBe(false);
    expect(await store.finish('c2', 'me', { status: 'done', result: result('{}') }, 7_004)).toBe(false);
    expect(await store.getResult('c2')).toBeUndefined();
    // Final jobs stay as they are.
    expect(await store.cancel('a1', 7_005)).toMatchObject({ status: 'done' });
    expect(await store.cancel('unknown', 7_005)).toBeUndefined();
    expect(await store.findReusable('identity-c1')).toBeUndefined();
  });

  it.skipIf(skip)('lists newest first, filtered, a page at a time', async () => {
    await store.insertJob(job('d1', { kind: 'compare', scenarios: ['baseline', 'severe'] }));
    await store.insertJob(job('d2', { kind: 'check', scenarios: ['mine'] }));
    const all: string[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await store.listJobs({ limit: 2, after });
      all.push(...page.jobs.map((j) => j.id));
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(all).toEqual(['d2', 'd1', 'c2', 'c1', 'b2', 'b1', 'a1']);
    const ids = async (f: Parameters<JobStore['listJobs']>[0]) => (await store.listJobs(f)).jobs.map((j) => j.id);
    expect(await ids({ limit: 10, kind: 'compare' })).toEqual(['d1']);
    expect(await ids({ limit: 10, status: 'cancelled' })).toEqual(['c2', 'c1']);
    expect(await ids({ limit: 10, scenario: 'severe' })).toEqual(['d1']);
    expect(await ids({ limit: 10, scenario: 'baseline', kind: 'run', status: 'done' })).toEqual(['a1']);
    expect(await ids({ limit: 10, scenario: "x' OR 1=1 --" })).toEqual([]);
    expect(await store.countActive('127.0.0.1')).toBe(4); // b1, b2 running; d1, d2 queued
    expect(await store.countByStatus()).toEqual({ queued: 2, running: 2, done: 1, failed: 0, cancelled: 2 });
  });

  it.skipIf(skip)(
    'after a restart, running jobs not heard from are queued again, then failed as interrupted',
    async () => {
      // b1 and b2 run for owners that are gone.
      expect(new Set(await store.runningOwners())).toEqual(new Set(['b']));
      expect(await store.recover({ owners: ['nobody'] }, 2, 10_000, INTERRUPTED)).toEqual({ resumed: [], failed: [] });
      const first = await store.recover({ owners: ['b'] }, 2, 10_000, INTERRUPTED);
      expect(new Set(first.resumed)).toEqual(new Set(['b1', 'b2']));
      expect(first.failed).toEqual([]);
      expect(await store.getJob('b1')).toMatchObject({ status: 'queued', owner: null, attempts: 1 });
      // Claimed again (attempt 2), and lost again: failed, with the reason.
      await store.claimNext('me', 11_000);
      await store.claimNext('me', 11_000);
      const fresh = await store.recover({ staleBefore: 10_500 }, 2, 12_000, INTERRUPTED);
      expect(fresh).toEqual({ resumed: [], failed: [] }); // heard from at 11,000: not stale
      const second = await store.recover({ staleBefore: 12_000 }, 2, 12_000, INTERRUPTED);
      expect(second.resumed).toEqual([]);
      expect(new Set(second.failed)).toEqual(new Set(['b1', 'b2']));
      expect(await store.getJob('b2')).toMatchObject({
        status: 'failed',
        finishedAt: 12_000,
        problem: INTERRUPTED,
      });
    },
  );

  it.skipIf(skip)(
    'evicts results oldest first past the size limit, and past the age limit; the jobs stay',
    async () => {
      const text = (i: number) =>
        JSON.stringify({ i, noise: Array.from({ length: 200 }, (_, k) => (k * 7919 * (i + 1)) % 1013) });
      const sizes: number[] = [];
      // Nothing else queued: each claim takes the job just made.
      await store.cancel('d1', 19_000);
      await store.cancel('d2', 19_000);
      for (let i = 0; i < 5; i++) {
        await store.insertJob(job(`e${i}`, { identity: `e${i}` }));
        await store.claimNext('me', 20_000);
        const r = result(text(i));
        sizes.push(r.gzip.byteLength);
        await store.finish(`e${i}`, 'me', { status: 'done', result: r }, 20_000 + i);
      }
      const before = await store.resultUsage();
      const a1 = (await store.getResult('a1'))?.gzip.byteLength ?? 0;
      expect(before).toEqual({ results: 6, bytes: a1 + sizes.reduce((a, b) => a + b, 0) });
      // Room for the newest two of the e's: a1 (oldest), e0, e1, e2 go.
      const keep = (sizes[3] ?? 0) + (sizes[4] ?? 0);
      const evicted = await store.enforceRetention({ maxBytes: keep, maxAgeMs: 1e9 }, 20_010);
      expect(evicted).toEqual(['a1', 'e0', 'e1', 'e2']);
      expect(await store.getResult('e2')).toBeUndefined();
      expect(await store.getJob('e2')).toMatchObject({ status: 'done', result: 'evicted' });
      expect(await store.getResult('e3')).toBeDefined();
      expect(await store.findReusable('e2')).toBeUndefined();
      // Age: e3 finished at 20,003, e4 at 20,004; at 20,010 a limit of 6 ms leaves e4.
      expect(await store.enforceRetention({ maxBytes: 1e9, maxAgeMs: 6 }, 20_010)).toEqual(['e3']);
      expect(await store.resultUsage()).toEqual({ results: 1, bytes: sizes[4] });
    },
  );

  it.skipIf(skip)('keeps versions of stored scenarios; the latest is the head; delete removes them', async () => {
    expect(await store.getScenario('mine')).toBeUndefined();
    await store.putScenario({ id: 'mine', version: 'v1', source: 'a: 1\n', format: 'yaml', createdAt: 1 });
    await store.putScenario({ id: 'mine', version: 'v2', source: '{"a":2}', format: 'json', createdAt: 2 });
    await store.putScenario({ id: 'other', version: 'w1', source: 'b: 1\n', format: 'yaml', createdAt: 3 });
    expect(await store.getScenario('mine')).toEqual({
      id: 'mine',
      version: 'v2',
      source: '{"a":2}',
      format: 'json',
      createdAt: 2,
    });
    expect((await store.getScenario('mine', 'v1'))?.source).toBe('a: 1\n');
    expect((await store.listScenarios()).map((s) => [s.id, s.version])).toEqual([
      ['mine', 'v2'],
      ['other', 'w1'],
    ]);
    // Putting an earlier version again makes it the head.
    await store.putScenario({ id: 'mine', version: 'v1', source: 'a: 1\n', format: 'yaml', createdAt: 4 });
    expect((await store.getScenario('mine'))?.version).toBe('v1');
    expect(await store.deleteScenario('mine')).toBe(true);
    expect(await store.deleteScenario('mine')).toBe(false);
    expect(await store.getScenario('mine', 'v2')).toBeUndefined();
    expect((await store.listScenarios()).map((s) => s.id)).toEqual(['other']);
  });

  it.skipIf(skip)('keeps everything across a close and a reopen (migrations run once)', async () => {
    await store.close();
    store = await openStore(opened);
    expect(await store.getJob('a1')).toMatchObject({ status: 'done', result: 'evicted' });
    expect((await store.getScenario('other'))?.version).toBe('w1');
  });
});
