/*
 * Jobs on a real port, against each store: SQLite in a temporary folder,
 * and PostgreSQL in a cluster this suite starts (skipped without Debian's
 * postgresql, failed instead under FORESIGHT_REQUIRE_POSTGRES=1).
 */
import { rmSync } from 'node:fs';
import type { RunResult } from '@foresight/core';
import { renderCompareCsv, renderRunCsv } from '@foresight/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePostgres, stores } from '../store/postgres.js';
import { folder, startServer, type Answer, type TestServer, until } from './server.js';

const small = `format: 1
id: small
time: { start: 0, end: 10, dt: 1 }
trials: 200
parameters:
  g: { dist: normal, mean: 0.05, sd: 0.01 }
stocks:
  s: { initial: 100, inflow: "s * g", unit: things }
outputs: [s]
`;
// Many small steps: a job of many pieces that runs for a while.
const slow = `format: 1
id: slow
time: { start: 0, end: 100, dt: 0.01 }
parameters:
  g: { dist: normal, mean: 0.01, sd: 0.002 }
stocks:
  s: { initial: 100, inflow: "s * g" }
outputs: [s]
`;
const blowup = `format: 1
id: blowup
time: { start: 0, end: 2, dt: 0.5 }
variables:
  a: "1 / (t - 1)"
outputs: [a]
`;

interface Job {
  id: string;
  kind: string;
  status: string;
  progress: { pieces: number; pieces_done: number; runs: number; runs_done: number };
  request: unknown;
  scenarios: string[];
  versions: string[];
  problem: { status: number; code: string; message: string; details: unknown } | null;
  result: string;
  attempts: number;
  links: Record<string, string>;
}
interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

const fixture = stores('jobs');

const ASYNC = { 'content-type': 'application/json', prefer: 'respond-async' };

async function submit(api: TestServer, path: string, body: unknown): Promise<Answer<Job>> {
  return api.post<Job>(path, body, { headers: ASYNC });
}

async function finished(api: TestServer, id: string): Promise<Job> {
  let job: Job | undefined;
  await until(async () => {
    job = (await api.get<Job>(`/jobs/${id}`)).json;
    return !['queued', 'running'].includes(job.status);
  }, `job ${id} to finish`);
  return job as Job;
}

const withoutElapsed = (r: RunResult) => ({ ...r, provenance: { ...r.provenance, elapsed_ms: 0 } });

/** Server-Sent Events of a job, read until the stream ends (or `stopAfter` events, then the client goes away). */
async function events(api: TestServer, id: string, stopAfter = Infinity): Promise<{ event: string; job: Job }[]> {
  const controller = new AbortController();
  const response = await fetch(`${api.url}/jobs/${id}/events`, { signal: controller.signal });
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: { event: string; job: Job }[] = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) seen.push({ event, job: JSON.parse(data) as Job });
        end = buffer.indexOf('\n\n');
      }
      if (seen.length >= stopAfter) {
        controller.abort();
        break;
      }
    }
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  }
  return seen;
}

describe.each(['sqlite', 'postgres'] as const)('jobs with the %s store', (kind) => {
  const skip = kind === 'postgres' && !havePostgres;
  let api: TestServer;
  let cwd: string;

  beforeAll(async () => {
    if (skip) return;
    cwd = folder({ 'small.yaml': small, 'slow.yaml': slow, 'blowup.yaml': blowup });
    fixture.dirs.push(cwd);
    api = await startServer({
      cwd,
      ...(await fixture.options(kind)),
      limits: { work: 2_000_000_000, trials: 1_000_000 },
      jobs: { heartbeatMs: 100 },
    });
  });
  afterAll(async () => {
    if (!skip) await api.close();
  });

  it.skipIf(skip)(
    'runs a run as a job: 202 and Location at once, then the result the synchronous request gives',
    async () => {
      const r = await submit(api, '/runs', { scenario: 'small', seed: 3 });
      expect(r.status).toBe(202);
      expect(r.headers.get('location')).toBe(`/jobs/${r.json.id}`);
      expect(r.headers.get('preference-applied')).toBe('respond-async');
      expect(r.json).toMatchObject({
        kind: 'run',
        request: { scenario: 'small', seed: 3 },
        scenarios: ['small'],
        links: {
          self: `/jobs/${r.json.id}`,
          result: `/jobs/${r.json.id}/result`,
          events: `/jobs/${r.json.id}/events`,
          chart: `/jobs/${r.json.id}/chart.svg`,
          csv: `/jobs/${r.json.id}/result?format=csv`,
        },
      });
      expect(['queued', 'running', 'done']).toContain(r.json.status);
      const job = await finished(api, r.json.id);
      expect(job).toMatchObject({ status: 'done', result: 'stored', attempts: 1, problem: null });
      expect(job.progress.runs_done).toBe(200);
      expect(job.progress.pieces_done).toBe(job.progress.pieces);
      expect(job.versions).toHaveLength(1);

      const result = await api.get<RunResult>(`/jobs/${job.id}/result`);
      expect(result.type).toBe('application/json; charset=utf-8');
      const sync = await api.post<RunResult>('/runs', { scenario: 'small', seed: 3 });
      expect(withoutElapsed(result.json)).toEqual(withoutElapsed(sync.json));
      expect(job.versions).toEqual([sync.json.provenance.document_sha256]);

      const csv = await api.get(`/jobs/${job.id}/result?format=csv`);
      expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
      expect(csv.text).toBe(renderRunCsv(result.json));
      const chart = await api.get(`/jobs/${job.id}/chart.svg`);
      expect([chart.status, chart.type]).toEqual([200, 'image/svg+xml; charset=utf-8']);
      expect(chart.text).toMatch(/^<svg/);

      // An identical request: the same job, at once.
      const again = await submit(api, '/runs', { seed: 3, scenario: 'small' });
      expect([again.status, again.json.id, again.json.status]).toEqual([202, job.id, 'done']);
    },
  );

  it.skipIf(skip)('runs comparisons, checks and sensitivity analyses as jobs, each with its own forms', async () => {
    const compare = await submit(api, '/compare', {
      base: 'small',
      alternatives: [{ format: 1, id: 'faster', extends: 'small', parameters: { g: { mean: 0.08 } } }],
    });
    const check = await submit(api, '/check', { scenario: 'small', runs: 20 });
    const tornado = await submit(api, '/sensitivity', { scenario: 'small', output: 's' });
    expect([compare.status, check.status, tornado.status]).toEqual([202, 202, 202]);
    expect(compare.json.scenarios).toEqual(['small', 'faster']);
    expect(check.json.links).not.toHaveProperty('chart');
    expect(check.json.links).not.toHaveProperty('csv');
    expect(tornado.json.links).not.toHaveProperty('csv');

    const c = await finished(api, compare.json.id);
    const result = await api.get<Parameters<typeof renderCompareCsv>[0]>(`/jobs/${c.id}/result`);
    expect((await api.get(`/jobs/${c.id}/result?format=csv`)).text).toBe(renderCompareCsv(result.json));
    expect((await api.get(`/jobs/${c.id}/chart.svg`)).text).toMatch(/^<svg/);

    await finished(api, check.json.id);
    const noCsv = await api.get<ErrorBody>(`/jobs/${check.json.id}/result?format=csv`);
    expect([noCsv.status, noCsv.json.error.code]).toEqual([400, 'bad-request']);
    const noChart = await api.get<ErrorBody>(`/jobs/${check.json.id}/chart.svg`);
    expect([noChart.status, noChart.json.error.code]).toEqual([404, 'not-found']);

    const t = await finished(api, tornado.json.id);
    expect(t.status).toBe('done');
    const sync = await api.post('/sensitivity?format=svg', { scenario: 'small', output: 's' });
    expect((await api.get(`/jobs/${t.id}/chart.svg`)).text).toBe(sync.text);
  });

  it.skipIf(skip)('a failed job keeps its problem; its result is the answer the synchronous request gets', async () => {
    const r = await submit(api, '/runs', { scenario: 'blowup' });
    const job = await finished(api, r.json.id);
    const sync = await api.post<ErrorBody>('/runs', { scenario: 'blowup' });
    expect(sync.status).toBe(422);
    expect(job).toMatchObject({ status: 'failed', result: 'none' });
    expect(job.problem).toEqual({ status: 422, ...sync.json.error });
    const result = await api.get<ErrorBody>(`/jobs/${job.id}/result`);
    expect([result.status, result.json]).toEqual([422, sync.json]);
  });

  it.skipIf(skip)(
    'sends progress as events, monotone, then the final status; a client that leaves does not cancel',
    async () => {
      const r = await submit(api, '/runs', { scenario: 'slow', trials: 4000, seed: 1 });
      // One client leaves after the first event; another stays to the end.
      const [left, stayed] = await Promise.all([events(api, r.json.id, 1), events(api, r.json.id)]);
      expect(left).toHaveLength(1);
      const last = stayed[stayed.length - 1];
      expect(last?.event).toBe('done');
      expect(last?.job.status).toBe('done');
      const done = stayed.map((e) => e.job.progress.runs_done);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(stayed.filter((e) => e.event === 'progress').length).toBeGreaterThan(1);
      expect(last?.job.progress.runs_done).toBe(4000);
      // A finished job's stream gives its final state and ends.
      const after = await events(api, r.json.id);
      expect(after.map((e) => e.event)).toEqual(['done']);
    },
  );

  it.skipIf(skip)('DELETE cancels: a running job stops its pieces; a queued one never runs', async () => {
    const long = await submit(api, '/runs', { scenario: 'slow', trials: 100_000, seed: 2 });
    const queued = await submit(api, '/runs', { scenario: 'slow', trials: 100_000, seed: 3 });
    const third = await submit(api, '/runs', { scenario: 'slow', trials: 100_000, seed: 4 });
    await until(
      async () => (await api.get<Job>(`/jobs/${long.json.id}`)).json.progress.runs_done > 0,
      'the long job to make progress',
    );
    expect((await api.get<Job>(`/jobs/${third.json.id}`)).json.status).toBe('queued');
    const cancelled = await api.del<Job>(`/jobs/${third.json.id}`);
    expect([cancelled.status, cancelled.json.status]).toEqual([200, 'cancelled']);
    for (const id of [long.json.id, queued.json.id]) {
      const d = await api.del<Job>(`/jobs/${id}`);
      expect(d.json.status).toBe('cancelled');
    }
    // The executor's plans end: nothing is left computing.
    await until(
      async () =>
        (await api.get<{ pool: { pending: number }; jobs: { running: number } }>('/health')).json.pool.pending === 0,
      'the pieces to stop',
    );
    const job = (await api.get<Job>(`/jobs/${long.json.id}`)).json;
    expect(job.status).toBe('cancelled');
    expect(job.progress.runs_done).toBeLessThan(100_000);
    expect((await api.get<Job>(`/jobs/${third.json.id}`)).json.attempts).toBe(0);
    const result = await api.get<ErrorBody>(`/jobs/${job.id}/result`);
    expect([result.status, result.json.error.code, result.json.error.details]).toEqual([
      409,
      'no-result',
      { status: 'cancelled' },
    ]);
    // A new identical request makes a new job: a cancelled one is not reused.
    const again = await submit(api, '/runs', { scenario: 'slow', trials: 100_000, seed: 4 });
    expect(again.json.id).not.toBe(third.json.id);
    await api.del(`/jobs/${again.json.id}`);
  });

  it.skipIf(skip)('lists jobs newest first, filtered, with cursors; a tampered cursor is a 400', async () => {
    const all: Job[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer<{ jobs: Job[]; next: string | null }> = await api.get(
        `/jobs?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.json.jobs.length).toBeLessThanOrEqual(3);
      all.push(...page.json.jobs);
      cursor = page.json.next;
    } while (cursor !== null);
    const whole = (await api.get<{ jobs: Job[]; next: string | null }>('/jobs?limit=200')).json;
    expect(whole.next).toBeNull();
    expect(all.map((j) => j.id)).toEqual(whole.jobs.map((j) => j.id));
    expect(all.length).toBeGreaterThanOrEqual(10);
    const ids = async (q: string) => (await api.get<{ jobs: Job[] }>(`/jobs?${q}`)).json.jobs;
    expect((await ids('kind=compare')).map((j) => j.kind)).toEqual(['compare']);
    expect((await ids('status=failed')).map((j) => j.request)).toEqual([{ scenario: 'blowup' }]);
    expect((await ids('scenario=faster')).map((j) => j.kind)).toEqual(['compare']);
    expect((await ids('scenario=small&kind=run')).every((j) => j.scenarios.includes('small'))).toBe(true);
    for (const bad of ['not-a-cursor', Buffer.from('seq:1 OR 1=1').toString('base64url'), 'a/b', '']) {
      const r = await api.get<ErrorBody>(`/jobs?cursor=${encodeURIComponent(bad)}`);
      expect([r.status, r.json.error.code]).toEqual([400, 'bad-request']);
    }
  });

  it.skipIf(skip)('answers unknown and hostile job ids with a 4xx and a code', async () => {
    const unknown = await api.get<ErrorBody>('/jobs/AAAAAAAAAAAAAAAAAAAA');
    expect([unknown.status, unknown.json.error]).toEqual([
      404,
      { code: 'not-found', message: "no job 'AAAAAAAAAAAAAAAAAAAA'", details: null },
    ]);
    for (const id of ["x' OR '1'='1", '..%2F..%2Fetc', 'a.b', 'x'.repeat(65)]) {
      const r = await api.get<ErrorBody>(`/jobs/${encodeURIComponent(id)}`);
      expect([r.status, r.json.error.code]).toEqual([400, 'bad-request']);
    }
    const r = await api.get<ErrorBody>('/jobs/..%2F..%2Fetc/result');
    expect(r.status).toBe(400);
  });
});

describe('jobs and their limits', () => {
  it('refuses a job whose result would pass the per-result limit, before it runs', async () => {
    const api = await startServer({ limits: { resultBytes: 10_000 } });
    try {
      const r = await submit(api, '/runs', { scenario: 'baseline', trials: 100 });
      expect(r.status).toBe(422);
      const body = r.json as unknown as ErrorBody;
      expect(body.error.code).toBe('limit');
      expect(body.error.message).toContain('(limits.resultBytes)');
      expect((await api.get<{ jobs: Job[] }>('/jobs')).json.jobs).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('evicts the oldest results past the retention limit; the job records stay', async () => {
    const dir = folder({ 'small.yaml': small });
    // How many bytes each result takes stored (gzip), measured on a server that keeps everything.
    const measure = await startServer({ cwd: dir });
    const sizes: number[] = [];
    try {
      for (const seed of [1, 2, 3]) {
        const r = await submit(measure, '/runs', { scenario: 'small', seed });
        await finished(measure, r.json.id);
        const gz = await fetch(`${measure.url}/jobs/${r.json.id}/result`, { headers: { 'accept-encoding': 'gzip' } });
        expect(gz.headers.get('content-encoding')).toBe('gzip');
        sizes.push(Number(gz.headers.get('content-length')));
      }
    } finally {
      await measure.close();
    }
    // Room for the newest two (elapsed_ms may change a byte or two), not for all three.
    const maxBytes = (sizes[1] ?? 0) + (sizes[2] ?? 0) + 8;
    expect(maxBytes).toBeLessThan(sizes.reduce((a, b) => a + b, 0));
    const api = await startServer({ cwd: dir, jobs: { retention: { maxBytes, maxAgeMs: 3_600_000 } } });
    try {
      const ids: string[] = [];
      for (const seed of [1, 2, 3]) {
        const r = await submit(api, '/runs', { scenario: 'small', seed });
        ids.push((await finished(api, r.json.id)).id);
      }
      await until(async () => (await api.get<Job>(`/jobs/${ids[0]}`)).json.result === 'evicted', 'eviction');
      const gone = await api.get<ErrorBody>(`/jobs/${ids[0]}/result`);
      expect([gone.status, gone.json.error.code]).toEqual([410, 'evicted']);
      expect((await api.get<Job>(`/jobs/${ids[0]}`)).json.status).toBe('done');
      expect((await api.get(`/jobs/${ids[1]}/result`)).status).toBe(200);
      expect((await api.get(`/jobs/${ids[2]}/result`)).status).toBe(200);
      // The same request again computes it again, as a new job.
      const again = await submit(api, '/runs', { scenario: 'small', seed: 1 });
      expect(again.json.id).not.toBe(ids[0]);
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A guard against a close that waits for the stream (it would hang): generous, for a loaded machine.
  it('closes while a client follows a running job: its stream ends, the job waits for the next start', {
    timeout: 240_000,
  }, async () => {
    const dir = folder({ 'slow.yaml': slow });
    const api = await startServer({ cwd: dir, limits: { work: 2_000_000_000, trials: 1_000_000 } });
    try {
      const r = await submit(api, '/runs', { scenario: 'slow', trials: 100_000 });
      const following = events(api, r.json.id);
      await until(async () => (await api.get<Job>(`/jobs/${r.json.id}`)).json.progress.runs_done > 0, 'progress');
      await api.close();
      // The stream ended with the app, before the job: no final event.
      expect((await following).map((e) => e.event)).not.toContain('done');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("caps each client's active jobs: 429 too-many-jobs with Retry-After", async () => {
    const dir = folder({ 'slow.yaml': slow });
    const api = await startServer({
      cwd: dir,
      limits: { work: 2_000_000_000, trials: 1_000_000 },
      jobs: { perClient: 1 },
    });
    try {
      const first = await submit(api, '/runs', { scenario: 'slow', trials: 100_000 });
      expect(first.status).toBe(202);
      const second = await submit(api, '/runs', { scenario: 'slow', trials: 100_001 });
      const body = second.json as unknown as ErrorBody;
      expect([second.status, body.error.code, second.headers.get('retry-after')]).toEqual([429, 'too-many-jobs', '5']);
      expect(body.error.details).toEqual({ active: 1, cap: 1 });
      // The same request again is the job it already has, not a new one.
      expect((await submit(api, '/runs', { scenario: 'slow', trials: 100_000 })).json.id).toBe(first.json.id);
      await api.del(`/jobs/${first.json.id}`);
      expect((await submit(api, '/runs', { scenario: 'slow', trials: 100_001 })).status).toBe(202);
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
