/*
 * POST /calibrate and POST /explore on a real port: the CLI's documents
 * (but for elapsed_ms), a conflict as a 422 naming the observation, the
 * explore chart as SVG, and the work budgets of every analysis.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalibrationResult, ExploreResult } from '@foresight/core';
import { ensureBuilt } from '../built.js';
import { folder, stable, startServer, type TestServer, until } from './server.js';

const growth = `format: 1
id: growth
time: { start: 0, end: 6 }
seed: 8
parameters:
  g: { dist: uniform, min: 0, max: 0.3 }
  w0: { dist: lognormal, p5: 50, p95: 200 }
  rate: { dist: uniform, min: 0.1, max: 0.8 }
shocks:
  setback: { rate: rate, half_life: 1 }
stocks:
  w: { initial: w0, inflow: "w * g - 5 * setback", min: 0 }
observations:
  - { variable: w, time: 3, value: 150, tolerance: 0.1 }
  - { variable: w, points: [[5, 200], [6, 230]], log_sd: 0.1 }
`;

const bin = await ensureBuilt();
const foresight = (args: string[], cwd: string): unknown => {
  const r = spawnSync(process.execPath, [bin, ...args, '--format', 'json'], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

describe('POST /calibrate and /explore', () => {
  const dir = folder({ 'growth.yaml': growth });
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer({ cwd: dir, pool: { workers: 2 } });
  });
  afterAll(() => api.close());

  it('/calibrate answers what `foresight calibrate --format json` prints', async () => {
    const r = await api.post('/calibrate', { scenario: 'growth', trials: 300, seed: 2 });
    expect([r.status, r.type]).toEqual([200, 'application/json; charset=utf-8']);
    const doc = CalibrationResult.parse(r.json);
    expect(doc.method).toBe('abc-smc');
    expect(doc.sample.rows.length).toBe(300);
    expect(stable(r.json)).toEqual(stable(foresight(['calibrate', 'growth', '--trials', '300', '--seed', '2'], dir)));
  });

  it('/calibrate: evidence against the priors is a 422 naming it; no observations a 422 too', async () => {
    const bad = { ...JSON.parse(JSON.stringify(await api.get('/scenarios/growth').then((x) => x.json))) };
    const doc = { ...bad, observations: [{ variable: 'w', time: 3, value: 1e6, tolerance: 0.05 }] };
    const r = await api.post<{ error: { code: string; message: string } }>('/calibrate', {
      scenario: doc,
      trials: 50,
      max_runs: 500,
    });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('invalid-scenario');
    expect(r.json.error.message).toMatch(/conflict the evidence conflicts with the priors .*w@3 = 1000000 ± 5%/);
    const none = await api.post<{ error: { code: string } }>('/calibrate', { scenario: { ...doc, observations: [] } });
    expect([none.status, none.json.error.code]).toEqual([422, 'invalid-request']);
  });

  it('/explore answers what `foresight explore --format json` prints; ?format=svg draws it', async () => {
    const body = { scenario: 'growth', where: 'w@6 < 100', trials: 1500, bootstrap: 4 };
    const r = await api.post('/explore', body);
    expect(r.status).toBe(200);
    const doc = ExploreResult.parse(r.json);
    expect(doc.box.restrictions.map((x) => x.input)).toContain('g');
    expect(stable(r.json)).toEqual(
      stable(foresight(['explore', 'growth', '--where', 'w@6 < 100', '--trials', '1500', '--bootstrap', '4'], dir)),
    );
    const svg = await api.post('/explore?format=svg', body);
    expect([svg.status, svg.type]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    expect(svg.text).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    const wrong = await api.post<{ error: { code: string; message: string } }>('/explore', { ...body, where: 'w < 3' });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.message).toContain("'w < 3' is not a condition");
  });

  it('both run as jobs with Prefer: respond-async: 202, then the synchronous answer and, for explore, its chart', async () => {
    const headers = { 'content-type': 'application/json', prefer: 'respond-async' };
    const cases = [
      ['/calibrate', 'calibrate', { scenario: 'growth', trials: 200, seed: 4 }],
      ['/explore', 'explore', { scenario: 'growth', where: 'w@6 < 100', trials: 800, bootstrap: 2 }],
    ] as const;
    for (const [path, kind, body] of cases) {
      const r = await api.post<{ id: string; kind: string; status: string }>(path, body, { headers });
      expect([r.status, r.headers.get('location'), r.json.kind]).toEqual([202, `/jobs/${r.json.id}`, kind]);
      let status = r.json.status;
      await until(async () => {
        status = (await api.get<{ status: string }>(`/jobs/${r.json.id}`)).json.status;
        return status !== 'queued' && status !== 'running';
      }, `the ${kind} job to finish`);
      expect(status).toBe('done');
      const stored = await api.get(`/jobs/${r.json.id}/result`);
      expect(stored.status).toBe(200);
      expect(stable(stored.json)).toEqual(stable((await api.post(path, body)).json));
      const chart = await api.get(`/jobs/${r.json.id}/chart.svg`);
      if (kind === 'explore')
        expect([chart.status, chart.text]).toEqual([200, (await api.post(`${path}?format=svg`, body)).text]);
      else expect(chart.status).toBe(404);
    }
  });
});
