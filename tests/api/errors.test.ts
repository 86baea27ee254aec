import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, MODEL_LIMITS, type Executor, type Problem } from '@foresight/core';
import { API_ERRORS, type ApiErrorCode } from '@foresight/server';
import { startServer, type Answer, type TestServer } from './server.js';

interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details: unknown };
}

/** Every error answer has the envelope, a registered code with its status, and no stack trace. */
function expectError(r: Answer<ErrorBody>, status: number, code: ApiErrorCode): ErrorBody['error'] {
  expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status, code });
  expect(API_ERRORS[code].status).toBe(status);
  expect(Object.keys(r.json)).toEqual(['error']);
  expect(r.type).toBe('application/json; charset=utf-8');
  expect(r.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|stack/);
  return r.json.error;
}

const small = { format: 1, id: 'small', time: { start: 0, end: 10 }, stocks: { s: { initial: 1, inflow: 's * 0.1' } } };

describe('error answers', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer({
      limits: { bodyBytes: 4096, trials: 5000, steps: 200, work: 400_000, storedValues: 1_000_000, checkRuns: 300 },
    });
  });
  afterAll(() => api.close());

  it('400 malformed-json: where the JSON breaks', async () => {
    const e = expectError(
      await api.raw<ErrorBody>('/runs', '{\n  "scenario": "baseline",\n  "trials": 10,,\n}', 'application/json'),
      400,
      'malformed-json',
    );
    expect(e.message).toMatch(/^the body is not valid JSON: .*\(line 3, column 16\)$/);
    expectError(await api.raw<ErrorBody>('/runs', '', 'application/json'), 400, 'malformed-json');
  });

  it('400 malformed-json: keys that would reach object prototypes', async () => {
    const e = expectError(
      await api.raw<ErrorBody>('/runs', '{"scenario": {"__proto__": {"polluted": 1}}}', 'application/json'),
      400,
      'malformed-json',
    );
    expect(e.message).toBe("the key '__proto__' is not allowed in a request");
  });

  it("400 bad-request: the request shape, each issue with its path, not fastify's own answer", async () => {
    const e = expectError(
      await api.post<ErrorBody>('/runs', { scenario: 'baseline', trails: 10, seed: 1.5 }),
      400,
      'bad-request',
    );
    // In words, as `foresight validate` words them, never zod's own "Invalid input: expected int".
    expect(e.details).toEqual([
      { path: ['body', 'seed'], message: 'expected a whole number, got the number 1.5' },
      { path: ['body', 'trails'], message: "unknown key 'trails'; did you mean 'trials'?" },
    ]);
    expect(e.message).toBe(
      "the request does not match its schema: body.seed: expected a whole number, got the number 1.5; body.trails: unknown key 'trails'; did you mean 'trials'?",
    );
    expectError(await api.post<ErrorBody>('/compare', { base: 'baseline', alternatives: [] }), 400, 'bad-request');
    expectError(await api.post<ErrorBody>('/runs', { scenario: 42 }), 400, 'bad-request');
    expectError(await api.post<ErrorBody>('/runs', [1, 2]), 400, 'bad-request');
    const query = expectError(await api.get<ErrorBody>('/charts/baseline.svg?trials=many'), 400, 'bad-request');
    expect(query.details).toMatchObject([{ path: ['querystring', 'trials'] }]);
  });

  it('404 not-found: unknown routes and unknown scenario ids, never a file path', async () => {
    const route = expectError(await api.get<ErrorBody>('/nowhere?x=1'), 404, 'not-found');
    expect(route.message).toBe('no route GET /nowhere; the API is described at /docs');
    expectError(await api.raw<ErrorBody>('/health', '{}', 'application/json'), 404, 'not-found');
    const id = expectError(await api.post<ErrorBody>('/runs', { scenario: 'baseline-typo' }), 404, 'not-found');
    expect(id.message).toMatch(
      /^no scenario 'baseline-typo' in the server's folder \(ids: baseline, commercialization-bottleneck, /,
    );
    expect(id.details).toMatchObject({ ids: expect.arrayContaining(['baseline']) });
    expectError(await api.post<ErrorBody>('/runs', { scenario: 'scenarios/baseline.yaml' }), 404, 'not-found');
    expectError(await api.post<ErrorBody>('/runs', { scenario: '../package.json' }), 404, 'not-found');
    expectError(await api.post<ErrorBody>('/compare', { base: 'baseline', alternatives: ['nope'] }), 404, 'not-found');
    expectError(await api.get<ErrorBody>('/scenarios/nope'), 404, 'not-found');
    expectError(await api.get<ErrorBody>('/charts/nope.svg'), 404, 'not-found');
    expectError(await api.get<ErrorBody>('/charts/baseline.png'), 404, 'not-found');
    expectError(
      await api.post<ErrorBody>('/runs', { scenario: { ...small, extends: 'nope' } }),
      422,
      'invalid-scenario',
    );
  });

  it('413 body-too-large: the limit in bytes', async () => {
    const big = { scenario: { ...small, description: 'x'.repeat(5000) } };
    const e = expectError(await api.post<ErrorBody>('/runs', big), 413, 'body-too-large');
    expect(e).toEqual({
      code: 'body-too-large',
      message: 'the body is over the limit of 4096 bytes (limits.bodyBytes)',
      details: { limit_bytes: 4096 },
    });
  });

  it('415 unsupported-media-type: JSON only', async () => {
    const e = expectError(
      await api.raw<ErrorBody>('/runs', '{"scenario":"baseline"}', 'text/plain'),
      415,
      'unsupported-media-type',
    );
    expect(e.message).toBe('send the body as JSON, with content-type: application/json (got text/plain)');
    expectError(
      await api.raw<ErrorBody>('/runs', 'scenario=baseline', 'application/x-www-form-urlencoded'),
      415,
      'unsupported-media-type',
    );
  });

  it('422 invalid-scenario: every problem, positioned, in the body and in the message', async () => {
    const doc = { ...small, variables: { a: 'b + 1', c: "import('fs')" }, trails: 4 };
    const e = expectError(await api.post<ErrorBody>('/runs', { scenario: doc }), 422, 'invalid-scenario');
    const problems = e.details as Problem[];
    // The misspelt key does not hide the expressions' problems: they are independent.
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['schema', ['trails']],
      ['unknown-symbol', ['variables', 'a']],
      ['forbidden', ['variables', 'c']],
    ]);
    expect(e.message).toBe(`the scenario has 3 problems: ${formatProblem(problems[0]!)} (and 2 more in details)`);
    const compile = expectError(
      await api.post<ErrorBody>('/runs', { scenario: { ...small, variables: { a: 'b + 1', c: "import('fs')" } } }),
      422,
      'invalid-scenario',
    );
    expect((compile.details as Problem[]).map((p) => p.code).sort()).toEqual(['forbidden', 'unknown-symbol']);
    expect(compile.message).toMatch(
      /^the scenario has 2 problems: <scenario>\.json:\d+:\d+ .* \(and 1 more in details\)$/,
    );
  });

  it('422 invalid-scenario: problems of every compared scenario at once, each named by where it stood', async () => {
    const bad = (id: string) => ({ ...small, id, variables: { a: 'zz' } });
    const e = expectError(
      await api.post<ErrorBody>('/compare', { base: bad('one'), alternatives: ['baseline', bad('two')] }),
      422,
      'invalid-scenario',
    );
    expect((e.details as Problem[]).map((p) => p.file)).toEqual(['<base>.json', '<alternatives[1]>.json']);
  });

  it('422 invalid-request: an unknown output id, one code on every route that takes one', async () => {
    const answers = [
      await api.post<ErrorBody>('/runs', { scenario: small, outputs: ['s', 'S'] }),
      await api.post<ErrorBody>('/compare', { base: small, alternatives: [small], outputs: ['s', 'S'] }),
      await api.post<ErrorBody>('/sensitivity', { scenario: 'baseline', output: 'workforse' }),
      await api.get<ErrorBody>('/charts/baseline.svg?trials=10&outputs=workforce,workforse'),
      await api.get<ErrorBody>('/charts/baseline.svg?trials=10&outputs=workforse&overlay=policy-push'),
    ];
    const problems = answers.map((r) => (expectError(r, 422, 'invalid-request').details as Problem[])[0]!);
    // The request's mistake, not a place in a file: no line and column of a document.
    for (const p of problems) expect(p).toMatchObject({ code: 'usage', file: '<request>', line: 1, column: 1 });
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      [['outputs', 1], "output 'S' is not a stock, variable, parameter, series or shock of 'small'; did you mean 's'?"],
      [['outputs', 1], "output 'S' is not an output of any compared scenario; did you mean 's'?"],
      [
        ['output'],
        "output 'workforse' is not a stock, variable, parameter, series or shock of 'baseline'; did you mean 'workforce'?",
      ],
      [
        ['outputs', 1],
        "output 'workforse' is not a stock, variable, parameter, series or shock of 'baseline'; did you mean 'workforce'?",
      ],
      [['outputs', 0], "output 'workforse' is not an output of any compared scenario"],
    ]);
    expect(formatProblem(problems[0]!)).toBe(
      "<request> usage output 'S' is not a stock, variable, parameter, series or shock of 'small'; did you mean 's'? (at outputs[1])",
    );
  });

  it('422 invalid-request: a comparison the scenarios cannot make', async () => {
    const e = expectError(
      await api.post<ErrorBody>('/compare', { base: small, alternatives: [small], outputs: ['nothing'] }),
      422,
      'invalid-request',
    );
    expect(e.message).toContain("output 'nothing' is not an output of any compared scenario");
  });

  it('422 limit: each limit named in the message', async () => {
    const cases: [unknown, string, string][] = [
      [
        { scenario: small, trials: 5001 },
        '/runs',
        "5,001 trials is over the server's limit of 5,000 trials per scenario (limits.trials)",
      ],
      [
        { scenario: { ...small, time: { start: 0, end: 300 } } },
        '/runs',
        "'small' has 300 time steps, over the server's limit of 200 (limits.steps); raise dt or shorten the horizon",
      ],
      [{ scenario: small, trials: 5000, outputs: ['s'] }, '/runs', '5,000 trials x 10 steps is 50,000 trial-steps'],
      [
        {
          base: { ...small, time: { start: 0, end: 100 } },
          alternatives: [{ ...small, time: { start: 0, end: 100 } }],
          trials: 3000,
        },
        '/compare',
        "2 scenarios x 3,000 trials x their steps is 600,000 trial-steps, over the server's limit of 400,000 trial-steps per request (limits.work)",
      ],
      [{ scenario: 'baseline', trials: 1000 }, '/runs', '1,000 trials x 60 steps is 60,000 trial-steps'],
      [
        { scenario: 'baseline', runs: 301 },
        '/check',
        "301 runs is over the server's limit of 300 runs per assumption (limits.checkRuns)",
      ],
    ];
    for (const [body, path, text] of cases) {
      const r = await api.post<ErrorBody>(path, body);
      if (text.includes('trial-steps') && !text.includes('limits.work')) {
        // Under the work limit: these run (a control for the line above).
        expect(r.status).toBe(200);
        continue;
      }
      const e = expectError(r, 422, 'limit');
      expect(e.message).toContain(text);
      expect((e.details as Problem[]).every((p) => p.code === 'limit')).toBe(true);
    }
    const stored = await startServer({ limits: { storedValues: 1000 } });
    try {
      const e = expectError(await stored.post<ErrorBody>('/runs', { scenario: small, trials: 200 }), 422, 'limit');
      expect(e.message).toContain(
        "2,200 stored values (trials x outputs x reporting times) is over the server's limit of 1,000 per request (limits.storedValues)",
      );
    } finally {
      await stored.close();
    }
  });

  it("422 limit: the engine's own limits still apply underneath", async () => {
    const steps = MODEL_LIMITS.maxSteps + 1;
    const r = await api.post<{ valid: boolean; errors: Problem[] }>('/validate', {
      scenario: { ...small, time: { start: 0, end: steps, report: steps } },
    });
    expect(r.json.valid).toBe(false);
    expect(r.json.errors.map((p) => [p.code, p.message])).toEqual([
      [
        'limit',
        `${steps} steps is over the limit of ${MODEL_LIMITS.maxSteps} (maxSteps); raise dt or shorten the horizon`,
      ],
    ]);
  });
});

describe('a fault of the server', () => {
  it('500 internal: nothing of the fault in the answer, and the server goes on', async () => {
    // An executor (build accepts any) whose worker fails in a way no request explains.
    const executor: Executor = {
      kind: 'broken',
      sizing: { trialSteps: 2_000_000, parallelism: 1 },
      workers: 1,
      pending: 0,
      run: () => Promise.reject(new Error('worker crashed at /srv/secret/worker.js:12:5')),
      close: async () => {},
    };
    const api = await startServer({ executor });
    try {
      const e = expectError(await api.post<ErrorBody>('/runs', { scenario: 'baseline', trials: 10 }), 500, 'internal');
      expect(e.message).toMatch(/^internal error \(request req-[\w-]+\); the server log has the details$/);
      expect(JSON.stringify(e)).not.toContain('secret');
      expect((await api.get('/health')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
