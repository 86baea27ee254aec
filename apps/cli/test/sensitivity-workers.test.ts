import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { cli, workspace } from './helpers.js';

const repo = resolve(import.meta.dirname, '../../..');
const noElapsed = (json: string): string => json.replace(/"elapsed_ms": \d+/g, '"elapsed_ms": 0');

// Correlated inputs (one Sobol factor), per-step noise and a Poisson shock whose rate is a factor.
const noisy = `
format: 1
id: noisy
time: { start: 2020, end: 2026, dt: 0.5 }
seed: 6
parameters:
  g: { dist: normal, mean: 0.2, sd: 0.04 }
  ceiling: { dist: lognormal, p5: 400, p95: 900 }
  loss: { dist: triangular, min: 0.01, mode: 0.03, max: 0.08 }
  rate: { dist: uniform, min: 0.1, max: 0.6 }
  noise: { dist: normal, mean: 0, sd: 0.01, per: step }
correlations:
  - { between: [g, ceiling], rho: 0.4 }
shocks:
  setback: { rate: rate, half_life: 1 }
stocks:
  w: { initial: 100, inflow: "w * (g + noise) * (1 - w / ceiling) - w * loss - 10 * setback", min: 0 }
`;

describe('foresight sensitivity --workers N', () => {
  it('prints the same bytes for every N: JSON and charts, tornado and Sobol, and tables', async () => {
    const dir = workspace({ 'scenarios/noisy.yaml': noisy });
    const printed = async (args: string[], workers: string) => {
      const chart = `chart-${workers}.svg`;
      const r = await cli(['sensitivity', 'noisy', ...args, '--chart', chart, '--workers', workers], dir);
      expect([r.code, r.stderr]).toEqual([0, '']);
      return noElapsed(r.stdout) + readFileSync(join(dir, chart), 'utf8');
    };
    const cases = [
      ['--output', 'w', '--at', '2024', '--format', 'json'],
      ['--output', 'w', '--method', 'sobol', '--samples', '300', '--resamples', '120', '--format', 'json'],
      ['--output', 'w', '--method', 'sobol', '--samples', '90', '--over-time', '--seed', '2', '--format', 'json'],
    ];
    for (const args of cases) {
      const one = await printed(args, '1');
      for (const workers of ['2', '3']) expect(await printed(args, workers)).toBe(one);
    }
    // The table is drawn from the same document: once is enough.
    const table = ['--output', 'w', '--method', 'sobol', '--samples', '300'];
    expect(await printed(table, '3')).toBe(await printed(table, '1'));
  });

  it('on the baseline, as in this process', async () => {
    const args = [
      'sensitivity',
      'baseline',
      '--output',
      'workforce',
      '--method',
      'sobol',
      '--samples',
      '40',
      '--format',
      'json',
    ];
    const one = await cli(args, repo);
    const two = await cli([...args, '--workers', '2'], repo);
    expect(one.code).toBe(0);
    expect(noElapsed(two.stdout)).toBe(noElapsed(one.stdout));
  });

  it('reports problems as in one process, and refuses a bad worker count', async () => {
    const fragile =
      'format: 1\nid: fragile\ntime: { start: 0, end: 3 }\nseed: 20\nparameters:\n  u: { dist: uniform, min: 0, max: 1 }\n  v: { dist: uniform, min: 0, max: 1 }\nvariables:\n  y: "u > 0.997 ? log(0) : v"\n';
    const dir = workspace({ 'scenarios/noisy.yaml': noisy, 'scenarios/fragile.yaml': fragile });
    const cases = [
      ['noisy', '--output', 'nothing'],
      ['missing', '--output', 'w'],
      ['fragile', '--output', 'y', '--method', 'sobol', '--samples', '3000'],
    ];
    for (const args of cases) {
      const one = await cli(['sensitivity', ...args], dir);
      const two = await cli(['sensitivity', ...args, '--workers', '2'], dir);
      expect(one.code).toBe(2);
      expect(two).toEqual(one);
    }
    expect(
      (await cli(['sensitivity', 'fragile', '--output', 'y', '--method', 'sobol', '--samples', '3000'], dir)).stderr,
    ).toMatch(/ non-finite variable 'y' is -Infinity at t=0 in Sobol row 658 of B/);
    const zero = await cli(['sensitivity', 'noisy', '--output', 'w', '--workers', '0'], dir);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--workers must be a whole number >= 1');
  });

  it("counts Sobol runs on a terminal's stderr, as in this process", async () => {
    const dir = workspace({ 'scenarios/noisy.yaml': noisy });
    const onTerminal = async (workers: string) => {
      let stderr = '';
      let stdout = '';
      const code = await runCli(
        [
          'sensitivity',
          'noisy',
          '--output',
          'w',
          '--method',
          'sobol',
          '--samples',
          '2048',
          '--format',
          'json',
          '--workers',
          workers,
        ],
        {
          cwd: dir,
          stderrIsTTY: true,
          stdout: (s) => (stdout += s),
          stderr: (s) => (stderr += s),
        },
      );
      return { code, stdout, stderr };
    };
    for (const workers of ['1', '2']) {
      const r = await onTerminal(workers);
      expect(r.code).toBe(0);
      const lines = r.stderr.split('\n');
      expect(lines[0]).toBe('sobol: 2048 samples x (3 factors + 2) = 10,240 model runs');
      const counts = lines[1]!.split('\r').filter((s) => s !== '');
      expect(counts.length).toBeGreaterThan(1);
      for (const c of counts) expect(c).toMatch(/^[\d,]+ \/ 10,240 runs$/);
      expect(counts.at(-1)).toBe('10,240 / 10,240 runs');
      expect(lines[2]).toMatch(/^10240 runs in \d+\.\d\d s$/);
    }
  });

  it('is listed in --help', async () => {
    const r = await cli(['sensitivity', '--help'], repo);
    expect(r.stdout).toMatch(/--workers <n>\s+worker threads to split the model runs over/);
  });
});
