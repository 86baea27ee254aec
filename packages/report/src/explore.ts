import type { ExploreResult } from '@foresight/core';
import { formatCount, formatNumber, formatPercent } from './format.js';
import { frame, PAD } from './svg/frame.js';
import { AXIS, GRID, INK, MUTED, scenarioColour } from './svg/palette.js';
import { fitText } from './svg/text.js';
import { escapeXml, num } from './svg/xml.js';
import { renderTable } from './table.js';

const describeWhere = (w: ExploreResult['where']) => `${w.variable}@${w.time} ${w.op} ${formatNumber(w.value)}`;

/** A restriction in words: `x1 > 0.70`, `0.2 < x < 0.5`. */
export function describeRestriction(r: ExploreResult['box']['restrictions'][number]): string {
  if (r.min !== null && r.max !== null) return `${formatNumber(r.min)} < ${r.input} < ${formatNumber(r.max)}`;
  return r.min !== null ? `${r.input} > ${formatNumber(r.min)}` : `${r.input} < ${formatNumber(r.max ?? Number.NaN)}`;
}

/** Scenario discovery for people: the cases, the chosen box's restrictions, its coverage and density, the curve. */
export function renderExploreTable(result: ExploreResult): string {
  const out: string[] = [];
  const b = result.box;
  out.push(
    `explore ${result.scenario}: ${describeWhere(result.where)} in ${formatCount(result.cases)} of ${formatCount(result.trials)} trials (${formatPercent(result.share)})\n`,
    `box: coverage ${formatPercent(b.coverage)} (of those trials, inside it), density ${formatPercent(b.density)} (of the box's trials, meeting it), mass ${formatPercent(b.mass)}\n\n`,
  );
  if (result.cases === 0) out.push('no trial meets the condition: there is nothing to explore\n');
  else if (b.restrictions.length === 0)
    out.push('no input restricts the cases: PRIM found no box better than all trials\n');
  else
    out.push(
      renderTable(
        ['input', 'box', 'range', 'p-value', 'stability'],
        b.restrictions.map((r) => [
          r.input,
          describeRestriction(r),
          `${formatNumber(r.range[0])} .. ${formatNumber(r.range[1])}`,
          r.p_value === 0 ? '< 1e-300' : r.p_value < 1e-4 ? r.p_value.toExponential(1) : formatNumber(r.p_value),
          r.stability === null ? '-' : formatPercent(r.stability),
        ]),
        ['left', 'left', 'right', 'right', 'right'],
      ),
    );
  // About a dozen boxes of the curve: every k-th, the chosen one and the last.
  const last = result.trajectory.length - 1;
  const every = Math.max(1, Math.ceil(last / 12));
  const shown = result.trajectory.flatMap((p, i) =>
    i % every === 0 || i === result.chosen || i === last ? [[i, p] as const] : [],
  );
  out.push(`\ntrade-off curve (peeling, ${last + 1} boxes${every > 1 ? `, every ${every}th shown` : ''}):\n`);
  out.push(
    renderTable(
      ['box', 'coverage', 'density', 'mass', 'restricted'],
      shown.map(([i, p]) => [
        `${i}${i === result.chosen ? ' *' : ''}`,
        formatPercent(p.coverage),
        formatPercent(p.density),
        formatPercent(p.mass),
        String(p.restricted),
      ]),
      ['right', 'right', 'right', 'right', 'right'],
    ),
  );
  out.push(
    `\n* the chosen box (highest harmonic mean of coverage and density), then pasted and pruned (restrictions with p >= 0.05 dropped); stability: share of ${result.bootstrap} bootstrap resamples whose box restricts the input too\n`,
  );
  return out.join('');
}

/** Two panels: the coverage-density trade-off curve with the chosen box marked, and the box's restrictions over each input's range. */
export function renderExploreChart(result: ExploreResult): string {
  const width = 760;
  const top = 70;
  const panel = 300;
  const body: string[] = [];
  // Left: density (y) against coverage (x), both 0..1.
  const x0 = PAD + 40;
  const y0 = top + panel;
  const sx = (c: number) => x0 + c * (panel - 40);
  const sy = (d: number) => y0 - d * (panel - 40);
  for (let t = 0; t <= 4; t++) {
    const v = t / 4;
    body.push(
      `<line x1="${num(sx(0))}" y1="${num(sy(v))}" x2="${num(sx(1))}" y2="${num(sy(v))}" stroke="${GRID}"/>`,
      `<text x="${num(sx(0) - 6)}" y="${num(sy(v) + 4)}" font-size="11" text-anchor="end" fill="${MUTED}">${Math.round(v * 100)}%</text>`,
      `<text x="${num(sx(v))}" y="${num(y0 + 16)}" font-size="11" text-anchor="middle" fill="${MUTED}">${Math.round(v * 100)}%</text>`,
    );
  }
  body.push(
    `<line x1="${num(sx(0))}" y1="${num(y0)}" x2="${num(sx(1))}" y2="${num(y0)}" stroke="${AXIS}"/>`,
    `<line x1="${num(sx(0))}" y1="${num(y0)}" x2="${num(sx(0))}" y2="${num(sy(1))}" stroke="${AXIS}"/>`,
    `<text x="${num(sx(0.5))}" y="${num(y0 + 34)}" font-size="12" text-anchor="middle" fill="${INK}">coverage</text>`,
    `<text x="${num(PAD)}" y="${num(sy(1) - 10)}" font-size="12" fill="${INK}">density</text>`,
  );
  const path = result.trajectory
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${num(sx(p.coverage))},${num(sy(p.density))}`)
    .join(' ');
  body.push(`<path d="${path}" fill="none" stroke="${scenarioColour(0)}" stroke-width="1.5"/>`);
  for (const p of result.trajectory)
    body.push(`<circle cx="${num(sx(p.coverage))}" cy="${num(sy(p.density))}" r="2" fill="${scenarioColour(0)}"/>`);
  const c = result.trajectory[result.chosen];
  if (c)
    body.push(
      `<circle cx="${num(sx(c.coverage))}" cy="${num(sy(c.density))}" r="5" fill="none" stroke="${scenarioColour(1)}" stroke-width="2"/>`,
    );
  body.push(
    `<circle cx="${num(sx(result.box.coverage))}" cy="${num(sy(result.box.density))}" r="5" fill="${scenarioColour(1)}"/>`,
    `<text x="${num(sx(result.box.coverage) - 8)}" y="${num(sy(result.box.density) - 8)}" font-size="11" text-anchor="end" fill="${INK}">the box</text>`,
  );
  // Right: each restricted input's range as a grey bar, the box's part of it coloured.
  const rx = PAD + panel + 60;
  const rw = width - rx - PAD;
  const labelW = 150;
  const barX = rx + labelW;
  const barW = rw - labelW;
  const rows = result.box.restrictions;
  body.push(
    `<text x="${num(rx)}" y="${num(top + 4)}" font-size="12" fill="${INK}">the box, over each input's range</text>`,
  );
  rows.forEach((r, i) => {
    const y = top + 24 + i * 30;
    const [lo, hi] = r.range;
    const scale = (v: number) => barX + (hi > lo ? ((v - lo) / (hi - lo)) * barW : 0);
    const a = r.min === null ? barX : scale(Math.max(lo, r.min));
    const b = r.max === null ? barX + barW : scale(Math.min(hi, r.max));
    const note = r.stability === null ? '' : ` (${Math.round(r.stability * 100)}%)`;
    body.push(
      `<text x="${num(rx)}" y="${num(y + 12)}" font-size="11" fill="${INK}">${escapeXml(fitText(`${r.input}${note}`, labelW - 8, 11))}</text>`,
      `<rect x="${num(barX)}" y="${num(y)}" width="${num(barW)}" height="16" fill="${GRID}"/>`,
      `<rect x="${num(a)}" y="${num(y)}" width="${num(Math.max(1, b - a))}" height="16" fill="${scenarioColour(1)}"/>`,
      `<text x="${num(barX)}" y="${num(y + 28)}" font-size="10" fill="${MUTED}">${escapeXml(formatNumber(lo))}</text>`,
      `<text x="${num(barX + barW)}" y="${num(y + 28)}" font-size="10" text-anchor="end" fill="${MUTED}">${escapeXml(formatNumber(hi))}</text>`,
    );
  });
  if (rows.length === 0)
    body.push(`<text x="${num(rx)}" y="${num(top + 30)}" font-size="11" fill="${MUTED}">no input restricted</text>`);
  const height = Math.max(y0 + 50, top + 40 + rows.length * 30);
  return frame(
    width,
    height,
    `${result.scenario}: what leads to ${describeWhere(result.where)}`,
    `${formatCount(result.cases)} of ${formatCount(result.trials)} trials; box coverage ${formatPercent(result.box.coverage)}, density ${formatPercent(result.box.density)}; bootstrap stability in brackets`,
    body,
  );
}
