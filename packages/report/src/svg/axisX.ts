import { formatTick } from '../format.js';
import { AXIS, GRID, MUTED } from './palette.js';
import { linear, valueAxis, type Axis } from './scale.js';
import { fitText } from './text.js';
import { escapeXml, num } from './xml.js';

const TICK_FONT = 11;

export interface HorizontalScale {
  readonly axis: Axis;
  readonly x: (v: number) => number;
}

/**
 * A value scale running left to right over [left, right]: the data extent
 * rounded out to round ticks, about one per `spacing` pixels, never pulled
 * toward zero (callers put 0 in the extent when bars start there).
 */
export function horizontalScale(lo: number, hi: number, left: number, right: number, spacing = 90): HorizontalScale {
  const axis = valueAxis(lo, hi, Math.max(2, Math.floor((right - left) / spacing)), false);
  return { axis, x: linear(axis.lo, axis.hi, left, right) };
}

/**
 * Vertical grid lines at every tick from `top` to `bottom`, the tick labels
 * below `bottom` and an optional caption (the unit) under them. The line at
 * `darkAt` (zero, where an index or a value changes sign) is drawn darker.
 */
export function verticalGrid(
  scale: HorizontalScale,
  top: number,
  bottom: number,
  caption: string | undefined,
  darkAt?: number,
): { svg: string; height: number } {
  const out: string[] = [];
  for (const tick of scale.axis.ticks) {
    const px = num(scale.x(tick));
    const stroke = darkAt !== undefined && tick === darkAt ? AXIS : GRID;
    out.push(`<line x1="${px}" y1="${num(top)}" x2="${px}" y2="${num(bottom)}" stroke="${stroke}" stroke-width="1"/>`);
    out.push(
      `<text x="${px}" y="${num(bottom + 6 + TICK_FONT)}" font-size="${TICK_FONT}" fill="${MUTED}" text-anchor="middle">${escapeXml(formatTick(tick))}</text>`,
    );
  }
  let height = 6 + TICK_FONT + 4;
  if (caption !== undefined && caption !== '') {
    const left = scale.x(scale.axis.lo);
    const right = scale.x(scale.axis.hi);
    out.push(
      `<text x="${num((left + right) / 2)}" y="${num(bottom + height + TICK_FONT)}" font-size="${TICK_FONT}" fill="${MUTED}" text-anchor="middle">${escapeXml(fitText(caption, right - left, TICK_FONT))}</text>`,
    );
    height += TICK_FONT + 4;
  }
  return { svg: out.join('\n'), height };
}
