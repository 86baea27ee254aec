import type { TornadoBar, TornadoResult } from '@foresight/core';
import { formatNumber, formatTime, percentileLabel as pLabel } from '../format.js';
import { horizontalScale, verticalGrid } from './axisX.js';
import { clampSize, frameWithNotes, isFiniteNumber, LEGEND_TOP, PAD } from './frame.js';
import { renderLegend } from './legend.js';
import { INK, MUTED } from './palette.js';
import { fitText, textWidth } from './text.js';
import { escapeXml, num } from './xml.js';

export interface TornadoChartOptions {
  /** Total width in pixels (default 960). */
  width?: number;
  /** Bars to draw, largest swing first (default 15); the rest are counted in a note. */
  top?: number;
  /** Chart title; by default `<output> at <time>: one parameter at a time`. */
  title?: string;
}

/** The output's response to the low and the high end of a parameter: Okabe–Ito blue and vermillion. */
export const LOW_COLOUR = '#0072B2';
export const HIGH_COLOUR = '#D55E00';

const ROW = 26;
const BAR = 16;
const LABEL_FONT = 12;
const VALUE_FONT = 11;
/** Room each side of the data for the input values written at the bar ends. */
const END_ROOM = 64;

interface End {
  value: number;
  input: number;
  colour: string;
  side: 'low' | 'high';
}

/**
 * A tornado chart: one row per parameter, largest swing at the top; from a
 * vertical line at the base output (every parameter at its median) a bar
 * reaches the output with the parameter at its low percentile, another the
 * output at its high one, each end labelled with the parameter's value
 * there. Same input, same bytes.
 */
export function renderTornadoChart(result: TornadoResult, options: TornadoChartOptions = {}): string {
  const width = clampSize(options.width, 960, 320, 10_000);
  const top = clampSize(options.top, 15, 1, 500);
  const [pLo, pHi] = result.percentiles;
  const bars = result.bars.filter((b) => isFiniteNumber(b.output_low) && isFiniteNumber(b.output_high)).slice(0, top);
  const hidden = result.bars.length - bars.length;
  const title = options.title ?? `${result.output} at ${formatTime(result.at)}: one parameter at a time`;
  const unit = result.unit === undefined ? '' : ` ${result.unit}`;
  const subtitle = `${result.scenario} · base ${formatNumber(result.base)}${unit} with every parameter at its median · each bar: one parameter from its ${pLabel(pLo)} to its ${pLabel(pHi)}`;

  const legend = renderLegend(
    [
      [
        { glyph: 'band', colour: LOW_COLOUR, opacity: 0.85, label: `parameter at its ${pLabel(pLo)}` },
        { glyph: 'band', colour: HIGH_COLOUR, opacity: 0.85, label: `parameter at its ${pLabel(pHi)}` },
        { glyph: 'line', colour: INK, label: 'base (all at their medians)' },
      ],
    ],
    PAD,
    LEGEND_TOP,
    width - 2 * PAD,
  );
  const label = (b: TornadoBar): string => (b.moved_with.length > 0 ? `${b.parameter} *` : b.parameter);
  const labels = bars.map(label);
  const gutter = Math.min(width * 0.32, Math.max(40, ...labels.map((l) => textWidth(l, LABEL_FONT))));
  const plotTop = LEGEND_TOP + legend.height + 28;
  const plotLeft = PAD + gutter + 10;
  const plotRight = width - PAD;
  const values = [result.base, ...bars.flatMap((b) => [b.output_low, b.output_high])].filter(isFiniteNumber);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  const scale = horizontalScale(lo, hi, plotLeft + END_ROOM, plotRight - END_ROOM);
  const plotBottom = plotTop + Math.max(1, bars.length) * ROW;
  const grid = verticalGrid(scale, plotTop - 6, plotBottom, result.unit);

  const rows = bars.map((b, i) => row(b, label(b), i, plotTop, plotLeft, scale.x, result.base));
  const baseX = scale.x(result.base);
  const baseLine = [
    `<line x1="${num(baseX)}" y1="${num(plotTop - 10)}" x2="${num(baseX)}" y2="${num(plotBottom)}" stroke="${INK}" stroke-width="1.5"/>`,
    `<text x="${num(baseX)}" y="${num(plotTop - 14)}" font-size="${VALUE_FONT}" fill="${INK}" text-anchor="middle">base ${escapeXml(formatNumber(result.base))}</text>`,
  ];
  if (bars.length === 0) {
    rows.push(
      `<text x="${num((plotLeft + plotRight) / 2)}" y="${num(plotTop + ROW / 2 + 4)}" font-size="13" fill="${MUTED}" text-anchor="middle">no parameters to draw</text>`,
    );
  }

  const notes: { text: string; colour: string }[] = [];
  if (hidden > 0)
    notes.push({
      text: `${hidden} more parameter${hidden === 1 ? '' : 's'} with smaller swings not shown`,
      colour: MUTED,
    });
  const partners = bars.filter((b) => b.moved_with.length > 0);
  if (partners.length > 0) {
    notes.push({ text: '* moves its correlated parameters with it, to their conditional medians', colour: MUTED });
  }
  const median = result.shocks.filter((s) => s.treatment === 'median');
  if (median.length > 0) {
    const counts = median
      .map((s) => `${s.shock} ${s.events.length} event${s.events.length === 1 ? '' : 's'}`)
      .join(', ');
    notes.push({
      text: `Poisson shocks at their median event count, evenly spread over the horizon (${counts} at the base)`,
      colour: MUTED,
    });
  }
  if (result.step_parameters.length > 0) {
    notes.push({
      text: `per-step parameters at their medians: ${result.step_parameters.map((s) => s.parameter).join(', ')}`,
      colour: MUTED,
    });
  }
  return frameWithNotes(
    width,
    plotBottom + grid.height,
    title,
    subtitle,
    [
      legend.svg,
      `<g class="tornado" data-output="${escapeXml(result.output)}">`,
      grid.svg,
      ...rows,
      ...baseLine,
      '</g>',
    ],
    notes,
    result.warnings,
  );
}

function row(
  b: TornadoBar,
  label: string,
  i: number,
  plotTop: number,
  plotLeft: number,
  x: (v: number) => number,
  base: number,
): string {
  const yMid = plotTop + i * ROW + ROW / 2;
  const y = yMid - BAR / 2;
  const bx = x(base);
  const out = [`<g class="bar" data-parameter="${escapeXml(b.parameter)}">`];
  out.push(
    `<text x="${num(plotLeft - 10)}" y="${num(yMid + LABEL_FONT * 0.35)}" font-size="${LABEL_FONT}" fill="${INK}" text-anchor="end">${escapeXml(fitText(label, plotLeft - PAD - 10, LABEL_FONT))}</text>`,
  );
  const low: End = { value: b.output_low, input: b.low, colour: LOW_COLOUR, side: 'low' };
  const high: End = { value: b.output_high, input: b.high, colour: HIGH_COLOUR, side: 'high' };
  // The end farther from the base is drawn first, so that when both fall on
  // one side (an effect that turns back) the nearer bar stays visible on top.
  const [near, far] = Math.abs(x(low.value) - bx) <= Math.abs(x(high.value) - bx) ? [low, high] : [high, low];
  for (const e of [far, near]) {
    const ex = x(e.value);
    const [left, right] = ex < bx ? [ex, bx] : [bx, ex];
    // A side with no swing still shows as a hairline.
    out.push(
      `<rect class="end end-${e.side}" x="${num(left)}" y="${num(y)}" width="${num(Math.max(1, right - left))}" height="${BAR}" fill="${e.colour}" fill-opacity="0.85"/>`,
    );
  }
  // The parameter's value at each end: outside the bar end, or inside the
  // nearer bar when both ends lie on one side (if it fits there).
  const rightOf = (e: End) => x(e.value) > bx || (x(e.value) === bx && e.side === 'high');
  const valueText = (e: End, outside: boolean) => {
    const ex = x(e.value);
    const r = rightOf(e);
    const tx = ex + (outside === r ? 5 : -5);
    const anchor = outside === r ? 'start' : 'end';
    return `<text x="${num(tx)}" y="${num(yMid + VALUE_FONT * 0.35)}" font-size="${VALUE_FONT}" fill="${outside ? MUTED : '#ffffff'}" text-anchor="${anchor}">${escapeXml(formatNumber(e.input))}</text>`;
  };
  out.push(valueText(far, true));
  if (rightOf(near) !== rightOf(far)) out.push(valueText(near, true));
  else if (Math.abs(x(near.value) - bx) >= textWidth(formatNumber(near.input), VALUE_FONT) + 10)
    out.push(valueText(near, false));
  out.push('</g>');
  return out.join('\n');
}
