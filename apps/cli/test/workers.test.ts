import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { progressLine } from '../src/progress.js';
import { cli, workspace } from './helpers.js';

const repo = resolve(__dirname, '../../..');
const noElapsed = (json: string): string => json.replace(/"elapsed_ms": \d+/g, '"elapsed_ms": 0');

describe('foresight run and compare --workers N', () => {
  it('print the same bytes for every N, in every format', async () => {
    // JSON (the whole document) for N = 1, 2, 3; the renderings of it for N = 1 and 3.
    const outputs = async (args: string[], counts = ['1', '3']) => {
      const seen: string[] = [];
      for (const workers of counts) {
        const r = await cli([...args, '--workers', workers], repo);
        expect(r.stderr).toBe('');
        seen.push(noElapsed(r.stdout));
      }
      return seen;
    };
    for (const format of ['table', 'csv', 'json']) {
      const counts = format === 'json' ? ['1', '2', '3'] : ['1', '3'];
      const run = await outputs(['run', 'baseline', '--trials', '2001', '--seed', '3', '--format', format], counts);
      for (const other of run.slice(1)) expect(other).toBe(run[0]);
      if (format === 'csv') continue;
      const cmp = await outputs(
        [
          'compare',
          'baseline',
          'policy-push',
          '--trials',
          '999',
          '--outputs',
          'workforce,vc_inflow',
          '--format',
          format,
        ],
        counts,
      );
      for (const other of cmp.slice(1)) expect(other).toBe(cmp[0]);
    }
    // Thirteen whole CLI processes: a hang guard that a loaded machine does not trip.
  }, 240_000);

  it('reports problems as in one process, and refuses a bad worker count', async () => {
    const dir = workspace({
      'scenarios/bad.yaml': 'format: 1\nid: bad\ntime: { start: 0, end: 1 }\nvariables: { y: "nope + 1" }\n',
    });
    const one = await cli(['run', 'bad'], dir);
    const two = await cli(['run', 'bad', '--workers', '2'], dir);
    expect(two).toEqual(one);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^scenarios\/bad\.yaml:4:\d+ unknown-symbol /);
    const cmp = await cli(['compare', 'bad', 'missing', '--workers', '2'], dir);
    expect(cmp).toEqual(await cli(['compare', 'bad', 'missing'], dir));
    const zero = await cli(['run', 'bad', '--workers', '0'], dir);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--workers must be a whole number >= 1');
  });
});

describe('the progress bar', () => {
  /** The command line with stderr as a terminal or not, and a clock that moves 300 ms per reading. */
  async function withTerminal(args: string[], tty: boolean) {
    let stderr = '';
    let stdout = '';
    let clock = 0;
    const code = await runCli(args, {
      cwd: repo,
      stderrIsTTY: tty,
      now: () => (clock += 300),
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    return { code, stdout, stderr };
  }

  for (const workers of ['1', '2']) {
    it(`draws trials done, rate and time left on a terminal, and erases itself (--workers ${workers})`, async () => {
      const r = await withTerminal(
        ['run', 'baseline', '--trials', '6000', '--workers', workers, '--format', 'csv'],
        true,
      );
      expect(r.code).toBe(0);
      const frames = r.stderr.split('\r').filter((f) => f.length > 0);
      expect(frames.length).toBeGreaterThan(1);
      expect(frames.at(-1)).toBe('\x1b[K');
      for (const f of frames.slice(0, -1))
        expect(f).toMatch(/^\[[#.]{24}\] +\d+% {2}[\d,]+\/6,000 trials {2}[\d,]+ trials\/s {2}\d+:\d\d left\x1b\[K$/);
      expect(frames.at(-2)).toContain('100%  6,000/6,000 trials');
      // stdout is untouched by the bar
      expect(r.stdout).toBe(
        noElapsed((await cli(['run', 'baseline', '--trials', '6000', '--format', 'csv'], repo)).stdout),
      );
    });
  }

  it('prints nothing when stderr is not a terminal', async () => {
    const r = await withTerminal(['compare', 'baseline', 'policy-push', '--trials', '6000'], false);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('formats a line', () => {
    expect(progressLine(25_000, 100_000, 2_000)).toBe(
      '[######..................]  25%  25,000/100,000 trials  12,500 trials/s  0:06 left',
    );
    expect(progressLine(0, 10, 0)).toBe('[........................]   0%  0/10 trials  0 trials/s  ? left');
    expect(progressLine(1, 1_000_000, 1_000)).toContain('277h46m left');
  });
});

describe('foresight --help', () => {
  it('lists --workers for run', async () => {
    const r = await cli(['run', '--help'], repo);
    expect(r.stdout).toMatch(/--workers <n>\s+worker threads to split trials over/);
  });
});
