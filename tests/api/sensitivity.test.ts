import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, SensitivityResult, type Problem, type SobolResult, type TornadoResult } from '@foresight/core';
import type { ApiErrorCode } from '@foresight/server';
import { ensureBuilt } from '../built.js';
import { folder, heavyLimits, stable, startServer, until, type Answer, type TestServer } from './server.js';

interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details: unknown };
}
interface Health {
  pool: { pending: number };
}

function expectError(r: Answer<ErrorBody>, status: number, code: ApiErrorCode): ErrorBody['error'] {
  expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status, code });
  expect(r.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|stack/);
  return r.json.error;
}

// Small, but with all a sensitivity analysis treats specially: correlated
// inputs (one Sobol factor), per-step noise, a Poisson shock whose rate is a
// factor, a constant, a variable left out of the outputs.
const growth = `format: 1
id: growth
title: Growth toward a ceiling
time: { start: 2020, end: 2026, dt: 0.5 }
seed: 8
parameters:
  g: { dist: normal, mean: 0.2, sd: 0.04 }
  ceiling: { dist: lognormal, p5: 400, p95: 900, unit: people }
  loss: { dist: triangular, min: 0.01, mode: 0.03, max: 0.08 }
  rate: { dist: uniform, min: 0.1, max: 0.6 }
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
  k: 2
correlations:
  - { between: [g, ceiling], rho: 0.4 }
shocks:
  setback: { rate: rate, half_life: 1 }
stocks:
  w: { initial: 100, inflow: "w * (g + noise) * (1 - w / ceiling) - w * loss - 10 * setback", min: 0, unit: people }
variables:
  doubled: "k * w"
outputs: [w]
`;

// 10,000 steps a run and two factors: analyses that would run for minutes.
const heavy = {
  format: 1,
  id: 'heavy',
  time: { start: 0, end: 1000, dt: 0.1, report: 500 },
  parameters: { a: { dist: 'normal', mean: 0, sd: 1 }, b: { dist: 'uniform', min: 0, max: 1 } },
  stocks: { x: { initial: 0, inflow: 'a * b * 0.001' } },
};
const heavySobol = { scenario: heavy, output: 'x', method: 'sobol', samples: 200_000 };

// The built binary, as a user runs it (built first when missing or stale).
const bin = await ensureBuilt();
function foresight(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('POST /sensitivity on a real port', () => {
  const dir = folder({ 'growth.yaml': growth });
  let api: TestServer;
  beforeAll(async () => {
    // Two workers: the rows of one Sobol design are split between threads, and the answer still equals one thread's.
    api = await startServer({
      cwd: dir,
      pool: { workers: 2 },
      limits: { work: 400_000, steps: 200, storedValues: 300_000 },
    });
  });
  afterAll(() => api.close());

  describe('answers as `foresight sensitivity --format json` prints (but for elapsed_ms)', () => {
    const cli = (args: string[]): unknown => {
      const r = foresight(['sensitivity', 'growth', ...args, '--format', 'json'], dir);
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout);
    };

    it('tornado', async () => {
      const r = await api.post<TornadoResult>('/sensitivity', { scenario: 'growth', output: 'w', at: 2024 });
      expect([r.status, r.type]).toEqual([200, 'application/json; charset=utf-8']);
      expect(SensitivityResult.parse(r.json)).toMatchObject({
        method: 'tornado',
        scenario: 'growth',
        output: 'w',
        unit: 'people',
        at: 2024,
        runs: 9,
      });
      expect(r.json.bars.map((b) => b.parameter).sort()).toEqual(['ceiling', 'g', 'loss', 'rate']);
      expect(stable(r.json)).toEqual(stable(cli(['--output', 'w', '--at', '2024'])));
    });

    it('Sobol, over time, of a variable that is not an output', async () => {
      const body = {
        scenario: 'growth',
        output: 'doubled',
        method: 'sobol',
        samples: 150,
        resamples: 200,
        over_time: true,
        seed: 4,
      };
      const r = await api.post<SobolResult>('/sensitivity', body);
      expect(r.status).toBe(200);
      expect(SensitivityResult.parse(r.json)).toMatchObject({
        method: 'sobol',
        output: 'doubled',
        samples: 150,
        resamples: 200,
        seed: 4,
        runs: 150 * (3 + 2),
      });
      expect(r.json.factors.map((f) => f.id).sort()).toEqual(['g + ceiling', 'loss', 'rate']);
      expect(r.json.over_time?.times).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
      const args = [
        '--output',
        'doubled',
        '--method',
        'sobol',
        '--samples',
        '150',
        '--resamples',
        '200',
        '--over-time',
        '--seed',
        '4',
      ];
      expect(stable(r.json)).toEqual(stable(cli(args)));
    });

    it('?format=svg: the chart `--chart` writes', async () => {
      const body = { scenario: 'growth', output: 'w', method: 'sobol', samples: 64 };
      const r = await api.post(`/sensitivity?format=svg`, body);
      expect([r.status, r.type]).toEqual([200, 'image/svg+xml; charset=utf-8']);
      const cliRun = foresight(
        ['sensitivity', 'growth', '--output', 'w', '--method', 'sobol', '--samples', '64', '--chart', 'sobol.svg'],
        dir,
      );
      expect(cliRun.status).toBe(0);
      expect(r.text).toBe(readFileSync(join(dir, 'sobol.svg'), 'utf8'));
      expect(r.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    });
  });

  it('an inline document, which may extend an id of the folder', async () => {
    const r = await api.post<TornadoResult>('/sensitivity', {
      scenario: {
        format: 1,
        id: 'fast',
        extends: 'growth',
        parameters: { g: { dist: 'normal', mean: 0.3, sd: 0.04 } },
      },
      output: 'w',
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ method: 'tornado', scenario: 'fast', at: 2026 });
    const base = await api.post<TornadoResult>('/sensitivity', { scenario: 'growth', output: 'w' });
    expect(r.json.base).toBeGreaterThan(base.json.base);
  });

  it("400 bad-request: the body's shape, from the core's settings schema", async () => {
    const typo = expectError(
      await api.post<ErrorBody>('/sensitivity', { scenario: 'growth', output: 'w', metod: 'sobol' }),
      400,
      'bad-request',
    );
    expect(typo.details).toEqual([{ path: ['body', 'metod'], message: "unknown key 'metod'; did you mean 'method'?" }]);
    const cases: [unknown, (string | number)[]][] = [
      [{ scenario: 'growth' }, ['body', 'output']],
      [{ output: 'w' }, ['body', 'scenario']],
      [{ scenario: 'growth', output: 'w', method: 'morris' }, ['body', 'method']],
      [{ scenario: 'growth', output: 'w', method: 'sobol', samples: 1 }, ['body', 'samples']],
      [{ scenario: 'growth', output: 'w', method: 'sobol', samples: 10.5 }, ['body', 'samples']],
      [{ scenario: 'growth', output: 'w', at: '2024' }, ['body', 'at']],
      [{ scenario: 'growth', output: 'w', percentiles: [0.9, 0.1] }, ['body', 'percentiles']],
    ];
    for (const [body, path] of cases) {
      const e = expectError(await api.post<ErrorBody>('/sensitivity', body), 400, 'bad-request');
      expect((e.details as { path: unknown[] }[]).map((d) => d.path)).toEqual([path]);
    }
    const svg = expectError(
      await api.post<ErrorBody>('/sensitivity?format=png', { scenario: 'growth', output: 'w' }),
      400,
      'bad-request',
    );
    expect(svg.details).toMatchObject([{ path: ['querystring', 'format'] }]);
  });

  it('404 not-found: an unknown scenario id', async () => {
    const e = expectError(
      await api.post<ErrorBody>('/sensitivity', { scenario: 'nope', output: 'w' }),
      404,
      'not-found',
    );
    expect(e).toEqual({
      code: 'not-found',
      message: "no scenario 'nope' in the server's folder (ids: growth)",
      details: { ids: ['growth'] },
    });
  });

  it('422 invalid-request: what the plan refuses, as the CLI prints it', async () => {
    const cases: [Record<string, unknown>, string[], string][] = [
      [
        { output: 'nothing' },
        ['--output', 'nothing'],
        "output 'nothing' is not a stock, variable, parameter, series or shock of 'growth'",
      ],
      [
        { output: 'w', at: 2023.5 },
        ['--output', 'w', '--at', '2023.5'],
        "2023.5 is not a reporting time of 'growth' (2020, 2021, ..., 2026)",
      ],
      [
        { output: 'w', samples: 100 },
        ['--output', 'w', '--samples', '100'],
        'samples applies to the sobol method, not tornado',
      ],
    ];
    for (const [settings, args, message] of cases) {
      const e = expectError(
        await api.post<ErrorBody>('/sensitivity', { scenario: 'growth', ...settings }),
        422,
        'invalid-request',
      );
      const problems = e.details as Problem[];
      expect(problems.map((p) => [p.code, p.message])).toEqual([['usage', message]]);
      expect(e.message).toBe(`the request cannot be carried out: ${formatProblem(problems[0]!)}`);
      // The same problem, named after the flag that gave it.
      const cli = foresight(['sensitivity', 'growth', ...args], dir);
      const flag = args[args.length - 2]!;
      expect([cli.status, cli.stderr]).toEqual([2, `<command line> usage ${message} (at ${flag})\n`]);
    }
  });

  it('422 invalid-scenario: a document with problems, and a run that produces a non-finite value', async () => {
    const bad = expectError(
      await api.post<ErrorBody>('/sensitivity', {
        scenario: { format: 1, id: 'bad', time: { start: 0, end: 2 }, variables: { y: 'zz' } },
        output: 'y',
      }),
      422,
      'invalid-scenario',
    );
    expect((bad.details as Problem[]).map((p) => [p.code, p.file])).toEqual([['unknown-symbol', '<scenario>.json']]);
    const fragile = {
      format: 1,
      id: 'fragile',
      time: { start: 0, end: 3 },
      seed: 20,
      parameters: { u: { dist: 'uniform', min: 0, max: 1 }, v: { dist: 'uniform', min: 0, max: 1 } },
      variables: { y: 'u > 0.997 ? log(0) : v' },
    };
    const e = expectError(
      await api.post<ErrorBody>('/sensitivity', { scenario: fragile, output: 'y', method: 'sobol', samples: 3000 }),
      422,
      'invalid-scenario',
    );
    expect((e.details as Problem[]).map((p) => p.code)).toEqual(['non-finite']);
    expect(e.message).toContain("variable 'y' is -Infinity at t=0 in Sobol row 658 of B");
  });

  it("422 limit: the work of the model runs, the values held, the steps and the engine's own limits, each named", async () => {
    const cases: [Record<string, unknown>, string][] = [
      // 12 steps a run: 4,096 x 5 = 20,480 runs x 12 = 245,760 trial-steps is under 400,000; 8,192 is not.
      [
        { scenario: 'growth', output: 'w', method: 'sobol', samples: 8192 },
        "8,192 samples x (3 factors + 2) = 40,960 model runs x 12 steps is 491,520 trial-steps, over the server's limit of 400,000 trial-steps per request (limits.work); ask for fewer samples",
      ],
      [
        { scenario: 'growth', output: 'w', method: 'sobol', samples: 100, resamples: 60_000 },
        "360,500 stored values (model runs x times kept, plus 2 x factors x times kept x resamples) is over the server's limit of 300,000 per request (limits.storedValues)",
      ],
      [
        { scenario: { ...heavy, time: { start: 0, end: 300 } }, output: 'x' },
        "'heavy' has 300 time steps, over the server's limit of 200 (limits.steps); raise dt or shorten the horizon",
      ],
    ];
    // The control: under every limit, it runs.
    expect(
      (
        await api.post('/sensitivity', {
          scenario: 'growth',
          output: 'w',
          method: 'sobol',
          samples: 4096,
          resamples: 10,
        })
      ).status,
    ).toBe(200);
    for (const [body, message] of cases) {
      const e = expectError(await api.post<ErrorBody>('/sensitivity', body), 422, 'limit');
      expect(e.message).toContain(message);
      expect((e.details as Problem[]).every((p) => p.code === 'limit')).toBe(true);
    }
    const stored = expectError(
      await api.post<ErrorBody>('/sensitivity', {
        scenario: 'growth',
        output: 'w',
        method: 'sobol',
        samples: 100,
        resamples: 60_000,
      }),
      422,
      'limit',
    );
    expect(stored.message).toBe(`over a limit: ${formatProblem((stored.details as Problem[])[0]!)}`);
    const engine = await startServer({ limits: { work: 1e12, storedValues: 1e12 } });
    try {
      const e = expectError(
        await engine.post<ErrorBody>('/sensitivity', {
          scenario: 'baseline',
          output: 'workforce',
          method: 'sobol',
          samples: 1_000_000,
        }),
        422,
        'limit',
      );
      expect((e.details as Problem[]).map((p) => p.message)).toEqual([
        '1000000 samples x (60 factors + 2) = 62000000 runs is over the limit of 10000000; lower --samples',
      ]);
    } finally {
      await engine.close();
    }
  });

  it('is in the OpenAPI document, with its request, result and error schemas', async () => {
    const r = await api.get<{
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody: unknown;
            parameters: unknown[];
            responses: Record<string, { content: Record<string, unknown> }>;
          }
        >
      >;
      components: {
        schemas: Record<string, { properties?: Record<string, unknown>; examples?: unknown[]; oneOf?: unknown[] }>;
      };
    }>('/openapi.json');
    const post = r.json.paths['/sensitivity']!['post']!;
    expect(post.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SensitivityRequestInput' } } },
    });
    expect(post.parameters).toMatchObject([
      { in: 'query', name: 'format', required: false, schema: { enum: ['json', 'svg'] } },
    ]);
    expect(post.responses['200']!.content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/SensitivityResult' } },
      'image/svg+xml': { schema: { type: 'string' } },
    });
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '404', '413', '422', '503', '504']);
    const schemas = r.json.components.schemas;
    expect(Object.keys(schemas['SensitivityRequestInput']!.properties!)).toEqual([
      'scenario',
      'output',
      'at',
      'method',
      'samples',
      'resamples',
      'over_time',
      'seed',
      'percentiles',
    ]);
    expect(schemas['SensitivityRequestInput']!.examples).toContainEqual({
      scenario: 'baseline',
      output: 'vc_inflow',
      at: 2030,
    });
    expect(schemas['TornadoResult']).toBeDefined();
    expect(schemas['SobolResult']).toBeDefined();
  });
});

/** As the other job routes: work in progress, stopped without timing assertions. */
describe('POST /sensitivity while the pool is busy', () => {
  it('503 busy when the queue is full; a client that leaves stops its analysis', async () => {
    const api = await startServer({ pool: { workers: 1, maxQueue: 0 }, limits: heavyLimits });
    try {
      const leave = new AbortController();
      const first = api.post('/sensitivity', heavySobol, { signal: leave.signal });
      first.catch(() => undefined);
      await until(async () => (await api.get<Health>('/health')).json.pool.pending === 1, 'the analysis to start');
      const busy = await api.post<ErrorBody>('/sensitivity', { scenario: heavy, output: 'x' });
      expectError(busy, 503, 'busy');
      expect(busy.headers.get('retry-after')).toBe('1');
      leave.abort();
      await expect(first).rejects.toThrow();
      await until(
        async () => (await api.get<Health>('/health')).json.pool.pending === 0,
        'the abandoned analysis to stop',
      );
      // The worker that ran it was replaced; the next analysis runs.
      expect(
        (await api.post('/sensitivity', { scenario: { ...heavy, time: { start: 0, end: 10 } }, output: 'x' })).status,
      ).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('504 timeout past the time budget, and the analysis is stopped', async () => {
    const api = await startServer({ pool: { workers: 1 }, limits: { ...heavyLimits, timeBudgetMs: 300 } });
    try {
      const e = expectError(await api.post<ErrorBody>('/sensitivity', heavySobol), 504, 'timeout');
      expect(e).toEqual({
        code: 'timeout',
        message:
          'the job took longer than the time budget of 300 ms (limits.timeBudgetMs) and was stopped; ask for fewer samples',
        details: { budget_ms: 300 },
      });
      await until(async () => (await api.get<Health>('/health')).json.pool.pending === 0, 'the analysis to stop');
    } finally {
      await api.close();
    }
  });
});
