/*
 * A comparison for people: a table per alternative and output, and long-format
 * CSV (what `compare --format table|csv` prints, and `GET /jobs/{id}/result?format=csv`).
 */
import type { ComparisonResult, RunResult } from '@foresight/core';
import { formatCell, formatTime } from './format.js';
import { JSON_CHUNK } from './json.js';
import { renderTable, type Align } from './table.js';

const p50At = (run: RunResult, id: string, t: number): number | undefined => {
  const i = run.times.indexOf(t);
  const summary = Object.hasOwn(run.outputs, id) ? run.outputs[id] : undefined;
  return i < 0 ? undefined : summary?.quantiles['p50']?.[i];
};

const percent = (p: number): string => `${Number((p * 100).toPrecision(3))}%`;
const percentOrDash = (p: number | undefined): string => (p === undefined ? '-' : percent(p));

/** The run a comparison document points at; a document whose indices lead nowhere is not one `compareModels` makes. */
function runOf(result: ComparisonResult, index: number): RunResult {
  const run = result.runs[index];
  if (run === undefined) throw new Error(`the comparison document has no runs[${index}]`);
  return run;
}
// A relative difference as a signed percentage; `-` where base was 0 in every trial.
const relative = (r: number | null | undefined): string =>
  typeof r !== 'number' ? '-' : r === 0 ? '0%' : `${r > 0 ? '+' : ''}${percent(r)}`;

/** One block per alternative and output: time, median of each, median paired difference, P(alt > base). */
export function renderCompareTable(result: ComparisonResult): string {
  const baseRun = runOf(result, 0);
  const blocks: string[] = [];
  for (const c of result.comparisons) {
    const altRun = runOf(result, c.run);
    for (const [id, entry] of Object.entries(c.outputs)) {
      const title = `${id}: ${c.scenario} vs ${result.base}`;
      if ('absent' in entry) {
        blocks.push(
          `${title}\n  absent from the ${entry.absent} (${entry.absent === 'base' ? result.base : c.scenario})\n`,
        );
        continue;
      }
      const heading = entry.unit === undefined ? title : `${title} (${entry.unit})`;
      const diff = entry.difference;
      const rows = c.times.map((t, i) => [
        formatTime(t),
        formatCell(p50At(baseRun, id, t)),
        formatCell(p50At(altRun, id, t)),
        formatCell(diff.quantiles['p50']?.[i]),
        relative(diff.relative_p50[i]),
        percentOrDash(diff.p_greater[i]),
      ]);
      const header = ['time', `${result.base} p50`, `${c.scenario} p50`, 'diff p50', 'rel diff p50', 'P(alt>base)'];
      const align: Align[] = header.map(() => 'right');
      blocks.push(`${heading}\n${renderTable(header, rows, align)}`);
    }
  }
  if (blocks.length === 0) return 'nothing to compare\n';
  return `${result.trials} paired trials, seed ${result.seed}\n\n${blocks.join('\n')}`;
}

const exact = (x: number | null | undefined): string => (typeof x === 'number' ? String(x) : '');
const field = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Long-format CSV, one row per (alternative, output, time) with the medians of
 * both scenarios and the paired-difference statistics; an output absent from
 * one side has one row per base time with the `absent` field set and every
 * number empty. In chunks of whole lines, for writing a large comparison as it goes.
 */
export function* compareCsvChunks(result: ComparisonResult): Generator<string, void, undefined> {
  const baseRun = runOf(result, 0);
  const keys = [
    ...new Set(
      result.comparisons.flatMap((c) =>
        Object.values(c.outputs).flatMap((e) => ('absent' in e ? [] : Object.keys(e.difference.quantiles))),
      ),
    ),
  ].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const header = [
    'base',
    'alternative',
    'output',
    'unit',
    'time',
    'absent',
    'base_p50',
    'alternative_p50',
    'diff_mean',
    ...keys.map((k) => `diff_${k}`),
    'relative_p50',
    'p_greater',
  ];
  let buf = `${header.join(',')}\n`;
  for (const c of result.comparisons) {
    const altRun = runOf(result, c.run);
    for (const [id, entry] of Object.entries(c.outputs)) {
      for (const [i, t] of c.times.entries()) {
        const cells =
          'absent' in entry
            ? [result.base, c.scenario, id, '', exact(t), entry.absent, ...Array<string>(5 + keys.length).fill('')]
            : [
                result.base,
                c.scenario,
                id,
                entry.unit ?? '',
                exact(t),
                '',
                exact(p50At(baseRun, id, t)),
                exact(p50At(altRun, id, t)),
                exact(entry.difference.mean[i]),
                ...keys.map((k) => exact(entry.difference.quantiles[k]?.[i])),
                exact(entry.difference.relative_p50[i]),
                exact(entry.difference.p_greater[i]),
              ];
        buf += `${cells.map(field).join(',')}\n`;
        if (buf.length >= JSON_CHUNK) {
          yield buf;
          buf = '';
        }
      }
    }
  }
  yield buf;
}

/** The comparison's CSV whole (`compareCsvChunks` gives it in slices). */
export const renderCompareCsv = (result: ComparisonResult): string => [...compareCsvChunks(result)].join('');
