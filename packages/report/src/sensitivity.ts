import type { SensitivityResult, SobolIndex, SobolResult, TornadoResult } from '@foresight/core';
import { formatCount, formatNumber, formatTime, percentileLabel as pLabel, sobolRuns } from './format.js';
import { renderTable, type Align } from './table.js';

/** An index to three decimals, `-` where it is undefined. */
// Rounding-level negatives print as 0.000, not -0.000: the sign of noise is not a finding.
const index = (x: number | null | undefined): string =>
  typeof x === 'number' && Number.isFinite(x) ? (Math.abs(x) < 0.0005 ? 0 : x).toFixed(3) : '-';
const interval = (i: SobolIndex): string =>
  i.low === null || i.high === null ? '-' : `[${index(i.low)}, ${index(i.high)}]`;
/** Factors shown per time in the over-time block of a Sobol table. */
const OVER_TIME_COLUMNS = 6;

function heading(r: SensitivityResult, what: string): string {
  const unit = r.unit === undefined ? '' : ` (${r.unit})`;
  return `${r.output} at ${formatTime(r.at)}${unit}: ${what}`;
}

function listBlock(title: string, lines: readonly string[]): string {
  return lines.length === 0 ? '' : `\n${title}\n${lines.map((l) => `  - ${l}\n`).join('')}`;
}

function tornadoTable(r: TornadoResult): string {
  const [lo, hi] = r.percentiles.map(pLabel) as [string, string];
  const partners = r.bars.some((b) => b.moved_with.length > 0);
  const header = [
    'parameter',
    lo,
    hi,
    `output at ${lo}`,
    `output at ${hi}`,
    'swing',
    ...(partners ? ['moves with'] : []),
  ];
  const rows = r.bars.map((b) => [
    b.parameter,
    formatNumber(b.low),
    formatNumber(b.high),
    formatNumber(b.output_low),
    formatNumber(b.output_high),
    formatNumber(b.swing),
    ...(partners ? [b.moved_with.map((p) => p.parameter).join(', ')] : []),
  ]);
  const align: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'left'];
  const shocks = r.shocks.map((s) =>
    s.treatment === 'fixed'
      ? `${s.shock}: its fixed times (${s.events.map(formatTime).join(', ') || 'none'})`
      : `${s.shock}: ${s.events.length} event${s.events.length === 1 ? '' : 's'} at the base (rate ${formatNumber(s.rate ?? 0)} a year)` +
        (s.events.length > 0 ? `, at ${s.events.map((t) => formatTime(Number(t.toPrecision(6)))).join(', ')}` : ''),
  );
  return (
    `${heading(r, 'tornado, one parameter at a time')}\n` +
    `base ${formatNumber(r.base)} with every parameter at its median; ${formatCount(r.runs)} runs\n\n` +
    renderTable(header, rows, align) +
    listBlock('shocks', shocks) +
    listBlock('notes', r.notes) +
    listBlock('warnings', r.warnings)
  );
}

function sobolTable(r: SobolResult): string {
  const pct = `${Math.round(r.confidence * 100)}% interval`;
  const header = ['factor', 'first-order', pct, 'total', pct];
  const rows = r.factors.map((f) => [
    f.id,
    index(f.first.estimate),
    interval(f.first),
    index(f.total.estimate),
    interval(f.total),
  ]);
  const align: Align[] = ['left', 'right', 'left', 'right', 'left'];
  let text =
    `${heading(r, 'Sobol indices')}\n` +
    `${sobolRuns(r)}, seed ${r.seed}; ` +
    `mean ${formatNumber(r.mean)}, sd ${formatNumber(Math.sqrt(r.variance))}\n\n` +
    renderTable(header, rows, align);
  const o = r.over_time;
  if (o !== undefined) {
    const shown = o.factors.slice(0, OVER_TIME_COLUMNS);
    const timeRows = o.times.map((t, k) => [formatTime(t), ...shown.map((s) => index(s.total[k]))]);
    text +=
      `\ntotal index over time${o.factors.length > shown.length ? ` (the ${shown.length} largest at ${formatTime(r.at)})` : ''}\n` +
      renderTable(['time', ...shown.map((s) => s.id)], timeRows, ['right', ...shown.map((): Align => 'right')]);
  }
  return text + listBlock('notes', r.notes) + listBlock('warnings', r.warnings);
}

/**
 * A sensitivity result for the terminal: a tornado as one row per parameter
 * (its low and high percentile, the output at each, the swing), largest swing
 * first; Sobol indices as one row per factor with their intervals, and the
 * total index along time when the result has it. Notes and warnings follow.
 */
export function renderSensitivityTable(result: SensitivityResult): string {
  return result.method === 'tornado' ? tornadoTable(result) : sobolTable(result);
}
