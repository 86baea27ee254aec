/**
 * The SDXorg test-model suite (github.com/SDXorg/test-models) as a
 * conformance check of the importers: every model file is imported, run
 * (one trial: the models are deterministic), and compared column by column,
 * at every saved time of its canonical output, with PySD's tolerance
 * |actual - expected| <= 1e-5 + 1e-5 |expected|. The suite is not copied
 * into the repository: it is read from FORESIGHT_SDX_DIR, by default
 * `../shared/sdx-test-models` beside the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, type Problem, prepareSource, runModel } from '@foresight/core';
import { importModel, nameKey } from '@foresight/import';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEFAULT_SUITE = '../shared/sdx-test-models';

/** Where the suite is, or undefined with the places tried. */
export function suiteDir(env = process.env): { dir: string } | { missing: string } {
  const given = env.FORESIGHT_SDX_DIR;
  const dir = given ? resolve(given) : resolve(REPO_ROOT, DEFAULT_SUITE);
  if (existsSync(join(dir, 'tests')) && statSync(join(dir, 'tests')).isDirectory()) return { dir };
  return {
    missing: given
      ? `FORESIGHT_SDX_DIR=${given} does not hold the SDXorg suite (no tests/ folder in ${dir})`
      : `the SDXorg test-model suite is not at ${DEFAULT_SUITE} beside the repository (${dir}); ` +
        'set FORESIGHT_SDX_DIR to the folder holding its tests/ and samples/',
  };
}

export type Pathway = 'xmile' | 'vensim';

export interface Case {
  /** The model file relative to the suite, with forward slashes: the key of the expected-failure list. */
  readonly id: string;
  readonly file: string;
  readonly folder: string;
  readonly pathway: Pathway;
  /** The published output compared with: Stella's for an XMILE file where the folder has one, else the canonical one. */
  readonly expected: string | undefined;
}

const MODEL = /\.(mdl|xmile|stmx)$/i;

export function listCases(dir: string): Case[] {
  const cases: Case[] = [];
  const walk = (folder: string) => {
    const names = readdirSync(folder).sort();
    const models = names.filter((n) => MODEL.test(n) && statSync(join(folder, n)).isFile());
    const output = ['output.csv', 'output.tab'].find((n) => names.includes(n));
    const stella = ['output_stella.csv', 'output_stella1006.csv'].find((n) => names.includes(n));
    for (const name of models) {
      const file = join(folder, name);
      const xmile = !/\.mdl$/i.test(name);
      // An XMILE file is compared with what the XMILE tool computed from it where the folder has that
      // (several are translations that differ from the Vensim model the canonical output came from).
      const published = xmile && stella !== undefined ? stella : output;
      cases.push({
        id: relative(dir, file).split('\\').join('/'),
        file,
        folder: relative(dir, folder).split('\\').join('/'),
        pathway: /\.mdl$/i.test(name) ? 'vensim' : 'xmile',
        expected: published === undefined ? undefined : join(folder, published),
      });
    }
    for (const n of names) {
      const sub = join(folder, n);
      if (statSync(sub).isDirectory()) walk(sub);
    }
  };
  for (const top of ['tests', 'samples']) if (existsSync(join(dir, top))) walk(join(dir, top));
  return cases;
}

/** A published output: column names, and rows of (time, values) with undefined for empty cells. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (number | undefined)[])[];
}

/** UTF-8, or Latin-1 where the bytes are not UTF-8 (an output Vensim wrote on Windows). */
export function readText(file: string): string {
  const bytes = readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

/** CSV or tab-separated, any line ending (the suite has classic Mac files), quoted fields as in RFC 4180. */
export function readTable(file: string): Table {
  const text = readText(file).replace(/^\uFEFF/, '');
  const sep = extname(file).toLowerCase() === '.tab' ? '\t' : ',';
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"' && cell === '') quoted = true;
      else if (c === sep) {
        out.push(cell);
        cell = '';
      } else cell += c;
    }
    out.push(cell);
    return out;
  };
  const [head, ...body] = lines;
  const columns = split(head ?? '').map((c) => c.trim());
  const rows = body.map((l) =>
    split(l).map((c) => {
      const t = c.trim();
      if (t === '') return undefined;
      const v = Number(t);
      return Number.isNaN(v) ? undefined : v;
    }),
  );
  return { columns, rows };
}

export type Outcome =
  | { readonly status: 'passed'; readonly compared: number }
  | { readonly status: 'failed'; readonly reason: string; readonly problems?: readonly Problem[] }
  | { readonly status: 'no-output' };

const CONTROL_COLUMNS: Readonly<Record<string, 'start' | 'end' | 'dt' | 'report'>> = {
  'initial time': 'start',
  'final time': 'end',
  'time step': 'dt',
  saveper: 'report',
};

export const within = (actual: number, expected: number): boolean =>
  Math.abs(actual - expected) <= 1e-5 + 1e-5 * Math.abs(expected);

/** Import, run and compare one model file. */
export function runCase(c: Case): Outcome {
  const imported = importModel(readFileSync(c.file, 'utf8'), c.id);
  if (!imported.ok) {
    return {
      status: 'failed',
      reason: imported.error.slice(0, 3).map(formatProblem).join('; '),
      problems: imported.error,
    };
  }
  const doc = imported.value.document as {
    time: Record<string, number>;
    parameters?: Record<string, { label?: string }>;
    stocks?: Record<string, { label?: string }>;
    variables?: Record<string, { label?: string }>;
  };
  const entities = [doc.parameters, doc.stocks, doc.variables].flatMap((s) => Object.entries(s ?? {}));
  const model = prepareSource(imported.value.source, { outputs: entities.map(([id]) => id) });
  if (!model.ok) return { status: 'failed', reason: model.error.slice(0, 3).map(formatProblem).join('; ') };
  const run = runModel(model.value, { trials: 1, seed: 1 });
  if (!run.ok) return { status: 'failed', reason: run.error.slice(0, 3).map(formatProblem).join('; ') };
  if (c.expected === undefined) return { status: 'no-output' };

  const byKey = new Map(entities.map(([id, e]) => [nameKey(e.label ?? id), id]));
  const table = readTable(c.expected);
  const times = run.value.times;
  const half = (times.length > 1 ? times[1]! - times[0]! : 1) / 2;
  const rowIndex = table.rows.map((row) => {
    const t = row[0];
    // Published times are rounded (10.0312 or 0.031 for 10.03125 and 0.03125): the nearest saved time, within half an interval.
    if (t === undefined) return -1;
    let best = -1;
    for (let i = 0; i < times.length; i++)
      if (best < 0 || Math.abs(times[i]! - t) < Math.abs(times[best]! - t)) best = i;
    return best >= 0 && Math.abs(times[best]! - t) < half ? best : -1;
  });
  const missingTime = table.rows.findIndex((row, i) => row[0] !== undefined && rowIndex[i]! < 0);
  if (missingTime >= 0) return { status: 'failed', reason: `no saved value at time ${table.rows[missingTime]![0]}` };
  let compared = 0;
  for (let col = 1; col < table.columns.length; col++) {
    const name = table.columns[col]!;
    const key = nameKey(name);
    const control = CONTROL_COLUMNS[key];
    const id = byKey.get(key);
    if (control === undefined && id === undefined) {
      return { status: 'failed', reason: `the output column '${name}' is not a variable of the imported model` };
    }
    const series = id === undefined ? undefined : run.value.outputs[id]?.mean;
    for (let r = 0; r < table.rows.length; r++) {
      const expected = table.rows[r]![col];
      if (expected === undefined) continue;
      const actual =
        control !== undefined && id === undefined ? (doc.time[control] ?? doc.time.dt!) : series?.[rowIndex[r]!];
      if (actual === undefined || !within(actual, expected)) {
        return {
          status: 'failed',
          reason: `'${name}' at time ${table.rows[r]![0]}: expected ${expected}, got ${actual}`,
        };
      }
      compared++;
    }
  }
  return { status: 'passed', compared };
}

export interface Verdict {
  readonly case: Case;
  readonly outcome: Outcome;
  /** The reason listed for an expected failure. */
  readonly expectedFailure: string | undefined;
  /** passed, expected-fail (failed as listed), failed (unexpectedly), fixed (listed but passed), unchecked (no output). */
  readonly verdict: 'passed' | 'expected-fail' | 'failed' | 'fixed' | 'unchecked';
}

export function judge(c: Case, outcome: Outcome, expectedFailures: Readonly<Record<string, string>>): Verdict {
  const listed = expectedFailures[c.id];
  const verdict =
    outcome.status === 'no-output'
      ? listed === undefined
        ? 'unchecked'
        : 'fixed'
      : outcome.status === 'passed'
        ? listed === undefined
          ? 'passed'
          : 'fixed'
        : listed === undefined
          ? 'failed'
          : 'expected-fail';
  return { case: c, outcome, expectedFailure: listed, verdict };
}

/**
 * Per pathway: the model files with a published output (passed /
 * expected-fail / failed), the folders holding them (a folder passes when
 * all its files of the pathway pass), and the files without an output
 * (imported and run, or listed as failing).
 */
export function summary(verdicts: readonly Verdict[], elapsedMs: number): string {
  const lines: string[] = [];
  const tally = (vs: readonly Verdict['verdict'][]) => {
    const n = (k: Verdict['verdict']) => vs.filter((v) => v === k).length;
    return `${n('passed')} passed, ${n('expected-fail')} expected-fail, ${n('failed') + n('fixed')} failed`;
  };
  for (const pathway of ['xmile', 'vensim'] as const) {
    const mine = verdicts.filter((v) => v.case.pathway === pathway);
    const compared = mine.filter((v) => v.case.expected !== undefined);
    const folders = new Map<string, Verdict[]>();
    for (const v of compared) folders.set(v.case.folder, [...(folders.get(v.case.folder) ?? []), v]);
    // A folder passes when its files pass, but for those defective as published (when one passes).
    const folderVerdicts = [...folders.values()].map((vs): Verdict['verdict'] =>
      vs.some((v) => v.verdict === 'failed' || v.verdict === 'fixed')
        ? 'failed'
        : vs.some((v) => v.verdict === 'passed') &&
            vs.every((v) => v.verdict === 'passed' || v.expectedFailure?.startsWith('defect') === true)
          ? 'passed'
          : 'expected-fail',
    );
    const other = mine.filter((v) => v.case.expected === undefined).map((v) => v.verdict);
    lines.push(
      `${pathway === 'xmile' ? 'XMILE' : 'Vensim'}: folders ${tally(folderVerdicts)} (of ${folderVerdicts.length}); ` +
        `model files ${tally(compared.map((v) => v.verdict))} (of ${compared.length}); ` +
        `without a published output: ${other.filter((v) => v === 'unchecked').length} ran, ${tally(other.filter((v) => v !== 'unchecked'))}`,
    );
  }
  lines.push(`${verdicts.length} model files imported and run in ${(elapsedMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

/**
 * Files whose import fails only on subscripts (every problem an `unsupported`
 * one about arrays): what subscripts would unlock, at most (their runs are
 * not yet compared).
 */
export function blockedBySubscriptsOnly(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter((v) => {
    const problems = v.outcome.status === 'failed' ? v.outcome.problems : undefined;
    return (
      v.case.expected !== undefined &&
      v.expectedFailure?.startsWith('defect') !== true &&
      problems !== undefined &&
      problems.length > 0 &&
      problems.every((p) => p.code === 'unsupported' && /subscript|arrays|TABBED ARRAY/i.test(p.message))
    );
  });
}
