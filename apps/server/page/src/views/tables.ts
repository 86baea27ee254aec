/** The comparison (or distribution) table at one reporting time, and the base's targets. */
import type { ComparisonResult, RunResult } from '@foresight/core';
import { chip, el } from '../dom.js';
import { fmt, fmtTime, pct } from '../format.js';

const summaryOf = (run: RunResult, id: string) => (Object.hasOwn(run.outputs, id) ? run.outputs[id] : undefined);

function headCell(text: string, colour?: string, sub?: string): HTMLTableCellElement {
  return el(
    'th',
    { scope: 'col' },
    colour ? chip(colour) : null,
    el('span', { text }),
    sub ? el('span', { class: 'sub', text: sub }) : null,
  );
}

function outputHead(id: string, unit?: string): HTMLTableCellElement {
  return el(
    'th',
    { scope: 'row' },
    el('span', { class: 'id', text: id }),
    unit ? el('span', { class: 'unit', text: unit }) : null,
  );
}

/** A single run: p5, median, p95 and mean of every output at time `t`. */
export function runTable(run: RunResult, t: number): { table: HTMLTableElement; note: string } {
  const i = run.times.indexOf(t);
  const q = (s: RunResult['outputs'][string], k: string) => s.quantiles[k]?.[i];
  const rows = Object.entries(run.outputs).map(([id, s]) =>
    el(
      'tr',
      {},
      outputHead(id, s.unit),
      el('td', { text: fmt(q(s, 'p5')) }),
      el('td', { class: 'strong', text: fmt(q(s, 'p50')) }),
      el('td', { text: fmt(q(s, 'p95')) }),
      el('td', { text: fmt(s.mean[i]) }),
    ),
  );
  const head = el('tr', {}, headCell('Output'), headCell('p5'), headCell('median'), headCell('p95'), headCell('mean'));
  return {
    table: el('table', { id: 'table' }, el('thead', {}, head), el('tbody', {}, ...rows)),
    note: `${run.scenario}: ${run.trials} trials, seed ${run.seed}, at ${fmtTime(t)}. p5 and p95 bound the middle 90% of the trials.`,
  };
}

/**
 * A comparison at time `t`: each alternative's median and 90% band, its
 * change against the base, and the shares of paired trials above and below it
 * (the columns of `foresight compare --summary`).
 */
export function compareTable(result: ComparisonResult, t: number, colourOf: (index: number) => string) {
  const base = result.runs[0]!;
  const bi = base.times.indexOf(t);
  const head = el(
    'tr',
    {},
    headCell('Output'),
    headCell(result.base, colourOf(0), 'median · p5–p95'),
    ...result.comparisons.map((c, k) =>
      headCell(c.scenario, colourOf(k + 1), 'median · p5–p95 · change · P(higher) · P(lower)'),
    ),
  );
  const ids = [...new Set(result.comparisons.flatMap((c) => Object.keys(c.outputs)))];
  const rows = ids.map((id) => {
    const b = summaryOf(base, id);
    const present = result.comparisons.map((c) => c.outputs[id]).find((e) => e !== undefined && 'unit' in e);
    const unit = b?.unit ?? (present !== undefined && 'unit' in present ? present.unit : undefined);
    const baseCell =
      b && bi >= 0
        ? el(
            'td',
            {},
            el('span', { class: 'strong', text: fmt(b.quantiles['p50']?.[bi]) }),
            el('span', { class: 'sub', text: `${fmt(b.quantiles['p5']?.[bi])} – ${fmt(b.quantiles['p95']?.[bi])}` }),
          )
        : el('td', { class: 'absent', text: 'not in base' });
    const altCells = result.comparisons.map((c) => {
      const entry = c.outputs[id];
      const alt = result.runs[c.run]!;
      const ai = alt.times.indexOf(t);
      const ci = c.times.indexOf(t);
      if (!entry) return el('td', { class: 'absent', text: '—' });
      if ('absent' in entry && entry.absent)
        return el('td', { class: 'absent', text: entry.absent === 'base' ? 'not in base' : 'not in this scenario' });
      if (ci < 0 || ai < 0 || !('difference' in entry)) return el('td', { class: 'absent', text: `no ${fmtTime(t)}` });
      const d = entry.difference;
      const rel = d.relative_p50[ci] ?? null;
      const s = summaryOf(alt, id);
      const dir = rel === null || rel === 0 ? 'flat' : rel > 0 ? 'up' : 'down';
      return el(
        'td',
        {},
        el('span', { class: 'strong', text: fmt(s?.quantiles['p50']?.[ai]) }),
        el('span', { class: 'sub', text: `${fmt(s?.quantiles['p5']?.[ai])} – ${fmt(s?.quantiles['p95']?.[ai])}` }),
        el('span', {
          class: `sub delta ${dir}`,
          text: `${dir === 'up' ? '▲' : dir === 'down' ? '▼' : '●'} ${pct(rel, true)} · P(higher) ${pct(d.p_greater[ci])} · P(lower) ${pct(d.p_less[ci])}`,
        }),
      );
    });
    return el('tr', {}, outputHead(id, unit), baseCell, ...altCells);
  });
  return {
    table: el('table', { id: 'table' }, el('thead', {}, head), el('tbody', {}, ...rows)),
    note: `${result.trials} paired trials, seed ${result.seed}, at ${fmtTime(t)}. Change: median over the trials of (alternative − base) / |base|. P(higher), P(lower): shares of trials in which the alternative is above, below the base.`,
  };
}

export function targetsTable(run: RunResult): HTMLElement {
  if (run.targets.length === 0) return el('p', { class: 'hint', text: `${run.scenario} states no targets.` });
  const head = el(
    'tr',
    {},
    headCell('Target'),
    headCell('at'),
    headCell('expected'),
    headCell('actual'),
    headCell('within'),
    headCell(''),
  );
  const rows = run.targets.map((t) =>
    el(
      'tr',
      { class: t.pass ? 'pass' : 'fail' },
      el(
        'th',
        { scope: 'row' },
        el('span', { class: 'id', text: t.variable }),
        el('span', {
          class: 'unit',
          text: t.relative_to !== undefined ? `${t.stat}, relative to ${fmtTime(t.relative_to)}` : t.stat,
        }),
      ),
      el('td', { text: fmtTime(t.time) }),
      el('td', { text: fmt(t.value) }),
      el('td', { text: fmt(t.actual) }),
      el('td', { text: `±${pct(t.tolerance)}` }),
      el('td', { class: 'verdict', text: t.pass ? '✓ pass' : '✗ fail' }),
    ),
  );
  const passed = run.targets.filter((t) => t.pass).length;
  return el(
    'div',
    {},
    el('p', { class: 'hint', text: `${passed} of ${run.targets.length} targets of ${run.scenario} met.` }),
    el('div', { class: 'table-wrap' }, el('table', { id: 'targets' }, el('thead', {}, head), el('tbody', {}, ...rows))),
  );
}
