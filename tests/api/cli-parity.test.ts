import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '@foresight/core';
import { ensureBuilt } from '../built.js';
import { root, stable, startServer, type TestServer } from './server.js';

// The built binary, as a user runs it (built first when missing or stale).
const bin = await ensureBuilt();
function foresight(args: string[], cwd = root): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (args: string[], cwd?: string): unknown => {
  const r = foresight([...args, '--format', 'json'], cwd);
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

/** An inline document as a file the CLI can read: the JSON the API positions its problems in, under the name it gives them. */
function asFile(doc: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'foresight-parity-'));
  writeFileSync(join(dir, '<scenario>.json'), JSON.stringify(doc, null, 2));
  return dir;
}

describe('the API answers as the CLI prints (but for elapsed_ms)', () => {
  let api: TestServer;
  beforeAll(async () => {
    // Two workers: the trials of one run are split between threads, and still equal one thread's.
    api = await startServer({ pool: { workers: 2 } });
  });
  afterAll(() => api.close());

  it('run', async () => {
    const r = await api.post('/runs', {
      scenario: 'baseline',
      trials: 300,
      seed: 5,
      outputs: ['workforce', 'vc_inflow'],
    });
    expect(stable(r.json)).toEqual(
      stable(json(['run', 'baseline', '--trials', '300', '--seed', '5', '--outputs', 'workforce,vc_inflow'])),
    );
  });

  it("run with the scenario's own defaults", async () => {
    const r = await api.post('/runs', { scenario: 'talent-squeeze', trials: 250 });
    expect(stable(r.json)).toEqual(stable(json(['run', 'talent-squeeze', '--trials', '250'])));
  });

  it('compare', async () => {
    const r = await api.post('/compare', {
      base: 'baseline',
      alternatives: ['decoupling-severe', 'talent-squeeze'],
      trials: 200,
      seed: 3,
      outputs: ['workforce', 'startups'],
    });
    expect(stable(r.json)).toEqual(
      stable(
        json([
          'compare',
          'baseline',
          'decoupling-severe',
          'talent-squeeze',
          '--trials',
          '200',
          '--seed',
          '3',
          '--outputs',
          'workforce,startups',
        ]),
      ),
    );
  });

  it('check', async () => {
    const r = await api.post('/check', { scenario: 'baseline', runs: 20, seed: 5 });
    expect(r.json).toEqual(json(['check', 'baseline', '--runs', '20', '--seed', '5']));
  });

  it('an inline document that extends a folder scenario, as the same document in a file', async () => {
    const doc = {
      format: 1,
      id: 'less-room',
      extends: 'baseline',
      parameters: { ceiling_multiple: { mode: 2 } },
    };
    const r = await api.post('/runs', { scenario: doc, trials: 150, outputs: ['workforce'] });
    const cli = json(
      ['run', '<scenario>.json', '--scenarios', join(root, 'scenarios'), '--trials', '150', '--outputs', 'workforce'],
      asFile(doc),
    );
    expect(stable(r.json)).toEqual(stable(cli));
  });

  it('422 details: the problem list the CLI prints, line for line', async () => {
    const doc = {
      format: 1,
      id: 'broken',
      time: { start: 0, end: 5, dt: 0.3 },
      variables: { a: 'b + 1', c: "import('fs')" },
      outputs: ['a', 'nothing'],
    };
    const r = await api.post<{ error: { details: Problem[] } }>('/runs', { scenario: doc });
    expect(r.status).toBe(422);
    const cli = foresight(['run', '<scenario>.json'], asFile(doc));
    expect(cli.status).toBe(2);
    expect(r.json.error.details.map((p) => `${formatProblem(p)}\n`).join('')).toBe(cli.stderr);
  });
});
