/**
 * XML text helpers. Every string that comes from a scenario (ids, titles,
 * units) passes through {@link escapeXml}; every coordinate through {@link num}.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// Characters XML 1.0 forbids even when escaped (C0 controls other than tab,
// newline and return; lone surrogates; U+FFFE/U+FFFF). One in an output id
// would otherwise make the whole chart unreadable.
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Safe in both text content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A coordinate with at most two decimals and no trailing zeros. Fixed
 * precision keeps the bytes identical across runs and platforms; a
 * non-finite value (which layout should never produce) becomes 0 rather
 * than an attribute a renderer rejects.
 */
export function num(x: number): string {
  if (!Number.isFinite(x)) return '0';
  // Number() drops trailing zeros and turns "-0.00" into 0.
  return String(Number(x.toFixed(2)));
}
