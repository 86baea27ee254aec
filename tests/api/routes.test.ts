import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CalibrationResult,
  CheckReport,
  ComparisonResult,
  ENGINE_VERSION,
  ExploreResult,
  RunResult,
  runText,
  ScenarioDocument,
} from '@foresight/core';
import { folder, root, stable, startServer, type TestServer } from './server.js';

/** A small document of its own, for inline requests. */
const growth = {
  format: 1,
  id: 'growth',
  title: 'Growth',
  time: { start: 2020, end: 2025 },
  trials: 200,
  seed: 4,
  parameters: { g: { dist: 'normal', mean: 0.28, sd: 0.02 } },
  stocks: { w: { initial: 100, inflow: 'w * g', unit: 'people' } },
  variables: { double: '2 * w' },
  assumptions: [{ name: 'w stays positive', holds: 'w > 0' }],
};

const ids = [
  'baseline',
  'commercialization-bottleneck',
  'decoupling-and-talent-squeeze',
  'decoupling-severe',
  'policy-push',
  'policy-under-decoupling',
  'report-overstates',
  'talent-squeeze',
  'trend-extrapolation',
];

describe('the API, on a real port', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer();
  });
  afterAll(() => api.close());

  it('GET /health: liveness, version and pool load', async () => {
    const r = await api.get<{
      status: string;
      version: string;
      scenarios: number;
      pool: { workers: number; pending: number };
    }>('/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      status: 'ok',
      version: ENGINE_VERSION,
      scenarios: ids.length,
      pool: { pending: 0 },
    });
    expect(r.json.pool.workers).toBeGreaterThanOrEqual(1);
  });

  it('GET /scenarios: every id of the folder, with outputs, defaults and problems', async () => {
    const r = await api.get<{
      scenarios: {
        id: string;
        valid: boolean;
        trials?: number;
        seed?: number;
        extends?: string;
        file: string;
        outputs: { id: string; unit?: string }[];
        times?: number[];
        assumptions: number;
      }[];
      problems: unknown[];
    }>('/scenarios');
    expect(r.status).toBe(200);
    expect(r.json.scenarios.map((s) => s.id)).toEqual(ids);
    expect(r.json.problems).toEqual([]);
    const baseline = r.json.scenarios[0]!;
    const file = parse(readFileSync(join(root, 'scenarios/baseline.yaml'), 'utf8')) as {
      assumptions: unknown[];
      targets: unknown[];
    };
    expect(baseline).toMatchObject({
      id: 'baseline',
      valid: true,
      trials: 1000,
      seed: 2026,
      file: 'scenarios/baseline.yaml',
      assumptions: file.assumptions.length,
      targets: file.targets.length,
    });
    expect(baseline.outputs[0]).toMatchObject({ id: 'workforce', unit: 'people' });
    expect(baseline.times).toEqual(Array.from({ length: 16 }, (_, i) => 2020 + i));
    expect(r.json.scenarios.find((s) => s.id === 'decoupling-severe')).toMatchObject({
      extends: 'baseline',
      valid: true,
    });
  });

  it('GET /scenarios/:id: the document with extends resolved', async () => {
    const r = await api.get<ScenarioDocument>('/scenarios/decoupling-severe');
    expect(r.status).toBe(200);
    const doc = ScenarioDocument.parse(r.json);
    expect(doc.extends).toBeUndefined();
    expect(doc.id).toBe('decoupling-severe');
    // Its own parameter, and the parent's that it does not change.
    expect(doc.parameters?.['decoupling_severity']).toMatchObject({ dist: 'triangular', mode: 0.6 });
    expect(doc.parameters?.['ceiling_multiple']).toMatchObject({ dist: 'pert', min: 1.8, mode: 2.5, max: 3.5 });
  });

  it('GET /scenarios/:id?format=source: the file as written, extends and comments kept', async () => {
    const r = await api.get('/scenarios/decoupling-severe?format=source');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/yaml; charset=utf-8');
    expect(r.text).toBe(readFileSync(join(root, 'scenarios/decoupling-severe.yaml'), 'utf8'));
    const missing = await api.get<{ error: { code: string } }>('/scenarios/nowhere?format=source');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'not-found']);
    const wrong = await api.get<{ error: { code: string } }>('/scenarios/baseline?format=yml');
    expect(wrong.status).toBe(400);
  });

  it('POST /runs by id: the result document, with trials, seed and outputs as asked', async () => {
    const r = await api.post<RunResult>('/runs', {
      scenario: 'baseline',
      trials: 300,
      seed: 5,
      outputs: ['workforce', 'vc_inflow'],
    });
    expect(r.status).toBe(200);
    const result = RunResult.parse(r.json);
    expect(result).toMatchObject({ scenario: 'baseline', trials: 300, seed: 5 });
    expect(Object.keys(result.outputs)).toEqual(['workforce', 'vc_inflow']);
    expect(result.times[0]).toBe(2020);
    expect(result.targets.length).toBe(9);
  });

  it('POST /runs: an inline document, with its own trials and seed by default, as the engine runs it', async () => {
    const a = await api.post<RunResult>('/runs', { scenario: growth });
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ scenario: 'growth', trials: 200, seed: 4 });
    // The engine itself, in this thread, on the document as the API reads it.
    const direct = runText(JSON.stringify(growth, null, 2), '<scenario>.json');
    expect(direct.ok && stable(direct.value)).toEqual(stable(a.json));
  });

  it('POST /runs: an inline document may extend an id of the folder', async () => {
    const r = await api.post<RunResult>('/runs', {
      scenario: {
        format: 1,
        id: 'less-room',
        extends: 'baseline',
        parameters: { ceiling_multiple: { mode: 2 } },
      },
      trials: 200,
      outputs: ['workforce'],
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ scenario: 'less-room', trials: 200, seed: 2026 });
    const base = await api.post<RunResult>('/runs', { scenario: 'baseline', trials: 200, outputs: ['workforce'] });
    // Less room in the city, a smaller workforce at the median by 2035.
    expect(r.json.outputs['workforce']!.quantiles['p50']!.at(-1)!).toBeLessThan(
      base.json.outputs['workforce']!.quantiles['p50']!.at(-1)!,
    );
  });

  it('POST /compare: paired differences; a scenario compared with itself differs by exactly 0', async () => {
    const r = await api.post<ComparisonResult>('/compare', {
      base: 'baseline',
      alternatives: ['decoupling-severe', 'baseline'],
      trials: 200,
      outputs: ['vc_inflow'],
    });
    expect(r.status).toBe(200);
    const result = ComparisonResult.parse(r.json);
    expect(result).toMatchObject({ base: 'baseline', trials: 200, seed: 2026 });
    expect(result.runs.map((x) => x.scenario)).toEqual(['baseline', 'decoupling-severe', 'baseline']);
    const self = result.comparisons[1]!.outputs['vc_inflow']!;
    expect('difference' in self && self.difference.mean.every((d) => d === 0)).toBe(true);
    const severe = result.comparisons[0]!.outputs['vc_inflow']!;
    if (!('difference' in severe)) throw new Error('vc_inflow is in both');
    // The shocks start in 2026: until then both run the same draws through the same equations.
    expect(severe.difference.mean.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(severe.difference.quantiles['p50']!.at(-1)!).toBeLessThan(0);
  });

  it('POST /compare: outputs narrowed per scenario; one that only some define is absent from the others', async () => {
    const extra = { ...growth, id: 'growth-plus', variables: { double: '2 * w', triple: '3 * w' } };
    const r = await api.post<ComparisonResult>('/compare', {
      base: growth,
      alternatives: [extra],
      outputs: ['w', 'triple'],
    });
    expect(r.status).toBe(200);
    expect(r.json.comparisons[0]!.outputs['triple']).toEqual({ absent: 'base' });
    expect(Object.keys(r.json.runs[0]!.outputs)).toEqual(['w']);
  });

  it('POST /validate: valid, or every problem positioned', async () => {
    const ok = await api.post('/validate', { scenario: 'baseline' });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ valid: true, errors: [] });
    // Positions are in the document printed as JSON with two-space indentation.
    const at = (doc: unknown, text: string) => {
      const lines = JSON.stringify(doc, null, 2).split('\n');
      const line = lines.findIndex((l) => l.includes(text));
      return { line: line + 1, column: lines[line]!.indexOf(text) + 1 };
    };
    const typo = { ...growth, trails: 3 };
    const bad = await api.post('/validate', { scenario: typo });
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual({
      valid: false,
      errors: [
        {
          code: 'schema',
          message: "unknown key 'trails'; did you mean 'trials'?",
          file: '<scenario>.json',
          path: ['trails'],
          ...at(typo, '"trails"'),
        },
      ],
    });
    const unknown = { ...growth, variables: { double: '2 * v' } };
    const compile = await api.post('/validate', { scenario: unknown });
    const pos = at(unknown, '2 * v');
    expect(compile.json).toEqual({
      valid: false,
      errors: [
        {
          code: 'unknown-symbol',
          message: "unknown symbol 'v'",
          file: '<scenario>.json',
          path: ['variables', 'double'],
          line: pos.line,
          column: pos.column + 4,
        },
      ],
    });
  });

  it('POST /validate: the text of a scenario file, as YAML or in a JSON string, problems placed in that text', async () => {
    const text = [
      'format: 1',
      'id: child',
      'extends: baseline',
      'parameters:',
      '  returnee_rate: { mean: 0.09 }',
      'variables:',
      '  extra: "workforse * 2"',
      'outputs: [extra]',
      '',
    ].join('\n');
    const expected = {
      valid: false,
      errors: [
        {
          code: 'unknown-symbol',
          message: "unknown symbol 'workforse'; did you mean 'workforce'?",
          file: '<scenario>.yaml',
          path: ['variables', 'extra'],
          line: 7,
          column: 11,
        },
      ],
    };
    for (const type of ['application/yaml', 'text/yaml', 'text/plain', 'application/x-yaml; charset=utf-8']) {
      const r = await api.raw('/validate', text, type);
      expect([type, r.status, r.json]).toEqual([type, 200, expected]);
    }
    expect((await api.post('/validate', { scenario: text })).json).toEqual(expected);
    const fixed = await api.raw('/validate', text.replace('workforse', 'workforce'), 'application/yaml');
    expect(fixed.json).toEqual({ valid: true, errors: [] });
    // A JSON text is a scenario's text too; a string with no colon stays an id.
    expect((await api.raw('/validate', JSON.stringify(growth), 'text/plain')).json).toEqual({
      valid: true,
      errors: [],
    });
    expect((await api.post('/validate', { scenario: 'nope' })).status).toBe(404);
    const broken = await api.raw('/validate', 'format: 1\nid: [\n', 'application/yaml');
    expect(broken.json).toMatchObject({ valid: false, errors: [{ code: 'yaml', file: '<scenario>.yaml' }] });
    // Only /validate takes a scenario's text: elsewhere a YAML body is the request itself, written in YAML,
    // and a scenario file is not a request (400, its keys named); text/plain is no request at all (415).
    const asRequest = await api.raw<{ error: { code: string } }>('/runs', text, 'application/yaml');
    expect([asRequest.status, asRequest.json.error.code]).toEqual([400, 'bad-request']);
    expect((await api.raw('/runs', text, 'text/plain')).status).toBe(415);
  });

  it('POST /check: every assumption, the same report for the same seed', async () => {
    const a = await api.post<CheckReport>('/check', { scenario: growth, runs: 50, seed: 9 });
    expect(a.status).toBe(200);
    const report = CheckReport.parse(a.json);
    expect(report).toMatchObject({ scenario: 'growth', seed: 9, runs: 50, violated: 0 });
    expect(report.assumptions.map((x) => [x.name, x.status])).toEqual([['w stays positive', 'holds']]);
    const b = await api.post<CheckReport>('/check', { scenario: growth, runs: 50, seed: 9 });
    expect(b.json).toEqual(a.json);
    const violated = await api.post<CheckReport>('/check', {
      scenario: { ...growth, assumptions: [{ name: 'w stays small', holds: 'w < 150' }] },
      runs: 50,
    });
    expect(violated.json.violated).toBe(1);
    expect(violated.json.assumptions[0]!.counterexample?.time).toBeGreaterThan(2020);
  });

  it('GET /charts/:id.svg: a fan chart of the outputs asked for', async () => {
    const r = await api.get('/charts/baseline.svg?output=workforce&output=vc_inflow&trials=100&seed=3&width=720');
    expect(r.status).toBe(200);
    expect(r.type).toBe('image/svg+xml; charset=utf-8');
    expect(r.text.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="720"')).toBe(true);
    expect(r.text).toContain('baseline · 100 trials · seed 3');
    expect(r.text).toContain('>workforce<');
    expect(r.text).toContain('>vc_inflow<');
    expect(r.text).not.toContain('>chip_talent<');
    const again = await api.get('/charts/baseline.svg?outputs=workforce,vc_inflow&trials=100&seed=3&width=720');
    expect(again.text).toBe(r.text);
  });

  it('GET /charts/:id.svg?overlay=: the alternatives drawn over the base, on common random numbers', async () => {
    const r = await api.get(
      '/charts/baseline.svg?overlay=decoupling-severe,talent-squeeze&outputs=workforce&trials=100',
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>baseline vs decoupling-severe vs talent-squeeze</title>');
    expect(r.text).toContain('100 trials · seed 2026');
  });

  it('GET /charts/:id.svg?colour=&scale_with=: one scenario in its palette colour, on axes shared with others', async () => {
    const alone = await api.get('/charts/decoupling-severe.svg?outputs=vc_inflow&trials=100');
    const beside = await api.get(
      '/charts/decoupling-severe.svg?outputs=vc_inflow&trials=100&colour=1&scale_with=baseline,policy-push',
    );
    expect(beside.status).toBe(200);
    expect(beside.text).toContain('<title>Severe decoupling');
    expect(beside.text).not.toContain('data-scenario="baseline"');
    const stroke = (svg: string) =>
      /class="median"[^>]*stroke="([^"]+)"|stroke="([^"]+)"[^>]*class="median"/.exec(svg)?.slice(1).find(Boolean);
    expect(stroke(alone.text)).toBe('#0072B2');
    expect(stroke(beside.text)).toBe('#D55E00');
    const top = (svg: string) =>
      Math.max(...[...svg.matchAll(/text-anchor="end"[^>]*>([\d.]+)B<\/text>/g)].map((m) => Number(m[1])));
    const policy = await api.get(
      '/charts/policy-push.svg?outputs=vc_inflow&trials=100&colour=2&scale_with=baseline,decoupling-severe',
    );
    expect(top(beside.text)).toBeGreaterThan(top(alone.text));
    expect(top(beside.text)).toBe(top(policy.text));
  });

  it('a chart of a scenario just compared comes from the cache, and is the chart a fresh run draws', async () => {
    type H = { cache: { hits: number } };
    const before = (await api.get<H>('/health')).json.cache.hits;
    await api.post('/compare', {
      base: 'baseline',
      alternatives: ['talent-squeeze'],
      trials: 120,
      outputs: ['workforce'],
    });
    const chart = await api.get('/charts/talent-squeeze.svg?outputs=workforce&trials=120&seed=2026');
    expect((await api.get<H>('/health')).json.cache.hits).toBe(before + 1);
    const fresh = await startServer({ cache: { bytes: 0 } });
    try {
      expect((await fresh.get('/charts/talent-squeeze.svg?outputs=workforce&trials=120&seed=2026')).text).toBe(
        chart.text,
      );
    } finally {
      await fresh.close();
    }
  });

  it('GET /openapi.json: OpenAPI 3.1 from the zod schemas, every route, the core documents as components', async () => {
    const r = await api.get<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    }>('/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    expect(Object.keys(r.json.paths).sort()).toEqual([
      '/calibrate',
      '/charts/{id}.svg',
      '/check',
      '/compare',
      '/explore',
      '/health',
      '/jobs',
      '/jobs/{id}',
      '/jobs/{id}/chart.svg',
      '/jobs/{id}/events',
      '/jobs/{id}/result',
      '/runs',
      '/scenarios',
      '/scenarios/{id}',
      '/sensitivity',
      '/validate',
    ]);
    expect(r.json.paths['/runs']!['post']!.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/RunRequestInput' } } },
    });
    expect(r.json.paths['/runs']!['post']!.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/RunResult' } } },
    });
    expect(r.json.paths['/runs']!['post']!.responses['422']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    const schemas = r.json.components.schemas;
    // The result document's fields are the core schema's, not a copy.
    expect(Object.keys(schemas['RunResult']!.properties!)).toEqual(Object.keys(RunResult.shape));
    expect(Object.keys(schemas['ScenarioDocument']!.properties!)).toEqual(Object.keys(ScenarioDocument.shape));
    expect(schemas['ComparisonResult']!.required).toEqual(['base', 'trials', 'seed', 'runs', 'comparisons']);
    expect(schemas['CheckReport']).toBeDefined();
    expect(Object.keys(schemas['CalibrationResult']!.properties!)).toEqual(Object.keys(CalibrationResult.shape));
    expect(Object.keys(schemas['ExploreResult']!.properties!)).toEqual(Object.keys(ExploreResult.shape));
    expect(schemas['Problem']!.required).toEqual(['code', 'message', 'file', 'path', 'line', 'column']);
  });

  it('GET /docs: the API reference (swagger-ui), served by the app', async () => {
    const r = await api.get('/docs/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('swagger-ui');
    const spec = await api.get<{ openapi: string }>('/docs/json');
    expect(spec.json.openapi).toBe('3.1.0');
  });

  it('GET /: the workbench page and its built assets, under a Content-Security-Policy', async () => {
    const page = await api.get('/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    // The page as written, with a fresh nonce for the editor's styles, named in the policy too.
    const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(page.text)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(page.text.replace(nonce!, '')).toBe(readFileSync(join(root, 'apps/server/page/index.html'), 'utf8'));
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(policy).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await api.get('/')).text).not.toContain(nonce!);
    for (const [path, type, evaluates] of [
      ['/assets/page.js', 'text/javascript', false],
      ['/assets/page.css', 'text/css', false],
      // Only the engine's worker may compile equations to functions.
      ['/assets/worker.js', 'text/javascript', true],
      ['/favicon.svg', 'image/svg+xml', false],
    ] as const) {
      const r = await api.get(path);
      expect([r.status, r.type.split(';')[0]]).toEqual([200, type]);
      expect(r.headers.get('content-security-policy')?.includes("'unsafe-eval'")).toBe(evaluates);
    }
    const missing = await api.get<{ error: { code: string } }>('/assets/nothing.js');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'not-found']);
  });
});

describe('a folder with problems', () => {
  it('lists what it can read, and says what it cannot', async () => {
    const dir = folder({
      'good.yaml': 'format: 1\nid: good\ntime: { start: 0, end: 2 }\nstocks: { s: { initial: 1 } }\n',
      'broken.yaml': 'format: 1\nid: broken\ntime: { start: 0, end: 2 }\nvariables: { a: "b + 1" }\n',
      'unreadable.yaml': 'format: 1\nid: [unclosed\n',
    });
    const api = await startServer({ cwd: dir });
    try {
      const r = await api.get<{
        scenarios: { id: string; valid: boolean; problems: { code: string; message: string; line: number }[] }[];
        problems: { code: string; file: string }[];
      }>('/scenarios');
      expect(r.json.scenarios.map((s) => [s.id, s.valid])).toEqual([
        ['broken', false],
        ['good', true],
      ]);
      expect(r.json.scenarios[0]!.problems).toMatchObject([
        { code: 'unknown-symbol', message: "unknown symbol 'b'", line: 4 },
      ]);
      expect(r.json.problems).toMatchObject([{ code: 'yaml', file: 'scenarios/unreadable.yaml' }]);
      const run = await api.post<{ error: { code: string } }>('/runs', { scenario: 'broken' });
      expect([run.status, run.json.error.code]).toEqual([422, 'invalid-scenario']);
    } finally {
      await api.close();
    }
  });
});

describe('cross-origin access', () => {
  it('is off by default, and given to the listed origins only', async () => {
    const closed = await startServer();
    const open = await startServer({ cors: ['https://dash.example'] });
    try {
      const from = (origin: string) => ({ headers: { origin } });
      expect(
        (await closed.get('/health', from('https://dash.example'))).headers.get('access-control-allow-origin'),
      ).toBeNull();
      expect((await closed.get('/runs', { method: 'OPTIONS', ...from('https://dash.example') })).status).toBe(404);
      expect((await open.get('/health', from('https://dash.example'))).headers.get('access-control-allow-origin')).toBe(
        'https://dash.example',
      );
      expect(
        (await open.get('/health', from('https://elsewhere.example'))).headers.get('access-control-allow-origin'),
      ).toBeNull();
      const preflight = await open.get('/runs', {
        method: 'OPTIONS',
        headers: { origin: 'https://dash.example', 'access-control-request-method': 'POST' },
      });
      expect([
        preflight.status,
        preflight.headers.get('access-control-allow-methods'),
        preflight.headers.get('access-control-allow-headers'),
      ]).toEqual([204, 'GET, POST', 'content-type']);
      const any = await startServer({ cors: ['*'] });
      try {
        expect(
          (await any.get('/scenarios', from('https://any.example'))).headers.get('access-control-allow-origin'),
        ).toBe('*');
      } finally {
        await any.close();
      }
    } finally {
      await closed.close();
      await open.close();
    }
  });
});
