import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../built.js';
// @ts-expect-error: a plain script of the repository, without types
import { CHARTS, SUMMARY, withSummary } from '../../scripts/scenario-charts.mjs';

/**
 * The charts of scenarios/README.md and its one-screen summary are what the
 * command line draws today: each is redrawn as `npx -y pnpm@10.34.9 charts`
 * draws it and compared byte for byte with the committed file.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = await ensureBuilt();
const run = promisify(execFile);
const foresight = async (args: readonly string[]): Promise<string> =>
  (await run(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;

const charts = CHARTS as readonly { file: string; args: readonly string[] }[];

describe('the charts and the summary of scenarios/README.md (redraw: npx -y pnpm@10.34.9 charts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'foresight-charts-'));

  it.each(charts)('$file is what its command draws', { timeout: 120_000 }, async ({ file, args }) => {
    const fresh = join(dir, basename(file));
    await foresight([...args, '--chart', fresh]);
    expect(readFileSync(fresh, 'utf8')).toBe(readFileSync(join(root, file), 'utf8'));
  });

  it('shows the summary its command prints', { timeout: 120_000 }, async () => {
    const readme = readFileSync(join(root, 'scenarios/README.md'), 'utf8');
    expect(withSummary(readme, await foresight(SUMMARY as readonly string[]))).toBe(readme);
  });
});
