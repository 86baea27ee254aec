import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRunCsv } from '@foresight/report';
import { expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { workspace } from './helpers.js';

// 60 outputs x 501 reporting times: about 6 MB of indented JSON.
const variables = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`v_${i}`, `g * ${i + 1} + t`]));
const wide = JSON.stringify({
  format: 1,
  id: 'wide',
  time: { start: 0, end: 500, dt: 1 },
  parameters: { g: { dist: 'normal', mean: 1, sd: 0.2 } },
  variables,
});

/** The command line in-process, keeping each piece it writes to stdout apart. */
async function pieces(args: string[], cwd: string): Promise<{ code: number; writes: string[] }> {
  const writes: string[] = [];
  const code = await runCli(args, { cwd, stderrIsTTY: false, stdout: (s) => writes.push(s), stderr: () => {} });
  return { code, writes };
}

it('run --format json and csv write a large result in chunks, the same text to stdout and to --out', async () => {
  const dir = workspace({ 'wide.json': wide });
  const json = await pieces(['run', 'wide.json', '--trials', '20', '--format', 'json'], dir);
  expect(json.code).toBe(0);
  const text = json.writes.join('');
  expect(text.length).toBeGreaterThan(3_000_000);
  // Never one string of the whole document: chunks of 64 KB to twice that.
  expect(json.writes.length).toBeGreaterThan(25);
  for (const w of json.writes) expect(w.length).toBeLessThanOrEqual(2 * 65_536);
  const document: unknown = JSON.parse(text);
  expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);

  const out = await pieces(['run', 'wide.json', '--trials', '20', '--format', 'json', '--out', 'run.json'], dir);
  expect(out.code).toBe(0);
  // Another run: only its elapsed_ms may differ.
  const elapsed = (t: string) => t.replace(/"elapsed_ms": \d+/, '"elapsed_ms": 0');
  expect(elapsed(readFileSync(join(dir, 'run.json'), 'utf8'))).toBe(elapsed(text));

  const csv = await pieces(['run', 'wide.json', '--trials', '20', '--format', 'csv'], dir);
  expect(csv.writes.length).toBeGreaterThan(10);
  for (const w of csv.writes) expect(w.endsWith('\n')).toBe(true);
  expect(csv.writes.join('')).toBe(renderRunCsv(document as Parameters<typeof renderRunCsv>[0]));
  await pieces(['run', 'wide.json', '--trials', '20', '--format', 'csv', '--out', 'run.csv'], dir);
  expect(readFileSync(join(dir, 'run.csv'), 'utf8')).toBe(csv.writes.join(''));
});

it('compare --format csv writes in chunks of whole lines, as one string would have been', async () => {
  const dir = workspace({ 'wide.json': wide });
  const csv = await pieces(['compare', 'wide.json', 'wide.json', '--trials', '20', '--format', 'csv'], dir);
  expect(csv.code).toBe(0);
  expect(csv.writes.length).toBeGreaterThan(10);
  const lines = csv.writes.join('').split('\n');
  expect(lines[0]).toMatch(/^base,alternative,output,unit,time,absent,base_p50,/);
  // One line per output and time, and the final newline.
  expect(lines).toHaveLength(1 + 60 * 501 + 1);
  expect(lines.at(-1)).toBe('');
});
