/*
 * `foresight jobs list|show|result|cancel --server URL` against a server on
 * a real port: what it prints is what the local commands print for the
 * same result.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '@foresight/core';
import { renderFanChart, renderRunCsv, renderRunTable } from '@foresight/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../apps/cli/test/helpers.js';
import { freePort } from '../../scripts/free-port.mjs';
import { startServer, type TestServer, until } from './server.js';

describe('foresight jobs', () => {
  let api: TestServer;
  let dir: string;
  let done: string;
  let failed: string;
  beforeAll(async () => {
    api = await startServer();
    dir = mkdtempSync(join(tmpdir(), 'foresight-jobs-cli-'));
    const submit = async (body: unknown) =>
      (
        await api.post<{ id: string }>('/runs', body, {
          headers: { 'content-type': 'application/json', prefer: 'respond-async' },
        })
      ).json.id;
    done = await submit({ scenario: 'baseline', trials: 100, seed: 5 });
    failed = await submit({
      scenario: { format: 1, id: 'blowup', time: { start: 0, end: 2, dt: 0.5 }, variables: { a: '1 / (t - 1)' } },
    });
    for (const id of [done, failed])
      await until(
        async () => !['queued', 'running'].includes((await api.get<{ status: string }>(`/jobs/${id}`)).json.status),
        'the jobs',
      );
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists jobs newest first, and shows one', async () => {
    const list = await cli(['jobs', 'list', '--server', api.url], dir);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+kind\s+status\s+done\s+scenarios\s+created$/);
    expect(lines[2]).toContain(failed);
    expect(lines[2]).toMatch(/run\s+failed/);
    expect(lines[3]).toMatch(new RegExp(`^${done}\\s+run\\s+done\\s+100%\\s+baseline\\s`));
    const json = await cli(['jobs', 'list', '--server', api.url, '--format', 'json', '--status', 'done'], dir);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((j) => j.id)).toEqual([done]);

    const show = await cli(['jobs', 'show', done, '--server', api.url], dir);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      /^id {9}\S+\nkind {7}run\nstatus {5}done\nprogress {3}100 of 100 runs, (\d+) of \1 pieces \(100%\)\n/,
    );
    const bad = await cli(['jobs', 'show', failed, '--server', api.url], dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/\nproblem +invalid-scenario: /);
  });

  it('gives a result as the run command gives it: table, CSV, JSON and its chart', async () => {
    const json = await cli(['jobs', 'result', done, '--server', api.url, '--format', 'json'], dir);
    const result = JSON.parse(json.stdout) as RunResult;
    expect(result.trials).toBe(100);
    expect((await cli(['jobs', 'result', done, '--server', api.url], dir)).stdout).toBe(renderRunTable(result));
    const csv = await cli(
      ['jobs', 'result', done, '--server', api.url, '--format', 'csv', '--out', 'r.csv', '--chart', 'r.svg'],
      dir,
    );
    expect([csv.code, csv.stdout]).toEqual([0, '']);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe(renderRunCsv(result));
    expect(readFileSync(join(dir, 'r.svg'), 'utf8')).toBe(renderFanChart(result));
  });

  it('says why when there is no result, no job, or no server', async () => {
    const problem = await cli(['jobs', 'result', failed, '--server', api.url], dir);
    expect(problem.code).toBe(1);
    expect(problem.stderr).toMatch(/^foresight jobs: invalid-scenario: the scenario has a problem: /);
    const unknown = await cli(['jobs', 'show', 'AAAAAAAAAAAAAAAAAAAA', '--server', api.url], dir);
    expect([unknown.code, unknown.stderr]).toEqual([2, "foresight jobs: not-found: no job 'AAAAAAAAAAAAAAAAAAAA'\n"]);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const gone = await cli(['jobs', 'list', '--server', closed], dir);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toBe(`foresight jobs: cannot reach ${closed}: ECONNREFUSED\n`);
    const usage = await cli(['jobs', 'list', '--server', 'localhost:3000'], dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--server is the URL of a foresight server (http://HOST:PORT)');
  });

  it('cancels a job', async () => {
    const id = (
      await api.post<{ id: string }>(
        '/runs',
        { scenario: 'baseline', trials: 50_000, seed: 9 },
        { headers: { 'content-type': 'application/json', prefer: 'respond-async' } },
      )
    ).json.id;
    expect(id).toMatch(/^[\w-]{20}$/);
    const cancel = await cli(['jobs', 'cancel', id, '--server', api.url], dir);
    expect([cancel.code, cancel.stdout]).toEqual([0, `${id} cancelled\n`]);
    const result = await cli(['jobs', 'result', id, '--server', api.url], dir);
    expect([result.code, result.stderr]).toEqual([
      2,
      `foresight jobs: no-result: job '${id}' is cancelled: it has no result\n`,
    ]);
  });
});
