/**
 * Text measurement without a font engine. The chart must lay out the same
 * bytes everywhere, so widths are estimated per character class, on the wide
 * side of common sans-serif faces (DejaVu Sans, Helvetica, Arial): a label
 * may get a little more room than it needs, never less.
 */
const NARROW = new Set(" .,:;'!|()[]ijlrtfI-");
const WIDE = new Set('mwMWQGOD%@—…');

function ems(ch: string): number {
  if (NARROW.has(ch)) return 0.38;
  if (WIDE.has(ch)) return 0.95;
  if (/[A-Z0-9]/.test(ch)) return 0.7;
  // Lowercase Latin; anything else (CJK, symbols) gets a full em.
  return /[a-z_]/.test(ch) ? 0.6 : 1;
}

export function textWidth(text: string, fontSize: number, bold = false): number {
  let total = 0;
  for (const ch of text) total += ems(ch);
  return total * fontSize * (bold ? 1.1 : 1);
}

/** The text, cut with an ellipsis when it would be wider than `maxWidth`. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  // One pass over the prefix, so a pathological 100k-character title costs linear time.
  const room = maxWidth - textWidth('…', fontSize, bold);
  let used = 0;
  let kept = '';
  for (const ch of text) {
    used += textWidth(ch, fontSize, bold);
    if (used > room) break;
    kept += ch;
  }
  return `${kept}…`;
}
