import { INK, MUTED, WARNING } from './palette.js';
import { fitText, textWidth } from './text.js';
import { escapeXml, num } from './xml.js';

/** Outer padding of every chart, and where the legend starts under the title and subtitle. */
export const PAD = 16;
export const LEGEND_TOP = 62;

/**
 * A whole chart: the root element, a white background, the title and a muted
 * subtitle at the top left (as the fan chart has them), then `body`.
 */
export function frame(width: number, height: number, title: string, subtitle: string, body: readonly string[]): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PAD}" y="${PAD + 16}" font-size="16" font-weight="bold" fill="${INK}">${escapeXml(fitText(title, width - 2 * PAD, 16, true))}</text>`,
  ];
  if (subtitle !== '') {
    parts.push(
      `<text x="${PAD}" y="${PAD + 36}" font-size="12" fill="${MUTED}">${escapeXml(fitText(subtitle, width - 2 * PAD, 12))}</text>`,
    );
  }
  parts.push(...body, '</svg>');
  return `${parts.join('\n')}\n`;
}

/**
 * A chart framed to end under its notes (muted remarks, then warnings in the
 * warning colour), which start 10 px below `bottom`.
 */
export function frameWithNotes(
  width: number,
  bottom: number,
  title: string,
  subtitle: string,
  body: readonly string[],
  notes: readonly { text: string; colour: string }[],
  warnings: readonly string[],
): string {
  const lines = [...notes, ...warnings.map((text) => ({ text, colour: WARNING }))];
  const foot = footnotes(lines, PAD, bottom + 10, width - 2 * PAD);
  return frame(width, Math.round(bottom + 10 + foot.height + PAD), title, subtitle, [...body, foot.svg]);
}

/**
 * Lines of small text under a chart (notes, warnings), each wrapped at word
 * boundaries to the width; returns the markup and the height it takes.
 */
export function footnotes(
  lines: readonly { text: string; colour: string }[],
  x: number,
  y: number,
  width: number,
): { svg: string; height: number } {
  const ROW = 16;
  const FONT = 11;
  const out: string[] = [];
  let row = 0;
  for (const line of lines) {
    for (const piece of wrap(line.text, width, FONT)) {
      out.push(
        `<text x="${num(x)}" y="${num(y + ROW * row + FONT)}" font-size="${FONT}" fill="${line.colour}">${escapeXml(fitText(piece, width, FONT))}</text>`,
      );
      row++;
    }
  }
  return { svg: out.join('\n'), height: row * ROW };
}

/** Words packed into lines no wider than `width`; a word longer than a line is cut by the caller. */
function wrap(text: string, width: number, font: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (current !== '' && textWidth(next, font) > width) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/**
 * Out-of-range sizes are clamped rather than rejected: a chart that is too
 * small to read is still better than an exception in a report pipeline.
 */
export const clampSize = (v: number | undefined, fallback: number, lo: number, hi: number): number =>
  v === undefined || !Number.isFinite(v) ? fallback : Math.min(hi, Math.max(lo, Math.round(v)));

/** The text of a number that must stay finite in markup: NaN and infinities are left out by callers. */
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
