/**
 * Text measurement without a font engine. The chart must lay out the same
 * bytes everywhere, so widths are estimated from character counts with a
 * factor on the wide side of common sans-serif faces (DejaVu Sans digits are
 * 0.64 em): labels may get a little more room than they need, never less.
 */
const EM_PER_CHAR = 0.62;

export function textWidth(text: string, fontSize: number, bold = false): number {
  return [...text].length * fontSize * EM_PER_CHAR * (bold ? 1.08 : 1);
}

/** The text, cut with an ellipsis when it would be wider than `maxWidth`. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  const fits = Math.max(0, Math.floor(maxWidth / (fontSize * EM_PER_CHAR * (bold ? 1.08 : 1))) - 1);
  return chars.slice(0, fits).join('') + '…';
}
