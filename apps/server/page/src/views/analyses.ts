/** The sensitivity (tornado, Sobol) and assumption-check views: the numbers as tables, the tornado and Sobol charts as the report package draws them. */
import type { CheckReport, SensitivityResult } from '@foresight/core';
import { el } from '../dom.js';
import { fmt, fmtTime, pct } from '../format.js';

const th = (text: string) => el('th', { scope: 'col', text });

/** The numbers of a sensitivity analysis as one table: a header row and a row per parameter or factor. */
function numbersTable(heads: readonly string[], rows: readonly HTMLElement[]): HTMLElement {
  return el(
    'div',
    { class: 'table-wrap' },
    el('table', { id: 'sensitivity-table' }, el('thead', {}, el('tr', {}, ...heads.map(th))), el('tbody', {}, ...rows)),
  );
}

const rowHead = (id: string, unit?: string) =>
  el(
    'th',
    { scope: 'row' },
    el('span', { class: 'id', text: id }),
    unit ? el('span', { class: 'unit', text: unit }) : null,
  );

export function sensitivityView(result: SensitivityResult, svgUrl: string | null): HTMLElement {
  const what = `${result.output}${result.unit ? ` (${result.unit})` : ''} at ${fmtTime(result.at)}`;
  let intro: string;
  let table: HTMLElement;
  if (result.method === 'tornado') {
    const [lo, hi] = result.percentiles;
    intro = `Tornado of ${what}: each parameter alone at its ${pct(lo)} and ${pct(hi)} quantiles, every other at its median (output ${fmt(result.base)}). ${result.runs} model runs.`;
    table = numbersTable(
      ['Parameter', 'low', 'high', 'output at low', 'output at high', 'swing'],
      result.bars.map((b) =>
        el(
          'tr',
          {},
          rowHead(b.parameter, b.unit),
          el('td', { text: fmt(b.low) }),
          el('td', { text: fmt(b.high) }),
          el('td', { text: fmt(b.output_low) }),
          el('td', { text: fmt(b.output_high) }),
          el('td', { class: 'strong', text: fmt(b.swing) }),
        ),
      ),
    );
  } else {
    const ci = (i: { low: number | null; high: number | null }) => `${fmt(i.low)} – ${fmt(i.high)}`;
    intro = `Sobol indices of ${what}: the share of its variance each factor explains alone (first order) and with its interactions (total), with ${pct(result.confidence)} bootstrap intervals. ${result.samples} samples, ${result.runs} model runs.`;
    table = numbersTable(
      ['Factor', 'first order', 'interval', 'total', 'interval'],
      result.factors.map((f) =>
        el(
          'tr',
          {},
          rowHead(f.id),
          el('td', { class: 'strong', text: fmt(f.first.estimate) }),
          el('td', { class: 'sub', text: ci(f.first) }),
          el('td', { class: 'strong', text: fmt(f.total.estimate) }),
          el('td', { class: 'sub', text: ci(f.total) }),
        ),
      ),
    );
  }
  const parts: HTMLElement[] = [el('p', { class: 'hint', text: intro }), table];
  if (svgUrl)
    parts.push(
      el('img', {
        class: 'analysis-chart',
        src: svgUrl,
        alt: `${result.method === 'tornado' ? 'Tornado' : 'Sobol'} chart of ${what}`,
      }),
    );
  for (const w of result.warnings) parts.push(el('p', { class: 'warning', text: w }));
  for (const n of result.notes) parts.push(el('p', { class: 'hint small', text: n }));
  return el('div', { class: 'analysis' }, ...parts);
}

export function checkView(report: CheckReport): HTMLElement {
  const head = el(
    'p',
    { class: report.violated > 0 ? 'verdict-line fail' : 'verdict-line pass' },
    report.assumptions.length === 0
      ? `${report.scenario} states no assumptions.`
      : report.violated > 0
        ? `${report.violated} of ${report.assumptions.length} assumptions violated (${report.runs} runs each, seed ${report.seed}, ${report.trials} trials).`
        : `All ${report.assumptions.length} assumptions held (${report.runs} runs each, seed ${report.seed}, ${report.trials} trials).`,
  );
  const items = report.assumptions.map((a) => {
    const rows: HTMLElement[] = [];
    const c = a.counterexample;
    if (c) {
      const pairs: [string, string][] = [
        ['time', fmtTime(c.time)],
        ...Object.entries(c.parameters).map(([k, v]): [string, string] => [k, fmt(v)]),
        ...Object.entries(c.shocks).map(([k, v]): [string, string] => [
          k,
          v.length ? `events at ${v.map(fmtTime).join(', ')}` : 'no events',
        ]),
        ...Object.entries(c.step_parameters).map(([k, v]): [string, string] => [
          k,
          `${v.length} steps, first ${fmt(v[0])}`,
        ]),
        ...Object.entries(c.values).map(([k, v]): [string, string] => [`${k} (value)`, fmt(v)]),
      ];
      if (c.pair)
        pairs.push([
          `${c.pair.parameter}: ${fmt(c.pair.lo)} → ${fmt(c.pair.hi)}`,
          `${c.pair.output}: ${fmt(c.pair.output_lo)} → ${fmt(c.pair.output_hi)}`,
        ]);
      rows.push(
        el(
          'table',
          { class: 'counterexample' },
          el('caption', { text: `Smallest counterexample found (${a.shrinks} shrink steps)` }),
          el(
            'tbody',
            {},
            ...pairs.map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { text: v }))),
          ),
        ),
      );
    }
    if (a.note) rows.push(el('p', { class: 'hint small', text: a.note }));
    return el(
      'li',
      { class: `assumption ${a.status}` },
      el(
        'div',
        { class: 'assumption-head' },
        el('span', { class: 'verdict', text: a.status === 'holds' ? '✓ holds' : '✗ violated' }),
        el('strong', { text: a.name }),
      ),
      el('code', { text: a.statement }),
      ...rows,
    );
  });
  return el('div', { class: 'analysis' }, head, el('ul', { class: 'assumptions', id: 'check-list' }, ...items));
}
