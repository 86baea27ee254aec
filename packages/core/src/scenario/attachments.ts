/*
 * Files a scenario names beside itself: an observation's CSV series
 * (`time,value[,sd]`) and the sample `parameters_from` draws from (a header
 * of parameter ids, a row per draw). Core never touches the disk: the caller
 * gives a reader, as it gives a parent resolver for `extends`, and the file's
 * numbers are written into the document (`points`; `columns` and `rows`), so
 * its hash, every worker and every stored result see the data itself.
 */
import type { KeyPath, Problem } from '../errors.js';
import { err, ok, type Result } from '../result.js';
import type { SourceDocument } from './source.js';

/** Reads a file named by a scenario, relative to the scenario's own file: its text and the name to show. */
export type AttachmentReader = (name: string, scenarioFile: string) => Result<{ text: string; file: string }, string>;

/** Rows of a sample file at most (what a posterior of a calibration holds is far less). */
export const MAX_SAMPLE_ROWS = 1_000_000;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A table of numbers from CSV text: a header row of names and rows of finite numbers. */
export interface CsvTable {
  readonly columns: string[];
  readonly rows: number[][];
}

/** Parse numeric CSV (comma-separated, a header row, `#` comment lines and blank lines skipped). */
export function parseNumericCsv(text: string, file: string, maxRows = MAX_SAMPLE_ROWS): Result<CsvTable, Problem[]> {
  const lines = text.split(/\r?\n/);
  const at = (line: number, column: number, message: string): Result<CsvTable, Problem[]> =>
    err([{ code: 'schema', message, file, path: [], line, column }]);
  let columns: string[] | undefined;
  const rows: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(',').map((c) => c.trim());
    if (!columns) {
      columns = cells.map((c) => c.replace(/^"(.*)"$/, '$1'));
      continue;
    }
    if (cells.length !== columns.length)
      return at(i + 1, 1, `this row has ${cells.length} values; the header names ${columns.length} columns`);
    const row: number[] = [];
    let column = 1;
    for (const c of cells) {
      const x = c === '' ? Number.NaN : Number(c);
      if (!Number.isFinite(x)) return at(i + 1, column, `'${c.slice(0, 40)}' is not a finite number`);
      row.push(x);
      column += c.length + 1;
    }
    if (rows.length >= maxRows) return at(i + 1, 1, `more than ${maxRows} rows (MAX_SAMPLE_ROWS)`);
    rows.push(row);
  }
  if (!columns) return at(1, 1, 'the file is empty: it needs a header row and rows of numbers');
  if (rows.length === 0) return at(1, 1, 'the file has a header but no rows of numbers');
  return ok({ columns, rows });
}

/** An observation series file's rows as points: columns `time,value` and optionally `sd`. */
export function seriesPoints(table: CsvTable, file: string): Result<number[][], Problem[]> {
  const names = table.columns.map((c) => c.toLowerCase());
  const ok2 =
    names.length >= 2 && names[0] === 'time' && names[1] === 'value' && (names.length === 2 || names[2] === 'sd');
  if (!ok2 || names.length > 3)
    return err([
      {
        code: 'schema',
        message: `the header is '${table.columns.join(',')}'; a series file has time,value[,sd]`,
        file,
        path: [],
        line: 1,
        column: 1,
      },
    ]);
  return ok(table.rows);
}

/**
 * The document of `src` with every file it names read and written in:
 * observations' `file` gains `points`, a string `parameters_from` becomes
 * `{ file, columns, rows }`. Problems name the key that names the file, or
 * the line of the file that is wrong.
 */
export function attachFiles(src: SourceDocument, read: AttachmentReader): Result<SourceDocument, Problem[]> {
  const doc = src.value;
  if (!isPlain(doc)) return ok(src);
  const problems: Problem[] = [];
  const fail = (path: KeyPath, message: string) => {
    const pos = src.locate(path);
    problems.push({ code: 'io', message, file: pos.file, path, line: pos.line, column: pos.column });
  };
  let value: Plain | undefined;
  const copy = () => {
    value ??= { ...doc };
    return value;
  };
  const from = doc['parameters_from'];
  if (typeof from === 'string') {
    const got = read(from, src.file);
    if (!got.ok) fail(['parameters_from'], `cannot read '${from}': ${got.error}`);
    else {
      const table = parseNumericCsv(got.value.text, got.value.file);
      if (!table.ok) problems.push(...table.error);
      else copy()['parameters_from'] = { file: from, ...table.value };
    }
  }
  const observations = doc['observations'];
  if (Array.isArray(observations) && observations.some((o) => isPlain(o) && typeof o['file'] === 'string')) {
    const list = observations.map((o, i) => {
      if (!isPlain(o) || typeof o['file'] !== 'string' || o['points'] !== undefined) return o;
      const name = o['file'];
      const got = read(name, src.file);
      if (!got.ok) {
        fail(['observations', i, 'file'], `cannot read '${name}': ${got.error}`);
        return o;
      }
      const table = parseNumericCsv(got.value.text, got.value.file);
      const points = table.ok ? seriesPoints(table.value, got.value.file) : table;
      if (!points.ok) {
        problems.push(...points.error);
        return o;
      }
      return { ...o, points: points.value };
    });
    copy()['observations'] = list;
  }
  if (problems.length > 0) return err(problems);
  if (!value) return ok(src);
  const attached = value;
  return ok({ file: src.file, value: attached, locate: (path, snippet, atKey) => src.locate(path, snippet, atKey) });
}
