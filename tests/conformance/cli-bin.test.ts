import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../built.js';

// The built binary, as a user runs it (built first when missing or stale).
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = await ensureBuilt();
const foresight = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });

describe('the foresight binary', () => {
  it('runs the baseline by id and passes its targets (exit 0)', () => {
    const r = foresight('run', 'baseline', '--trials', '300', '--format', 'json', '--outputs', 'workforce');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ scenario: 'baseline', trials: 300 });
  });

  it('is what the installed command (apps/cli/bin/foresight.js, which pnpm links) runs', () => {
    const r = spawnSync(process.execPath, [`${root}apps/cli/bin/foresight.js`, 'list'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(foresight('list').stdout);
  });

  it('validates the scenario folder', () => {
    const r = foresight('validate', 'scenarios/');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok  scenarios/baseline.yaml  (baseline)');
  });

  it('exits 2 with a positioned problem for a missing file', () => {
    const r = foresight('run', 'scenarios/missing.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^scenarios\/missing\.yaml:1:1 io cannot read the file: ENOENT/);
  });

  it('stops quietly, exit 0, when the reader closes the pipe early (`| head`)', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'compare', 'baseline', 'decoupling-severe', 'talent-squeeze', '--trials', '200', '--format', 'json'],
      { cwd: root },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
