import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CheckReport, ComparisonResult, RunResult, SensitivityResult, type Executor, type Plan } from '@foresight/core';
import { inProcessExecutor } from '@foresight/node';
import { DEFAULT_LIMITS } from '@foresight/server';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the load harness is plain JavaScript; its largest allowed run is the one measured here too.
import { largestRun } from '../security/load/requests.mjs';
import { startServer, type TestServer } from './server.js';

/** The issue's request: 499 variables v_i = t * i, all outputs, 10,000 reporting times, a few trials. */
function amplifying(trials: number) {
  const variables: Record<string, string> = {};
  for (let i = 1; i <= 499; i++) variables[`v_${i}`] = `t * ${i}`;
  return {
    scenario: { format: 1, id: 'wide', time: { start: 0, end: 9999, dt: 1, report: 1 }, variables },
    outputs: Object.keys(variables),
    trials,
  };
}

/** An in-process executor that counts the plans it is given: what "before any model runs" means. */
function counting(): Executor & { readonly plans: Plan<unknown>[] } {
  const inner = inProcessExecutor();
  const plans: Plan<unknown>[] = [];
  return {
    plans,
    get kind() {
      return inner.kind;
    },
    get sizing() {
      return inner.sizing;
    },
    get workers() {
      return inner.workers;
    },
    get pending() {
      return inner.pending;
    },
    run(plan, hooks) {
      plans.push(plan as Plan<unknown>);
      return inner.run(plan, hooks);
    },
    close: () => inner.close(),
  };
}

interface Problems {
  error: { code: string; message: string; details: { code: string; message: string; path: string[] }[] };
}

describe('the size of an answer', () => {
  let api: TestServer;
  let executor: ReturnType<typeof counting>;
  beforeAll(async () => {
    executor = counting();
    api = await startServer({ executor });
  });
  afterAll(async () => {
    await api.close();
    await executor.close();
  });

  it('a 13 KB request for 300 MB of answer is a 422 limit naming limits.resultBytes, before any model runs', async () => {
    for (const trials of [2, 5]) {
      const body = amplifying(trials);
      expect(JSON.stringify(body).length).toBeGreaterThan(12_000);
      expect(JSON.stringify(body).length).toBeLessThan(14_000);
      const r = await api.post<Problems>('/runs', body);
      expect(r.status).toBe(422);
      expect(r.json.error.code).toBe('limit');
      expect(r.json.error.details).toHaveLength(1);
      const [problem] = r.json.error.details;
      expect(problem?.code).toBe('limit');
      expect(problem?.path).toEqual(['outputs']);
      // 499 outputs x 10,000 times x 9 statistics = 44,910,000 numbers, at 25 bytes each at most, and their keys.
      expect(problem?.message).toMatch(
        /^the answer would be up to 1\.05 GiB of JSON \(499 outputs x 10,000 reporting times x 9 statistics: 44,920,000 numbers\), over the server's limit of 32 MiB per answer \(limits\.resultBytes\); ask for fewer outputs \(`outputs`, --outputs\), a coarser `time\.report` or fewer scenarios$/,
      );
    }
    expect(executor.plans).toHaveLength(0);
  });

  it('a comparison and a Sobol analysis over time are bounded the same way', async () => {
    const { scenario } = amplifying(2);
    const compare = await api.post<Problems>('/compare', { base: scenario, alternatives: [scenario], trials: 2 });
    expect(compare.status).toBe(422);
    expect(compare.json.error.details[0]?.message).toContain('over 2 scenarios, and their paired differences');
    expect(compare.json.error.details[0]?.message).toContain('(limits.resultBytes)');
    const time = { start: 0, end: 9999, dt: 1, report: 1 };
    const factors = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`p${i}`, { dist: 'uniform', min: 0, max: 1 }]),
    );
    const sobol = await api.post<Problems>('/sensitivity', {
      scenario: { format: 1, id: 'sobol-wide', time, parameters: factors, variables: { y: 'p0 * t' } },
      output: 'y',
      method: 'sobol',
      samples: 2,
      resamples: 10,
      over_time: true,
    });
    expect(sobol.status).toBe(422);
    const message = sobol.json.error.details.map((d) => d.message).join('\n');
    expect(message).toContain('60 factors x 6 indices x 10,000 reporting times (over_time)');
    expect(message).toContain('(limits.resultBytes); ask without over_time, or for a coarser `time.report`');
    expect(executor.plans).toHaveLength(0);
  });

  it('every analysis answers the bytes the server answered before: JSON.stringify of the document the schema encodes', async () => {
    const old = (schema: unknown, url: string) =>
      serializerCompiler({ schema, method: 'POST', url } as Parameters<typeof serializerCompiler>[0]);
    const cases: [string, unknown, unknown][] = [
      ['/runs', { scenario: 'baseline', trials: 200, seed: 3 }, RunResult],
      ['/compare', { base: 'baseline', alternatives: ['decoupling-severe'], trials: 200, seed: 3 }, ComparisonResult],
      ['/check', { scenario: 'baseline', runs: 20, seed: 2 }, CheckReport],
      ['/sensitivity', { scenario: 'baseline', output: 'workforce' }, SensitivityResult],
      [
        '/sensitivity',
        { scenario: 'baseline', output: 'workforce', method: 'sobol', samples: 64, resamples: 20, over_time: true },
        SensitivityResult,
      ],
    ];
    for (const [url, body, schema] of cases) {
      const r = await api.post(url, body);
      expect(r.status, r.text).toBe(200);
      expect(r.type).toBe('application/json; charset=utf-8');
      const document: unknown = JSON.parse(r.text);
      expect(r.text).toBe(old(schema, url)(document));
      expect(r.text).toBe(JSON.stringify(document));
    }
  });
});

/** POST a run and read its answer's bytes as they come, without decoding or parsing them (that is the client's work, not the server's). */
async function bytesOf(url: string, body: unknown): Promise<{ status: number; bytes: number }> {
  const r = await fetch(`${url}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  let bytes = 0;
  for await (const chunk of r.body ?? []) bytes += (chunk as Uint8Array).byteLength;
  return { status: r.status, bytes };
}

describe('the largest allowed answer', () => {
  it('streams while /health stays under 100 ms p99 (event-loop delay measured in process)', async () => {
    const api = await startServer({ pool: { workers: 1 } });
    try {
      // 140 outputs x 1,000 times x 9 statistics: about 31.7 MB as the plan counts it, just under the limit.
      const first = await fetch(`${api.url}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(largestRun(140, 1)),
      });
      expect(first.status).toBe(200);
      expect(first.headers.get('content-length')).toBeNull();
      expect(first.headers.get('transfer-encoding')).toBe('chunked');
      const text = await first.text();
      expect(text.length).toBeGreaterThan(10_000_000);
      expect(text.length).toBeLessThan(DEFAULT_LIMITS.resultBytes);
      const over = await api.post<Problems>('/runs', largestRun(160, 1));
      expect(over.status).toBe(422);

      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const health: number[] = [];
      let probing = true;
      const probe = (async () => {
        while (probing) {
          const r = await api.get('/health');
          expect(r.status).toBe(200);
          health.push(r.status);
          await new Promise((res) => setTimeout(res, 20));
        }
      })();
      // One after another: the load harness (`pnpm load`) sends them concurrently and reports its figures.
      const answers = [];
      for (const seed of [2, 3, 4]) answers.push(await bytesOf(api.url, largestRun(140, seed)));
      probing = false;
      await probe;
      delay.disable();
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.bytes).toBeGreaterThan(10_000_000);
      }
      expect(health.length).toBeGreaterThan(0);
      // The event loop (the server's, the probe's and the clients' here) was never held 100 ms in 99% of samples.
      console.log(
        `event-loop delay while 3 answers of about 23 MB streamed: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
      );
      expect(delay.percentile(99) / 1e6).toBeLessThan(100);
    } finally {
      await api.close();
    }
  });
});

describe('the result cache', () => {
  it('never holds more bytes than its bound under many distinct large requests, and never an entry over its size', async () => {
    // Each run below weighs about 4.6 MB as its plan counts it: the cache holds two, never three; entries over 5 MB never.
    const bounds = { bytes: 10_000_000, entryBytes: 5_000_000 };
    const api = await startServer({ cache: bounds });
    type H = { cache: { entries: number; bytes: number; max_bytes: number; hits: number } };
    try {
      const seen: H['cache'][] = [];
      for (let seed = 1; seed <= 8; seed++) {
        const r = await api.post('/runs', largestRun(20, seed));
        expect(r.status).toBe(200);
        seen.push((await api.get<H>('/health')).json.cache);
      }
      for (const c of seen) {
        expect(c.max_bytes).toBe(bounds.bytes);
        expect(c.bytes).toBeLessThanOrEqual(bounds.bytes);
      }
      expect(seen.at(-1)?.entries).toBe(2);
      const before = seen.at(-1);
      // Over the entry size: answered, never kept, and the others stay.
      const big = await api.post('/runs', largestRun(25, 100));
      expect(big.status).toBe(200);
      expect((await api.get<H>('/health')).json.cache).toEqual({ ...before, misses: expect.any(Number) });
      const again = await api.post('/runs', largestRun(20, 8));
      expect(again.status).toBe(200);
      expect((await api.get<H>('/health')).json.cache.hits).toBe(1);
    } finally {
      await api.close();
    }
  });
});
