/*
 * Scenarios of the users' own (PUT/GET/DELETE /scenarios/{id}), YAML
 * bodies, and fair use (rate limits), on a real port.
 */
import type { RunResult } from '@foresight/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer, until } from './server.js';

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}
interface Info {
  id: string;
  version: string;
  format: string;
  created_at: string;
}

const mine = `format: 1
id: slow-hiring
title: Slower hiring
extends: baseline
parameters:
  returnee_rate: { mean: 0.07 }
`;

describe('stored scenarios', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer({ limits: { scenarioBytes: 4096 } });
  });
  afterAll(() => api.close());

  const put = (id: string, body: string, type = 'application/yaml') =>
    api.raw<Info>(`/scenarios/${id}`, body, type, { method: 'PUT', headers: { 'content-type': type } });

  it('stores a YAML scenario extending a folder one; runs name it by id; GET gives it resolved', async () => {
    const made = await put('slow-hiring', mine);
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ id: 'slow-hiring', format: 'yaml' });
    expect(made.json.version).toMatch(/^[0-9a-f]{64}$/);
    expect(made.headers.get('etag')).toBe(`"${made.json.version}"`);

    const doc = await api.get<{ id: string; parameters: Record<string, { mean?: number }> }>('/scenarios/slow-hiring');
    expect(doc.status).toBe(200);
    expect(doc.json.id).toBe('slow-hiring');
    expect(doc.json.parameters['returnee_rate']?.mean).toBe(0.07);
    // Resolved: the parent's other parameters are there too.
    const parent = await api.get<{ parameters: Record<string, unknown> }>('/scenarios/baseline');
    expect(Object.keys(doc.json.parameters).sort()).toEqual(Object.keys(parent.json.parameters).sort());

    const run = await api.post<RunResult>('/runs', { scenario: 'slow-hiring', trials: 100 });
    expect(run.status).toBe(200);
    // The version is the document hash a run records.
    expect(run.json.provenance.document_sha256).toBe(made.json.version);
    const inline = await api.post<RunResult>('/runs', {
      scenario: {
        format: 1,
        id: 'slow-hiring',
        title: 'Slower hiring',
        extends: 'baseline',
        parameters: { returnee_rate: { mean: 0.07 } },
      },
      trials: 100,
    });
    expect(inline.json.provenance.document_sha256).toBe(made.json.version);

    const chart = await api.get('/charts/slow-hiring.svg?trials=100&overlay=baseline&outputs=workforce');
    expect([chart.status, chart.text.slice(0, 4)]).toEqual([200, '<svg']);

    const list = await api.get<{ scenarios: { id: string }[]; stored: Info[] }>('/scenarios');
    expect(list.json.stored).toEqual([made.json]);
    expect(list.json.scenarios.map((s) => s.id)).not.toContain('slow-hiring');
  });

  it('keeps each document as a version; a job records the version it ran; JSON bodies too', async () => {
    const first = (await api.get<{ stored: Info[] }>('/scenarios')).json.stored[0]!;
    const same = await put('slow-hiring', mine);
    expect([same.status, same.json.version]).toEqual([200, first.version]);
    const changed = await put(
      'slow-hiring',
      JSON.stringify({
        format: 1,
        id: 'slow-hiring',
        extends: 'baseline',
        parameters: { returnee_rate: { mean: 0.065 } },
      }),
      'application/json',
    );
    expect(changed.status).toBe(200);
    expect(changed.json.format).toBe('json');
    expect(changed.json.version).not.toBe(first.version);
    const old = await api.get<{ parameters: Record<string, { mean?: number }> }>(
      `/scenarios/slow-hiring?version=${first.version}`,
    );
    expect(old.json.parameters['returnee_rate']?.mean).toBe(0.07);
    const job = await api.post<{ id: string; versions: string[]; scenarios: string[] }>(
      '/runs',
      { scenario: 'slow-hiring', trials: 100 },
      { headers: { 'content-type': 'application/json', prefer: 'respond-async' } },
    );
    expect(job.json.versions).toEqual([changed.json.version]);
    expect(job.json.scenarios).toEqual(['slow-hiring']);
    await until(
      async () => (await api.get<{ status: string }>(`/jobs/${job.json.id}`)).json.status === 'done',
      'the job',
    );
  });

  it("refuses to change the folder's scenarios, and answers bad documents and ids with a code", async () => {
    const folder = await put('baseline', mine.replace('slow-hiring', 'baseline'));
    expect([folder.status, (folder.json as unknown as ErrorBody).error.code]).toEqual([409, 'read-only']);
    const del = await api.del<ErrorBody>('/scenarios/baseline');
    expect([del.status, del.json.error.code]).toEqual([409, 'read-only']);

    const broken = await put(
      'broken',
      'format: 1\nid: broken\ntime: { start: 0, end: 2 }\nvariables: { a: "b + 1" }\n',
    );
    const e = broken.json as unknown as ErrorBody;
    expect([broken.status, e.error.code]).toEqual([422, 'invalid-scenario']);
    expect(e.error.details).toMatchObject([{ code: 'unknown-symbol', file: 'broken.yaml', line: 4 }]);

    const other = await put('other', mine);
    expect((other.json as unknown as ErrorBody).error).toMatchObject({
      code: 'invalid-request',
      details: [{ code: 'usage', path: ['id'], file: 'other.yaml', line: 2, column: 5 }],
    });
    expect((other.json as unknown as ErrorBody).error.message).toContain(
      "the document's id is 'slow-hiring', but it is stored as 'other'",
    );

    const yaml = await put('bad-yaml', 'format: 1\nid: [unclosed\n');
    expect([yaml.status, (yaml.json as unknown as ErrorBody).error.code]).toEqual([422, 'invalid-scenario']);

    for (const id of ['Upper', 'a%2Fb', "x'%20OR%201=1", '-x']) {
      const r = await put(id, mine);
      expect([id, r.status, (r.json as unknown as ErrorBody).error.code]).toEqual([id, 400, 'bad-request']);
    }
    const big = await put('big', `${mine}# ${'x'.repeat(5000)}\n`);
    expect([big.status, (big.json as unknown as ErrorBody).error.code]).toEqual([413, 'body-too-large']);
    const text = await put('texty', mine, 'text/plain');
    expect([text.status, (text.json as unknown as ErrorBody).error.code]).toEqual([415, 'unsupported-media-type']);
  });

  it('removes a stored scenario; then it is unknown', async () => {
    const del = await api.del('/scenarios/slow-hiring');
    expect(del.status).toBe(204);
    expect((await api.del<ErrorBody>('/scenarios/slow-hiring')).json.error.code).toBe('not-found');
    const get = await api.get<ErrorBody>('/scenarios/slow-hiring');
    expect([get.status, get.json.error.code]).toEqual([404, 'not-found']);
    const run = await api.post<ErrorBody>('/runs', { scenario: 'slow-hiring' });
    expect([run.status, run.json.error.code]).toEqual([404, 'not-found']);
  });
});

describe('YAML request bodies', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer();
  });
  afterAll(() => api.close());

  it('are taken wherever JSON is, giving the same answer', async () => {
    const yaml = await api.raw<RunResult>('/runs', 'scenario: baseline\ntrials: 100\nseed: 4\n', 'application/yaml');
    const json = await api.post<RunResult>('/runs', { scenario: 'baseline', trials: 100, seed: 4 });
    expect(yaml.status).toBe(200);
    expect(yaml.json.outputs).toEqual(json.json.outputs);
    const inline = await api.raw<RunResult>(
      '/runs',
      'scenario:\n  format: 1\n  id: slow-hiring\n  extends: baseline\n  parameters:\n    returnee_rate: { mean: 0.07 }\ntrials: 50\n',
      'text/yaml',
    );
    expect(inline.status).toBe(200);
  });

  it('malformed, repeating a key, or an alias bomb: 400 malformed-yaml with the place', async () => {
    const bad = await api.raw<ErrorBody>('/runs', 'scenario: [baseline\ntrials: 1\n', 'application/yaml');
    expect([bad.status, bad.json.error.code]).toEqual([400, 'malformed-yaml']);
    expect(bad.json.error.message).toMatch(/^the body is not valid YAML: .*\(line \d+, column \d+\)$/);
    const twice = await api.raw<ErrorBody>('/runs', 'scenario: baseline\nscenario: other\n', 'application/yaml');
    expect([twice.status, twice.json.error.code]).toEqual([400, 'malformed-yaml']);
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const bomb = await api.raw<ErrorBody>('/runs', `${levels.join('\n')}\nscenario: baseline\n`, 'application/yaml');
    expect([bomb.status, bomb.json.error.code]).toEqual([400, 'malformed-yaml']);
    const proto = await api.raw<ErrorBody>('/runs', 'scenario: baseline\n__proto__: { x: 1 }\n', 'application/yaml');
    expect([proto.status, proto.json.error.code]).toEqual([400, 'malformed-yaml']);
    const empty = await api.raw<ErrorBody>('/runs', '  \n', 'application/yaml');
    expect([empty.status, empty.json.error.message]).toEqual([400, 'the body is empty; send a YAML mapping']);
  });
});

describe('rate limits', () => {
  it('are off for loopback clients by default', async () => {
    const api = await startServer({ rateLimit: { max: 2 } });
    try {
      for (let i = 0; i < 5; i++) expect((await api.get('/scenarios')).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('answer 429 rate-limited with Retry-After past the limit; /health is never limited', async () => {
    const api = await startServer({ rateLimit: { max: 2, windowMs: 60_000, loopback: true } });
    try {
      expect((await api.get('/scenarios')).status).toBe(200);
      expect((await api.get('/scenarios')).status).toBe(200);
      const over = await api.get<ErrorBody>('/scenarios');
      expect(over.status).toBe(429);
      expect(over.json.error).toMatchObject({ code: 'rate-limited', details: { max: 2, window_ms: 60_000 } });
      expect(over.json.error.message).toMatch(
        /^more than 2 requests from this client in 60 s; retry in \d+ (seconds?|minutes?)$/,
      );
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      for (let i = 0; i < 4; i++) expect((await api.get('/health')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
