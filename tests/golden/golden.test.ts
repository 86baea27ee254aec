import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runText, type RunResult } from '@foresight/core';

/**
 * The golden corpus: one folder per classic stock-and-flow model, each with a
 * scenario, the expected output as CSV, and the hand-written recurrence that
 * printed that CSV. The recurrences share no code with the engine, so a match
 * means two independent readings of the format spec agree.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const cases = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(here, d.name, 'scenario.yaml')))
  .map((d) => d.name)
  .sort();

/** Matched to 1e-4 relative, as the engine issue asks of a golden corpus. */
const RELATIVE = 1e-4;
/**
 * Another tool's published output is matched as PySD matches the SDXorg
 * suite: |actual - expected| <= 1e-5 + 1e-5 |expected|. The absolute part
 * covers values printed as 0 or to six significant digits.
 */
const PUBLISHED = { absolute: 1e-5, relative: 1e-5 };
/**
 * Values at or crossing zero (a drained tub, a net flow that has died away)
 * have no meaningful relative error, so below a millionth of the largest
 * magnitude in the same column the error is measured against that millionth
 * instead. It is per column because columns carry different units.
 */
const FLOOR_FRACTION = 1e-6;

interface Table {
  readonly header: readonly string[];
  readonly columns: ReadonlyMap<string, readonly number[]>;
}

function readCsv(path: string): Table {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',').map(Number);
    if (cells.length !== header.length || cells.some((x) => !Number.isFinite(x))) {
      throw new Error(`${path}:${i + 2}: expected ${header.length} finite numbers, got "${line}"`);
    }
    return cells;
  });
  return { header, columns: new Map(header.map((name, c) => [name, rows.map((r) => r[c]!)])) };
}

function run(dir: string): RunResult {
  const file = join(dir, 'scenario.yaml');
  // The scenarios are deterministic; one trial is the whole answer.
  const result = runText(readFileSync(file, 'utf8'), file, { trials: 1 });
  if (!result.ok) {
    throw new Error(result.error.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`).join('\n'));
  }
  return result.value;
}

/**
 * Every output column of `table` against the engine's means: to RELATIVE with
 * the column's floor, or with PUBLISHED's tolerance for another tool's output.
 */
function mismatches(result: RunResult, table: Table, published: boolean): string[] {
  expect(table.header[0]).toBe('time');
  const wrong: string[] = [];
  for (const id of table.header.slice(1)) {
    const want = table.columns.get(id)!;
    const got = result.outputs[id]?.mean;
    if (!got) {
      wrong.push(`${id}: not among the outputs (${Object.keys(result.outputs).join(', ')})`);
      continue;
    }
    const floor = Math.max(FLOOR_FRACTION * Math.max(...want.map(Math.abs)), Number.MIN_VALUE);
    want.forEach((w, i) => {
      const g = got[i]!;
      const rel = Math.abs(g - w) / Math.max(Math.abs(w), floor);
      const fine = published
        ? Math.abs(g - w) <= PUBLISHED.absolute + PUBLISHED.relative * Math.abs(w)
        : rel <= RELATIVE;
      if (!fine) wrong.push(`${id} at t=${result.times[i]}: expected ${w}, engine ${g} (rel ${rel.toExponential(2)})`);
    });
  }
  return wrong;
}

describe('golden corpus', () => {
  it('has its cases, each with its scenario, expected output, derivation and README; the SDXorg ones with published output', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const published = cases.filter((c) => existsSync(join(here, c, 'published.csv')));
    expect(published).toEqual(['teacup', 'vensim-lookups', ...cases.filter((c) => c.startsWith('sdx-'))].sort());
    expect(published.length).toBeGreaterThanOrEqual(17);
    for (const c of cases) {
      for (const f of ['scenario.yaml', 'expected.csv', 'derive.mjs', 'README.md']) {
        expect(existsSync(join(here, c, f)), `${c}/${f}`).toBe(true);
      }
    }
  });

  describe.each(cases)('%s', (name) => {
    const dir = join(here, name);

    // A CSV that no longer comes out of its derivation has been edited by hand
    // (or the derivation changed without regenerating it): either way it is no
    // longer an independent witness.
    it('expected.csv is exactly what derive.mjs prints', () => {
      const printed = execFileSync(process.execPath, [join(dir, 'derive.mjs')], { encoding: 'utf8' });
      expect(printed).toBe(readFileSync(join(dir, 'expected.csv'), 'utf8'));
    });

    // One run per case, shared by the comparisons below.
    let result: RunResult | undefined;
    const expectMatches = (csv: string, published = false) => {
      result ??= run(dir);
      const table = readCsv(join(dir, csv));
      // Every golden case uses a dt that is exact in binary, so the reporting
      // times must agree exactly, not merely closely.
      expect(result.times).toEqual(table.columns.get('time'));
      const wrong = mismatches(result, table, published);
      // The first mismatches in time order show where the paths diverge; the
      // count says how far it spreads.
      expect(wrong.slice(0, 12), `${wrong.length} values out of tolerance`).toEqual([]);
    };

    it('matches expected.csv at every reporting time', () => expectMatches('expected.csv'));

    // Where another tool published its output for the same model, the engine
    // reproduces that too (to the published digits, well inside 1e-4).
    if (existsSync(join(dir, 'published.csv'))) {
      it('matches the published output of another tool (published.csv)', () => expectMatches('published.csv', true));
    }
  });
});
