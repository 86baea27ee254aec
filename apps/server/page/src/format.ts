/** Numbers for people: 3 significant digits, compact past 10,000, a true minus sign. */
const compact = new Intl.NumberFormat('en', {
  notation: 'compact',
  minimumSignificantDigits: 3,
  maximumSignificantDigits: 3,
});
const plain = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const s = Math.abs(x) >= 10000 ? compact.format(x) : plain.format(x);
  return s.replace('-', '−');
}

export function pct(x: number | null | undefined, signed = false): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0%';
  const v = x * 100;
  const s = `${Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2)}%`;
  return (signed && v > 0 ? '+' : '') + s.replace('-', '−');
}

export const fmtTime = (t: number): string => String(Number(t.toPrecision(12)));

export const fmtCount = (n: number): string => n.toLocaleString('en-US');

/** Operations as people read them: 1.2 billion, 340 million. */
export function fmtOperations(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} billion`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} million`;
  return fmtCount(Math.round(n));
}
