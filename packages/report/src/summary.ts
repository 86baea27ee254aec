import type { ComparisonSummary, SummaryCell, SummaryOutput } from '@foresight/core';
import { formatCell, formatCount, formatTime } from './format.js';
import { renderTable, type Align } from './table.js';

/** A share as a percentage, exact at the ends: 0 is `0%`, 0.004 `0.4%`, 0.9435 `94.3%`. */
const share = (p: number | null | undefined): string =>
  typeof p === 'number' ? `${Number((p * 100).toPrecision(3))}%` : '-';

/** A relative change with its sign: `+12.3%`, `-4.05%`, `0%`. */
const signed = (r: number): string => (r === 0 ? '0%' : `${r > 0 ? '+' : ''}${Number((r * 100).toPrecision(3))}%`);

/** The paired change: relative where the base is not 0, else the difference itself. */
function change(cell: SummaryCell): string {
  const c = cell.change;
  if (c === undefined) return '';
  if (c === null) return '-';
  if (c.relative_p50 !== null) return signed(c.relative_p50);
  return c.p50 === null ? '-' : `${c.p50 > 0 ? '+' : ''}${formatCell(c.p50)}`;
}

const band = (cell: SummaryCell): string =>
  cell.p5 === null && cell.p95 === null ? '-' : `${formatCell(cell.p5)} - ${formatCell(cell.p95)}`;

function outputBlock(summary: ComparisonSummary, output: SummaryOutput): string {
  const heading = output.unit === undefined ? output.id : `${output.id} (${output.unit})`;
  const header = [
    'future',
    ...summary.times.flatMap((t) => [`${formatTime(t)} p50`, 'p5 - p95', 'change', 'P(>)', 'P(<)']),
  ];
  const rows = output.futures.map((f) => [
    f.scenario,
    ...f.at.flatMap((cell) => [
      formatCell(cell.p50),
      band(cell),
      change(cell),
      cell.change === undefined ? '' : share(cell.change?.p_greater),
      cell.change === undefined ? '' : share(cell.change?.p_less),
    ]),
  ]);
  const align: Align[] = header.map((_, i): Align => (i === 0 ? 'left' : 'right'));
  return `${heading}\n${renderTable(header, rows, align)}`;
}

/**
 * A comparison summary for the terminal: one block per output, one row per
 * future (the base first), and per summary time the median, the 90% band
 * (p5 - p95), the median paired change against the base and the shares of
 * trials above and below it.
 */
export function renderComparisonSummary(summary: ComparisonSummary): string {
  if (summary.outputs.length === 0 || summary.times.length === 0) return 'nothing to summarize\n';
  const intro =
    `${formatCount(summary.trials)} paired trials, seed ${summary.seed}. Per time: median, 90% band, ` +
    `median paired change against ${summary.base}, share of trials above (P(>)) and below (P(<)) it.\n`;
  return `${intro}\n${summary.outputs.map((o) => outputBlock(summary, o)).join('\n')}`;
}
