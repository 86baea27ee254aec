import type { RunResult } from '@foresight/core';
import { formatCell, formatNumber, formatPercent, formatTime } from './format.js';
import { numberAt, statColumn } from './stats.js';

export type Align = 'left' | 'right';

export interface RunTableOptions {
  /** Outputs to show, in this order; every output of the result by default. */
  outputs?: string[];
  /** Statistics as columns: `mean`, `sd`, `min`, `max` or quantile keys. */
  stats?: string[];
}

const DEFAULT_STATS = ['p5', 'p50', 'p95'];
const GAP = '  ';

// Code points, not UTF-16 units, so `±` and `∞` count as one column.
const widthOf = (s: string): number => [...s].length;

/**
 * A plain-text table: a header, a rule of dashes, then rows, columns two
 * spaces apart. Numbers should be right-aligned so their magnitudes line up.
 * Ends with a newline; trailing spaces are trimmed so output diffs cleanly.
 */
export function renderTable(header: string[], rows: string[][], align: Align[]): string {
  const columns = Math.max(header.length, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(widthOf(header[c] ?? ''), ...rows.map((r) => widthOf(r[c] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    widths
      .map((w, c) => {
        const cell = cells[c] ?? '';
        const pad = ' '.repeat(w - widthOf(cell));
        return align[c] === 'right' ? pad + cell : cell + pad;
      })
      .join(GAP)
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  return `${[line(header), rule, ...rows.map(line)].join('\n')}\n`;
}

function outputBlock(result: RunResult, id: string, stats: readonly string[]): string {
  const summary = Object.hasOwn(result.outputs, id) ? result.outputs[id] : undefined;
  if (summary === undefined) return `${id}: absent from this result\n`;
  const name = summary.label ?? id;
  const heading = summary.unit === undefined ? name : `${name} (${summary.unit})`;
  const columns = stats.map((s) => statColumn(summary, s));
  const rows = result.times.map((t, i) => [
    formatTime(t),
    // numberAt keeps NaN: a non-finite value that reached the document is a
    // finding worth showing, not one to hide as missing.
    ...columns.map((col) => formatCell(numberAt(col, i))),
  ]);
  const align: Align[] = ['right', ...stats.map((): Align => 'right')];
  return `${heading}\n${renderTable(['time', ...stats], rows, align)}`;
}

function targetsBlock(result: RunResult): string {
  const rows = result.targets.map((t) => [
    t.variable,
    // `year 2025`: the integral over the year [2025, 2026] (a target with `over: year`).
    `${t.over === 'year' ? 'year ' : ''}${t.relative_to === undefined ? formatTime(t.time) : `${formatTime(t.time)}/${formatTime(t.relative_to)}`}`,
    t.stat,
    formatNumber(t.value),
    formatCell(t.actual),
    `±${formatPercent(t.tolerance)}`,
    t.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['variable', 'time', 'stat', 'expected', 'actual', 'tolerance', 'result'];
  const align: Align[] = ['left', 'right', 'left', 'right', 'right', 'right', 'left'];
  return `targets\n${renderTable(header, rows, align)}`;
}

/**
 * A run for the terminal: one block per output (a heading with the unit, one
 * row per reporting time), then the targets with PASS or FAIL when the
 * scenario has any. Blocks are separated by a blank line.
 */
export function renderRunTable(result: RunResult, options: RunTableOptions = {}): string {
  const ids = options.outputs ?? Object.keys(result.outputs);
  const stats = options.stats ?? DEFAULT_STATS;
  const blocks = ids.map((id) => outputBlock(result, id, stats));
  if (result.targets.length > 0) blocks.push(targetsBlock(result));
  if (blocks.length === 0) return 'no outputs\n';
  return blocks.join('\n');
}
