import type { SobolIndex, SobolResult } from '@foresight/core';
import { formatTime, sobolRuns } from '../format.js';
import { horizontalScale, verticalGrid } from './axisX.js';
import { clampSize, frameWithNotes, isFiniteNumber, LEGEND_TOP, PAD } from './frame.js';
import { renderLegend } from './legend.js';
import { INK, MUTED } from './palette.js';
import { fitText, textWidth } from './text.js';
import { escapeXml, num } from './xml.js';

export interface SobolChartOptions {
  /** Total width in pixels (default 960). */
  width?: number;
  /** At most this many factors, largest total index first (default 20); the rest are counted in a note. */
  top?: number;
  /**
   * Factors whose total index estimate is below this are left out (default
   * 0.005), but never the first `atLeast` of them.
   */
  below?: number;
  /** Chart title; by default `<output> at <time>: Sobol indices`. */
  title?: string;
}

/** First-order (what a factor does alone) in a strong blue, total (with interactions) in a light one: first <= total. */
export const FIRST_COLOUR = '#0072B2';
export const TOTAL_COLOUR = '#56B4E9';

const ROW = 34;
const BAR = 11;
const LABEL_FONT = 12;
const VALUE_FONT = 11;
const VALUE_ROOM = 44;
const MIN_TOTAL = 0.005;
const AT_LEAST = 5;

const fmt = (x: number): string => (Math.abs(x) < 0.0005 ? '0' : x.toFixed(Math.abs(x) < 0.1 ? 3 : 2));

/**
 * Sobol indices as bars: one row per factor, largest total index at the top,
 * its first-order index above its total index, each with the whisker of its
 * confidence interval and its value written beside it. The scale starts at 0
 * (or below, if an interval does) and reaches the largest interval. Same
 * input, same bytes.
 */
export function renderSobolChart(result: SobolResult, options: SobolChartOptions = {}): string {
  const width = clampSize(options.width, 960, 320, 10_000);
  const top = clampSize(options.top, 20, 1, 500);
  const below = options.below ?? MIN_TOTAL;
  // Factors are sorted by total index: keep the leading ones, then those that matter.
  const factors = result.factors.filter((f, i) => i < AT_LEAST || (f.total.estimate ?? 0) >= below).slice(0, top);
  const hidden = result.factors.length - factors.length;
  const title = options.title ?? `${result.output} at ${formatTime(result.at)}: Sobol indices`;
  const subtitle =
    `${result.scenario} · ${sobolRuns(result)} · ` +
    `${Math.round(result.confidence * 100)}% intervals from ${result.resamples} bootstrap resamples · seed ${result.seed}`;
  const pct = `${Math.round(result.confidence * 100)}%`;
  const legend = renderLegend(
    [
      [
        { glyph: 'band', colour: FIRST_COLOUR, opacity: 0.9, label: 'first-order: the factor alone' },
        { glyph: 'band', colour: TOTAL_COLOUR, opacity: 0.9, label: 'total: with its interactions' },
        { glyph: 'line', colour: INK, label: `${pct} interval` },
      ],
    ],
    PAD,
    LEGEND_TOP,
    width - 2 * PAD,
  );

  const gutter = Math.min(width * 0.34, Math.max(40, ...factors.map((f) => textWidth(f.id, LABEL_FONT))));
  const plotTop = LEGEND_TOP + legend.height + 14;
  const plotLeft = PAD + gutter + 10;
  const plotRight = width - PAD - VALUE_ROOM;
  const ends = factors
    .flatMap((f) => [f.first, f.total])
    .flatMap((i) => [i.estimate, i.low, i.high])
    .filter(isFiniteNumber);
  const scale = horizontalScale(Math.min(0, ...ends), Math.max(0.1, ...ends), plotLeft, plotRight, 60);
  const plotBottom = plotTop + Math.max(1, factors.length) * ROW;
  const grid = verticalGrid(scale, plotTop, plotBottom, "share of the output's variance", 0);

  const rows = factors.map((f, k) => {
    const y0 = plotTop + k * ROW;
    const out = [`<g class="factor" data-factor="${escapeXml(f.id)}">`];
    out.push(
      `<text x="${num(plotLeft - 10)}" y="${num(y0 + ROW / 2 + LABEL_FONT * 0.35)}" font-size="${LABEL_FONT}" fill="${INK}" text-anchor="end">${escapeXml(fitText(f.id, gutter, LABEL_FONT))}</text>`,
    );
    out.push(bar(f.first, 'first', FIRST_COLOUR, y0 + 5, scale.x));
    out.push(bar(f.total, 'total', TOTAL_COLOUR, y0 + 5 + BAR + 2, scale.x));
    out.push('</g>');
    return out.join('\n');
  });
  if (factors.length === 0) {
    rows.push(
      `<text x="${num((plotLeft + plotRight) / 2)}" y="${num(plotTop + ROW / 2 + 4)}" font-size="13" fill="${MUTED}" text-anchor="middle">no factors to draw</text>`,
    );
  }

  const notes: { text: string; colour: string }[] = [];
  if (hidden > 0) {
    const largest = result.factors[factors.length]?.total.estimate;
    const under = isFiniteNumber(largest) ? `, total index ${fmt(largest)} or less` : '';
    notes.push({ text: `${hidden} more factor${hidden === 1 ? '' : 's'} not shown${under}`, colour: MUTED });
  }
  if (result.factors.some((f) => f.parameters.length > 1)) {
    notes.push({ text: 'a factor named a + b is a group of correlated parameters, varied together', colour: MUTED });
  }
  return frameWithNotes(
    width,
    plotBottom + grid.height,
    title,
    subtitle,
    [legend.svg, `<g class="sobol" data-output="${escapeXml(result.output)}">`, grid.svg, ...rows, '</g>'],
    notes,
    result.warnings,
  );
}

/** One index: a bar from 0 to the estimate, its interval as a whisker, and its value. Nothing for an undefined index. */
function bar(index: SobolIndex, kind: 'first' | 'total', colour: string, y: number, x: (v: number) => number): string {
  const e = index.estimate;
  if (!isFiniteNumber(e)) {
    return `<text class="index index-${kind}" x="${num(x(0) + 4)}" y="${num(y + BAR - 2)}" font-size="${VALUE_FONT}" fill="${MUTED}">undefined</text>`;
  }
  const [left, right] = e < 0 ? [x(e), x(0)] : [x(0), x(e)];
  const out = [
    `<rect class="index index-${kind}" x="${num(left)}" y="${num(y)}" width="${num(Math.max(1, right - left))}" height="${BAR}" fill="${colour}" fill-opacity="0.9"/>`,
  ];
  const mid = y + BAR / 2;
  let labelAt = Math.max(x(e), x(0));
  if (isFiniteNumber(index.low) && isFiniteNumber(index.high)) {
    const lo = x(index.low);
    const hi = x(index.high);
    out.push(
      `<path class="interval interval-${kind}" d="M${num(lo)} ${num(mid)}H${num(hi)}M${num(lo)} ${num(mid - 4)}V${num(mid + 4)}M${num(hi)} ${num(mid - 4)}V${num(mid + 4)}" stroke="${INK}" stroke-width="1.2" fill="none"/>`,
    );
    labelAt = Math.max(labelAt, hi);
  }
  out.push(
    `<text x="${num(labelAt + 5)}" y="${num(mid + VALUE_FONT * 0.35)}" font-size="${VALUE_FONT}" fill="${MUTED}">${fmt(e)}</text>`,
  );
  return out.join('\n');
}
