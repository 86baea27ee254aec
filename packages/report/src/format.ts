/**
 * Numbers for people. Tables and axes show magnitudes, not digits: a reader
 * compares 1.23M with 4.56M faster than 1234567.89 with 4563210.02.
 */

// Short scale, as in the report being modelled ("38.0B USD").
const SUFFIXES = [
  { at: 1e12, suffix: 'T' },
  { at: 1e9, suffix: 'B' },
  { at: 1e6, suffix: 'M' },
  { at: 1e3, suffix: 'k' },
] as const;

/** Past the largest suffix the number is written with an exponent. */
const EXPONENT_FROM = 1e15;

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  return undefined;
}

function scaled(rounded: number, mantissa: (m: number) => string): string {
  const magnitude = Math.abs(rounded);
  if (magnitude >= EXPONENT_FROM) return rounded.toExponential(2).replace('e+', 'e');
  for (const { at, suffix } of SUFFIXES) {
    if (magnitude >= at) return `${mantissa(rounded / at)}${suffix}`;
  }
  return mantissa(rounded);
}

/**
 * Three significant digits with a magnitude suffix: `1.20M`, `38.0B`, `450k`,
 * `3.44`, `0.0123`, `-2.50k`. Trailing zeros are kept on purpose so that a
 * column of numbers has one width and one precision.
 */
export function formatNumber(x: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  if (x === 0) return '0';
  // Round before choosing the suffix, so 999 600 becomes 1.00M, not 1000k.
  const rounded = Number(x.toPrecision(3));
  return scaled(rounded, (m) => m.toPrecision(3));
}

/**
 * An axis tick: the shortest text that names the tick exactly (`0`, `500k`,
 * `1.5M`, `2M`). Ticks are already round, so padding them to three digits
 * would only add noise.
 */
export function formatTick(x: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  // Ticks are computed as start + i * step; 12 digits hides the float dust.
  const rounded = Number(x.toPrecision(12));
  if (rounded === 0) return '0';
  return scaled(rounded, (m) => String(Number(m.toPrecision(6))));
}

/** A reporting time as written in the scenario: `2020`, `2020.25`. */
export function formatTime(t: number): string {
  const special = nonFinite(t);
  if (special !== undefined) return special;
  return String(Number(t.toPrecision(12)));
}

/** A relative tolerance as a percentage: `0.05 -> "5%"`. */
export function formatPercent(x: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  return `${Number((x * 100).toPrecision(3))}%`;
}

/**
 * A table cell: a number abbreviated like {@link formatNumber}, or `-` where a
 * value is missing (an absent statistic, or `null` where JSON could not carry
 * a non-finite number).
 */
export function formatCell(value: number | null | undefined): string {
  return typeof value === 'number' ? formatNumber(value) : '-';
}

/** `1 factor`, `3 factors`. */
export function countFactors(n: number): string {
  return `${n} factor${n === 1 ? '' : 's'}`;
}

/** A whole count with thousands separators: `167,936`. Written out rather than by Intl so every platform gives the same bytes. */
export function formatCount(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : formatNumber(n);
}

/** A percentile as the result documents key it: 0.1 is `p10`, 0.025 `p2.5` (core's `quantileKey`, kept here so the report imports only core's types). */
export const percentileLabel = (p: number): string => `p${Number((p * 100).toPrecision(12))}`;

/** A Sobol analysis's run count as every view states it: `1024 samples x (39 factors + 2) = 41,984 runs`. */
export const sobolRuns = (r: {
  readonly samples: number;
  readonly factors: readonly unknown[];
  readonly runs: number;
}): string => `${r.samples} samples x (${countFactors(r.factors.length)} + 2) = ${formatCount(r.runs)} runs`;
