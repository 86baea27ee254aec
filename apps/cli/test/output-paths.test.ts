import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './helpers.js';

const growth = (id: string) => `format: 1
id: ${id}
time: { start: 2020, end: 2025 }
trials: 50
seed: 4
parameters:
  g: { dist: normal, mean: 0.1, sd: 0.02 }
stocks:
  w: { initial: 100, inflow: "w * g" }
`;
// Valid, but its run stops at once with a non-finite value: a problem that
// only running the model can find, so its absence proves nothing ran.
const failsWhenRun = `format: 1
id: fails
time: { start: 2020, end: 2025 }
trials: 50
parameters:
  g: { dist: normal, mean: 0.1, sd: 0.02 }
variables:
  v: "log(t - 2020) * g"
`;

// A place no one may create files in, root included (for whom permission bits prove nothing): sysfs.
const unwritable = '/sys/foresight-out.json';

const dir = workspace({
  'scenarios/base.yaml': growth('base'),
  'scenarios/alt.yaml': growth('alt'),
  'scenarios/fails.yaml': failsWhenRun,
});
mkdirSync(join(dir, 'taken'));
writeFileSync(join(dir, 'a-file'), 'not a folder\n');

/** Each kind of path that cannot be written, with the message it gets. */
const bad = [
  { kind: 'a missing folder', path: 'missing/x.json', message: 'the folder missing does not exist' },
  { kind: 'a folder', path: 'taken', message: 'it is a folder' },
  { kind: 'a path through a file', path: 'a-file/x.json', message: 'a-file is a file, not a folder' },
  { kind: 'an unwritable place', path: unwritable, message: 'permission denied' },
];

/** Each command with the options that name output files, and the arguments it needs. */
const commands = [
  { command: 'run', args: ['run', 'base'], options: ['--out', '--chart'] },
  { command: 'compare', args: ['compare', 'base', 'alt'], options: ['--out', '--chart'] },
  { command: 'sensitivity', args: ['sensitivity', 'base', '--output', 'w'], options: ['--chart'] },
];

describe('output paths are checked before any work', () => {
  for (const { command, args, options } of commands) {
    for (const option of options) {
      for (const b of bad) {
        it(`${command} ${option} onto ${b.kind}: an io problem naming the path, exit 2`, async () => {
          const r = await cli([...args, option, b.path], dir);
          expect(r.code).toBe(2);
          expect(r.stdout).toBe('');
          expect(r.stderr).toBe(`${b.path}:1:1 io cannot write ${option} here: ${b.message}\n`);
        });
      }
    }
  }

  it('stops before the model runs: a run-time problem is never reached', async () => {
    const ran = await cli(['run', 'fails'], dir);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('non-finite');
    const r = await cli(['run', 'fails', '--out', 'missing/x.json'], dir);
    expect(r.stderr).toBe('missing/x.json:1:1 io cannot write --out here: the folder missing does not exist\n');
    expect(r.code).toBe(2);
  });

  it('reports every unwritable path at once', async () => {
    const r = await cli(['compare', 'base', 'alt', '--out', 'taken', '--chart', 'missing/c.svg'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'taken:1:1 io cannot write --out here: it is a folder\n' +
        'missing/c.svg:1:1 io cannot write --chart here: the folder missing does not exist\n',
    );
  });

  it('refuses --out and --chart naming one file (the chart would replace the result)', async () => {
    const r = await cli(['run', 'base', '--out', 'same.txt', '--chart', './same.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('same.txt:1:1 usage --chart names the same file as --out: write them to two files\n');
    expect(existsSync(join(dir, 'same.txt'))).toBe(false);
  });

  it('leaves no file behind when the command then fails, and an existing file as it was', async () => {
    writeFileSync(join(dir, 'kept.csv'), 'old\n');
    const r = await cli(['run', 'fails', '--out', 'kept.csv', '--chart', 'new.svg'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('non-finite');
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('old\n');
    expect(existsSync(join(dir, 'new.svg'))).toBe(false);
  });

  it('writes into a writable folder as before', async () => {
    mkdirSync(join(dir, 'out'), { recursive: true });
    const r = await cli(['sensitivity', 'base', '--output', 'w', '--chart', 'out/t.svg'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out/t.svg'), 'utf8')).toMatch(/^<svg /);
  });
});
