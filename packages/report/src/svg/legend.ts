import { INK } from './palette.js';
import { fitText, textWidth } from './text.js';
import { escapeXml, num } from './xml.js';

export type LegendItem =
  | { glyph: 'line'; colour: string; label: string }
  | { glyph: 'band'; colour: string; opacity: number; label: string }
  /** A scenario in an overlay: its band colour with its line through it. */
  | { glyph: 'scenario'; colour: string; opacity: number; label: string };

const FONT = 12;
const ROW = 20;
const GLYPH = 22;
const AFTER_GLYPH = 6;
const BETWEEN = 18;

function glyph(item: LegendItem, x: number, midY: number): string {
  const line = `<line x1="${num(x)}" y1="${num(midY)}" x2="${num(x + GLYPH)}" y2="${num(midY)}" stroke="${item.colour}" stroke-width="2" stroke-linecap="round"/>`;
  const rect = (opacity: number): string =>
    `<rect x="${num(x)}" y="${num(midY - 6)}" width="${GLYPH}" height="12" fill="${item.colour}" fill-opacity="${opacity}"/>`;
  switch (item.glyph) {
    case 'line':
      return line;
    case 'band':
      return rect(item.opacity);
    case 'scenario':
      return rect(item.opacity) + line;
    default:
      return item satisfies never;
  }
}

/**
 * The legend as rows of items laid out left to right, wrapping at `width`;
 * each group starts a row of its own, so the scenarios and the key to the
 * bands read as two separate lists. It sits above the panels, never over
 * them, so it cannot hide data. Returns the markup and the height it takes.
 */
export function renderLegend(
  groups: readonly (readonly LegendItem[])[],
  x: number,
  y: number,
  width: number,
): { svg: string; height: number } {
  const parts: string[] = [];
  let cx = x;
  let row = -1;
  const items = groups.filter((g) => g.length > 0).flatMap((g) => g.map((item, i) => ({ item, first: i === 0 })));
  for (const { item, first } of items) {
    const label = fitText(item.label, width - GLYPH - AFTER_GLYPH, FONT);
    const itemWidth = GLYPH + AFTER_GLYPH + textWidth(label, FONT);
    if (first || (cx > x && cx + itemWidth > x + width)) {
      row += 1;
      cx = x;
    }
    const midY = y + row * ROW + ROW / 2;
    parts.push(glyph(item, cx, midY));
    parts.push(
      `<text x="${num(cx + GLYPH + AFTER_GLYPH)}" y="${num(midY + FONT * 0.35)}" font-size="${FONT}" fill="${INK}">${escapeXml(label)}</text>`,
    );
    cx += itemWidth + BETWEEN;
  }
  const height = (row + 1) * ROW;
  return { svg: `<g class="legend">\n${parts.join('\n')}\n</g>`, height };
}
