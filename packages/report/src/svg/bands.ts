import type { OutputSummary } from '@foresight/core';

/**
 * What a fan chart draws from a summary. Bands are listed outermost first,
 * which is also the drawing order, so inner bands sit on top of outer ones.
 */
export interface Band {
  /** Written into `data-band`; tests and stylesheets select on it. */
  name: string;
  lo: string;
  hi: string;
  label: string;
  role: 'outer' | 'inner';
}

export const BANDS: readonly Band[] = [
  { name: 'p5-p95', lo: 'p5', hi: 'p95', label: 'p5–p95', role: 'outer' },
  { name: 'p25-p75', lo: 'p25', hi: 'p75', label: 'p25–p75', role: 'inner' },
];

/** A band is drawn only when both of its quantiles were summarized. */
export function hasBand(summary: OutputSummary, band: Band): boolean {
  return Object.hasOwn(summary.quantiles, band.lo) && Object.hasOwn(summary.quantiles, band.hi);
}

/**
 * The centre line: the median, or the mean when a run did not ask for p50,
 * so every scenario still has a line to follow.
 */
export function centreStat(summary: OutputSummary): 'p50' | 'mean' {
  return Object.hasOwn(summary.quantiles, 'p50') ? 'p50' : 'mean';
}
