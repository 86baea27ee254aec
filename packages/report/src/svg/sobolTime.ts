import type { SobolResult, SobolSeries } from '@foresight/core';
import { formatTick, formatTime, sobolRuns } from '../format.js';
import { clampSize, frame, frameWithNotes, isFiniteNumber, LEGEND_TOP, PAD } from './frame.js';
import { renderLegend, type LegendItem } from './legend.js';
import { AXIS, GRID, INK, MUTED, scenarioColour } from './palette.js';
import { bandData, lineData, type Pt, type Span } from './paths.js';
import { extent, linear, timeAxis, valueAxis } from './scale.js';
import { fitText, textWidth } from './text.js';
import { escapeXml, num } from './xml.js';

export interface SobolTimeChartOptions {
  /** Total width in pixels (default 960). */
  width?: number;
  /** Height of the panels in pixels (default 320). */
  panelHeight?: number;
  /** Factors to draw: the largest total index over time first (default 6, at most 8, one colour each). */
  top?: number;
  /** Chart title; by default `<output>: Sobol indices over time`. */
  title?: string;
}

const TICK_FONT = 11;
const TITLE_FONT = 13;
const BAND_OPACITY = 0.13;

const peak = (s: SobolSeries): number => extent(s.total.filter(isFiniteNumber))[1];

/**
 * Sobol indices along the reporting times, two panels side by side (first-
 * order, total), one line per factor with its confidence band. Factors are
 * those whose total index peaks highest over time. Times where the output
 * does not vary (an index is null) are gaps. Same input, same bytes.
 */
export function renderSobolTimeChart(result: SobolResult, options: SobolTimeChartOptions = {}): string {
  const width = clampSize(options.width, 960, 360, 10_000);
  const panelHeight = clampSize(options.panelHeight, 320, 140, 4_000);
  const top = clampSize(options.top, 6, 1, 8);
  const o = result.over_time;
  const title = options.title ?? `${result.output}: Sobol indices over time`;
  const subtitle = `${result.scenario} · ${sobolRuns(result)} · bands: ${Math.round(result.confidence * 100)}% intervals · seed ${result.seed}`;
  if (o === undefined) {
    return frame(width, 120, title, subtitle, [
      `<text x="${PAD}" y="90" font-size="13" fill="${MUTED}">no indices over time in this result (run with --over-time)</text>`,
    ]);
  }
  const shown = [...o.factors]
    .map((s, i) => ({ s, i, peak: peak(s) }))
    .sort((a, b) => (b.peak === a.peak ? a.i - b.i : b.peak > a.peak ? 1 : -1))
    .slice(0, top)
    .map((x) => x.s);
  const colours = shown.map((_, i) => scenarioColour(i));
  const items: LegendItem[] = shown.map((s, i) => ({
    glyph: 'scenario',
    colour: scenarioColour(i),
    opacity: 0.25,
    label: s.id,
  }));
  const legend = renderLegend([items], PAD, LEGEND_TOP, width - 2 * PAD);
  const panelTop = LEGEND_TOP + legend.height + 12;
  const gap = 28;
  const panelWidth = (width - 2 * PAD - gap) / 2;

  const values = shown
    .flatMap((s) => [...s.first, ...s.total, ...s.first_low, ...s.first_high, ...s.total_low, ...s.total_high])
    .filter(isFiniteNumber);
  const [least, most] = extent(values);
  const lo = Math.min(0, least);
  const hi = Math.max(0.1, most);
  const panels = (['first', 'total'] as const).map((kind, k) =>
    panel(
      { x: PAD + k * (panelWidth + gap), y: panelTop, width: panelWidth, height: panelHeight },
      kind === 'first' ? 'first-order: each factor alone' : 'total: with its interactions',
      kind,
      o.times,
      shown,
      colours,
      [lo, hi],
    ),
  );

  const notes: { text: string; colour: string }[] = [];
  const hidden = o.factors.length - shown.length;
  if (hidden > 0)
    notes.push({
      text: `${hidden} more factor${hidden === 1 ? '' : 's'} with smaller total indices not shown`,
      colour: MUTED,
    });
  if (o.factors.some((s) => s.total.some((v) => v === null))) {
    notes.push({ text: 'gaps: times at which the output does not vary, so no index is defined', colour: MUTED });
  }
  return frameWithNotes(
    width,
    panelTop + panelHeight,
    title,
    subtitle,
    [legend.svg, ...panels],
    notes,
    result.warnings,
  );
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function panel(
  box: Box,
  heading: string,
  kind: 'first' | 'total',
  times: readonly number[],
  series: readonly SobolSeries[],
  colours: readonly string[],
  extent: [number, number],
): string {
  const plotTop = box.y + 30;
  const plotBottom = box.y + box.height - 30;
  const yAxis = valueAxis(extent[0], extent[1], Math.max(2, Math.floor((plotBottom - plotTop) / 48)));
  const labels = yAxis.ticks.map(formatTick);
  const plotLeft = box.x + Math.max(...labels.map((l) => textWidth(l, TICK_FONT))) + 8;
  const plotRight = box.x + box.width - 8;
  const xAxis = timeAxis(times, Math.max(1, Math.floor((plotRight - plotLeft) / 56)));
  const x = linear(xAxis.lo, xAxis.hi, plotLeft, plotRight);
  const y = linear(yAxis.lo, yAxis.hi, plotBottom, plotTop);
  const out = [`<g class="panel" data-index="${kind}">`];
  yAxis.ticks.forEach((tick, i) => {
    const py = num(y(tick));
    out.push(
      `<line x1="${num(plotLeft)}" y1="${py}" x2="${num(plotRight)}" y2="${py}" stroke="${tick === 0 ? AXIS : GRID}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${num(plotLeft - 6)}" y="${num(y(tick) + TICK_FONT * 0.35)}" font-size="${TICK_FONT}" fill="${MUTED}" text-anchor="end">${escapeXml(labels[i] ?? '')}</text>`,
    );
  });
  out.push(
    `<line x1="${num(plotLeft)}" y1="${num(plotBottom)}" x2="${num(plotRight)}" y2="${num(plotBottom)}" stroke="${AXIS}" stroke-width="1"/>`,
  );
  for (const tick of xAxis.ticks) {
    const px = num(x(tick));
    out.push(
      `<line x1="${px}" y1="${num(plotBottom)}" x2="${px}" y2="${num(plotBottom + 4)}" stroke="${AXIS}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${px}" y="${num(plotBottom + 6 + TICK_FONT)}" font-size="${TICK_FONT}" fill="${MUTED}" text-anchor="middle">${escapeXml(formatTime(tick))}</text>`,
    );
  }
  const low = kind === 'first' ? 'first_low' : 'total_low';
  const high = kind === 'first' ? 'first_high' : 'total_high';
  // Every band first, then every line, so no factor's band hides another's line.
  series.forEach((s, i) => {
    const spans = times.map((t, k): Span | null => {
      const l = s[low][k];
      const h = s[high][k];
      return isFiniteNumber(l) && isFiniteNumber(h) ? { x: x(t), lo: y(l), hi: y(h) } : null;
    });
    out.push(
      `<path class="band" data-factor="${escapeXml(s.id)}" d="${bandData(spans)}" fill="${colours[i]}" fill-opacity="${BAND_OPACITY}" stroke="none"/>`,
    );
  });
  series.forEach((s, i) => {
    const points = times.map((t, k): Pt => {
      const v = s[kind][k];
      return isFiniteNumber(v) ? { x: x(t), y: y(v) } : null;
    });
    out.push(
      `<path class="line" data-factor="${escapeXml(s.id)}" d="${lineData(points)}" fill="none" stroke="${colours[i]}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
  });
  out.push(
    `<text x="${num(box.x)}" y="${num(box.y + 18)}" font-size="${TITLE_FONT}" font-weight="bold" fill="${INK}">${escapeXml(fitText(heading, box.width, TITLE_FONT, true))}</text>`,
  );
  out.push('</g>');
  return out.join('\n');
}
