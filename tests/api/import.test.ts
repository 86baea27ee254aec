import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Problem, RunResult } from '@foresight/core';
import { parse } from 'yaml';
import { folder, startServer, type TestServer } from './server.js';

const teacup = `{UTF-8}
Characteristic Time= 10 ~ Minutes ~ |
Heat Loss to Room= (Teacup Temperature - Room Temperature) / Characteristic Time ~ Degrees/Minute ~ |
Room Temperature= 70 ~ Degrees ~ |
Teacup Temperature= INTEG (-Heat Loss to Room, 180) ~ Degrees ~ |
FINAL TIME = 3 ~~|
INITIAL TIME = 0 ~~|
SAVEPER = 1 ~~|
TIME STEP = 0.5 ~~|
`;

const uncertainTeacup = `format: 1
id: uncertain-teacup
extends: teacup
trials: 50
parameters:
  room_temperature: { value: null, dist: uniform, min: 60, max: 80 }
`;

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

describe('models of other tools over HTTP', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer({
      scenarios: 'scenarios',
      cwd: folder({ 'teacup.mdl': teacup, 'uncertain.yaml': uncertainTeacup }),
    });
  });
  afterAll(() => api.close());

  it('POST /runs takes a model with its format, and answers under the original names', async () => {
    const r = await api.post<unknown>('/runs', { scenario: { format: 'vensim', model: teacup, file: 'teacup.mdl' } });
    expect(r.status).toBe(200);
    const result = RunResult.parse(r.json);
    expect(result.scenario).toBe('teacup');
    expect(result.times).toEqual([0, 1, 2, 3]);
    expect(result.outputs['teacup_temperature']).toMatchObject({ label: 'Teacup Temperature', unit: 'Degrees' });
    expect(result.outputs['teacup_temperature']!.mean[1]).toBeCloseTo(169.275, 10);
  });

  it("a scenario folder's models are scenarios, and a scenario may extend one", async () => {
    const list = await api.get<{ scenarios: { id: string; valid: boolean; file: string }[] }>('/scenarios');
    expect(list.json.scenarios.map((s) => [s.id, s.valid])).toEqual([
      ['teacup', true],
      ['uncertain-teacup', true],
    ]);
    const r = await api.post<unknown>('/runs', { scenario: 'uncertain-teacup', seed: 3 });
    expect(r.status).toBe(200);
    const result = RunResult.parse(r.json);
    expect(result.trials).toBe(50);
    expect(result.outputs['teacup_temperature']!.sd[3]).toBeGreaterThan(0);
  });

  it('GET /scenarios/:id?format=source gives a folder model as the scenario it imports to, which runs to the same numbers', async () => {
    const r = await api.get('/scenarios/teacup?format=source');
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/yaml; charset=utf-8');
    expect(r.text).toContain('id: teacup');
    // The workbench edits this text and runs it as a document of its own.
    const asText = await api.post<RunResult>('/runs', { scenario: parse(r.text) });
    const byId = await api.post<RunResult>('/runs', { scenario: 'teacup' });
    expect(asText.json.outputs).toEqual(byId.json.outputs);
  });

  it("a model's problems are a 422 naming where it stood in the request, with lines and columns in its text", async () => {
    const r = await api.post<ErrorBody>('/compare', {
      base: 'teacup',
      alternatives: [{ format: 'xmile', model: '<xmile><model><variables><aux name="x"><eqn>1 +</eqn></aux>' }],
    });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('invalid-scenario');
    expect(r.json.error.message).toContain(
      'the file ends before these elements are closed: <xmile>, <model>, <variables>',
    );
    expect((r.json.error.details as Problem[]).map((p) => [p.file, p.code, p.line, p.column])).toEqual([
      ['<alternatives[0]>.xmile', 'import', 1, 60],
    ]);
  });

  it('refuses a model object with a format it does not know, as a document that does not match', async () => {
    const r = await api.post<ErrorBody>('/runs', { scenario: { format: 'stella', model: 'x' } });
    expect(r.status).toBe(422);
    expect((r.json.error.details as Problem[])[0]).toMatchObject({ code: 'schema', path: ['format'] });
  });
});
