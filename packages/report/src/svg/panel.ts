import type { OutputSummary } from '@foresight/core';
import { formatTick, formatTime } from '../format.js';
import { finiteAt, statColumn } from '../stats.js';
import { BANDS, centreStat, hasBand } from './bands.js';
import { AXIS, GRID, INK, MUTED } from './palette.js';
import { bandData, lineData, type Pt, type Span } from './paths.js';
import { extent, linear, timeAxis, valueAxis } from './scale.js';
import { fitText, textWidth } from './text.js';
import { escapeXml, num } from './xml.js';

/** One scenario's contribution to one panel. */
export interface PanelSeries {
  /** Position among the compared results: picks the colour, names the series. */
  index: number;
  /** Written into `data-scenario`. */
  scenario: string;
  /** Shown to people; unique among the compared results. */
  label: string;
  colour: string;
  times: readonly number[];
  /** Undefined when this scenario lacks the output: drawn as absent, not as zero. */
  summary: OutputSummary | undefined;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BandOpacity {
  outer: number;
  inner: number;
}

const TICK_FONT = 11;
const TITLE_FONT = 13;
const TOP = 30; // panel title above the plot
const BOTTOM = 30; // x tick labels below the plot
const RIGHT = 14;
const UNIT_GUTTER = 18; // the rotated unit label left of the y tick labels

function seriesValues(s: PanelSeries): number[] {
  const summary = s.summary;
  if (summary === undefined) return [];
  const stats = [centreStat(summary), ...BANDS.filter((b) => hasBand(summary, b)).flatMap((b) => [b.lo, b.hi])];
  return stats.flatMap((stat) => {
    const column = statColumn(summary, stat);
    return s.times.map((_, i) => finiteAt(column, i)).filter((v): v is number => v !== null);
  });
}

function dataAttrs(s: PanelSeries, output: string, band: string): string {
  return (
    `data-scenario="${escapeXml(s.scenario)}" data-series="${s.index}" ` +
    `data-output="${escapeXml(output)}" data-band="${escapeXml(band)}"`
  );
}

/**
 * One output as a fan chart inside `box`: bands of every scenario first, then
 * every centre line, so no scenario's band ever hides another's median.
 */
export function renderPanel(
  box: Box,
  output: string,
  unit: string | undefined,
  series: readonly PanelSeries[],
  opacity: BandOpacity,
  /** Series whose values widen the value axis without being drawn (a shared scale). */
  scaleWith: readonly PanelSeries[] = [],
): string {
  const present = series.filter((s) => s.summary !== undefined);
  const values = [...present, ...scaleWith].flatMap(seriesValues);
  const plotTop = box.y + TOP;
  const plotBottom = box.y + box.height - BOTTOM;
  const [lo, hi] = extent(values);
  const yAxis = valueAxis(lo, hi, Math.max(2, Math.floor((plotBottom - plotTop) / 48)));
  const yLabels = yAxis.ticks.map(formatTick);
  const labelWidth = Math.max(0, ...yLabels.map((l) => textWidth(l, TICK_FONT)));
  const plotLeft = box.x + (unit === undefined ? 0 : UNIT_GUTTER) + labelWidth + 8;
  const plotRight = box.x + box.width - RIGHT;

  const times = (present.length > 0 ? present : series).flatMap((s) => s.times);
  const xAxis = timeAxis(times, Math.max(1, Math.floor((plotRight - plotLeft) / 56)));
  const x = linear(xAxis.lo, xAxis.hi, plotLeft, plotRight);
  const y = linear(yAxis.lo, yAxis.hi, plotBottom, plotTop);

  const out: string[] = [`<g class="panel" data-output="${escapeXml(output)}">`];

  // Grid and y ticks. A line at zero is darker: it is where a value changes sign.
  yAxis.ticks.forEach((tick, i) => {
    const py = num(y(tick));
    const stroke = tick === 0 && yAxis.lo < 0 ? AXIS : GRID;
    out.push(
      `<line x1="${num(plotLeft)}" y1="${py}" x2="${num(plotRight)}" y2="${py}" stroke="${stroke}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${num(plotLeft - 6)}" y="${num(y(tick) + TICK_FONT * 0.35)}" font-size="${TICK_FONT}" fill="${MUTED}" text-anchor="end">${escapeXml(yLabels[i] ?? '')}</text>`,
    );
  });

  // Time axis along the bottom.
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

  for (const role of ['outer', 'inner'] as const) {
    for (const s of present) {
      const summary = s.summary as OutputSummary;
      for (const band of BANDS.filter((b) => b.role === role && hasBand(summary, b))) {
        const lo = statColumn(summary, band.lo);
        const hi = statColumn(summary, band.hi);
        const spans = s.times.map((t, i): Span | null => {
          const l = finiteAt(lo, i);
          const h = finiteAt(hi, i);
          return l === null || h === null || !Number.isFinite(t) ? null : { x: x(t), lo: y(l), hi: y(h) };
        });
        out.push(
          `<path class="band band-${role}" ${dataAttrs(s, output, band.name)} d="${bandData(spans)}" fill="${s.colour}" fill-opacity="${opacity[role]}" stroke="none"/>`,
        );
      }
    }
  }
  for (const s of present) {
    const summary = s.summary as OutputSummary;
    const stat = centreStat(summary);
    const column = statColumn(summary, stat);
    const points = s.times.map((t, i): Pt => {
      const v = finiteAt(column, i);
      return v === null || !Number.isFinite(t) ? null : { x: x(t), y: y(v) };
    });
    out.push(
      `<path class="median" ${dataAttrs(s, output, stat)} d="${lineData(points)}" fill="none" stroke="${s.colour}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
  }

  const absent = series.filter((s) => s.summary === undefined).map((s) => s.label);
  const title = fitText(output, (plotRight - box.x) * (absent.length > 0 ? 0.6 : 1), TITLE_FONT, true);
  out.push(
    `<text x="${num(box.x)}" y="${num(box.y + 18)}" font-size="${TITLE_FONT}" font-weight="bold" fill="${INK}">${escapeXml(title)}</text>`,
  );
  if (absent.length > 0) {
    const note = fitText(`absent in ${absent.join(', ')}`, (plotRight - box.x) * 0.38, TICK_FONT);
    out.push(
      `<text x="${num(plotRight)}" y="${num(box.y + 18)}" font-size="${TICK_FONT}" fill="${MUTED}" text-anchor="end" font-style="italic">${escapeXml(note)}</text>`,
    );
  }
  if (present.length === 0) {
    out.push(
      `<text x="${num((plotLeft + plotRight) / 2)}" y="${num((plotTop + plotBottom) / 2)}" font-size="${TITLE_FONT}" fill="${MUTED}" text-anchor="middle">no data</text>`,
    );
  }
  if (unit !== undefined) {
    const cx = box.x + 12;
    const cy = (plotTop + plotBottom) / 2;
    const label = fitText(unit, plotBottom - plotTop, TICK_FONT);
    out.push(
      `<text x="${num(cx)}" y="${num(cy)}" font-size="${TICK_FONT}" fill="${MUTED}" text-anchor="middle" transform="rotate(-90 ${num(cx)} ${num(cy)})">${escapeXml(label)}</text>`,
    );
  }
  out.push('</g>');
  return out.join('\n');
}
