import { describe, expect, it } from 'vitest';
import { heavy, heavyLimits, startServer, until } from './server.js';

interface Health {
  pool: { workers: number; pending: number; max_queue: number };
}

/**
 * Work in progress, measured without timing assertions: each test starts a
 * run that would take a minute or more (under the engine's work limit), waits (by polling) for the state it needs,
 * checks what it must while the run is still pending, then stops it.
 */
describe('while runs are in progress', () => {
  it('/health answers, and a client that leaves frees its worker', async () => {
    const api = await startServer({ pool: { workers: 1 }, limits: heavyLimits });
    try {
      const leave = new AbortController();
      let settled = false;
      const run = api.post('/runs', { scenario: heavy }, { signal: leave.signal }).finally(() => (settled = true));
      run.catch(() => undefined);
      await until(async () => (await api.get<Health>('/health')).json.pool.pending === 1, 'the run to start');
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const h = await api.get<Health>('/health');
        times.push(performance.now() - started);
        expect(h.status).toBe(200);
        expect(h.json.pool.pending).toBe(1);
      }
      expect(settled).toBe(false);
      times.sort((a, b) => a - b);
      console.log(
        `/health while a run is in progress: median ${times[10]!.toFixed(1)} ms, worst ${times[19]!.toFixed(1)} ms over 20 requests`,
      );
      leave.abort();
      await expect(run).rejects.toThrow();
      await until(async () => (await api.get<Health>('/health')).json.pool.pending === 0, 'the abandoned run to stop');
    } finally {
      await api.close();
    }
  });

  it('503 busy when the queue is full, with Retry-After', async () => {
    const api = await startServer({ pool: { workers: 1, maxQueue: 1 }, limits: heavyLimits });
    const stop = new AbortController();
    try {
      const started: Promise<unknown>[] = [];
      let busy: { status: number; retry: string | null; code: string } | undefined;
      for (let i = 0; i < 10 && busy === undefined; i++) {
        const before = (await api.get<Health>('/health')).json.pool.pending;
        const r = api.post<{ error: { code: string } }>('/runs', { scenario: heavy }, { signal: stop.signal });
        r.catch(() => undefined);
        // Either it is refused at once, or it joins the pool.
        const refused = await Promise.race([
          r.then((a) =>
            a.status === 503
              ? { status: a.status, retry: a.headers.get('retry-after'), code: a.json.error.code }
              : undefined,
          ),
          until(
            async () => (await api.get<Health>('/health')).json.pool.pending > before,
            'the run to join the pool',
          ).then(() => undefined),
        ]);
        if (refused) busy = refused;
        else started.push(r);
      }
      expect(busy).toEqual({ status: 503, retry: '1', code: 'busy' });
      expect(started.length).toBeGreaterThanOrEqual(1);
      stop.abort();
      await until(async () => (await api.get<Health>('/health')).json.pool.pending === 0, 'the runs to stop');
    } finally {
      await api.close();
    }
  });

  it('504 timeout past the time budget, and the job is stopped', async () => {
    const api = await startServer({ pool: { workers: 1 }, limits: { ...heavyLimits, timeBudgetMs: 300 } });
    try {
      const r = await api.post<{ error: { code: string; message: string; details: unknown } }>('/runs', {
        scenario: heavy,
      });
      expect(r.status).toBe(504);
      expect(r.json.error).toEqual({
        code: 'timeout',
        message:
          'the job took longer than the time budget of 300 ms (limits.timeBudgetMs) and was stopped; ask for fewer trials, or send the request with the header "Prefer: respond-async" to run it as a job (202, then GET /jobs/{id})',
        details: { budget_ms: 300 },
      });
      await until(async () => (await api.get<Health>('/health')).json.pool.pending === 0, 'the job to stop');
    } finally {
      await api.close();
    }
  });

  it('closing the app stops the jobs in flight', async () => {
    const api = await startServer({ pool: { workers: 1 }, limits: heavyLimits });
    const run = api.post('/runs', { scenario: heavy });
    run.catch(() => undefined);
    await until(async () => (await api.get<Health>('/health')).json.pool.pending === 1, 'the run to start');
    await api.close();
    // Answered (503) or cut off, but not left running for minutes.
    const outcome = await run.then(
      (a) => a.status,
      () => 'closed',
    );
    expect([503, 'closed']).toContain(outcome);
  });
});
