import type { OutputSummary } from '@foresight/core';

/**
 * One column of a summary by its statistic name: `mean`, `sd`, `min`, `max`
 * or a quantile key such as `p5`. Undefined when the summary has no such
 * statistic, which callers show as absent rather than as zero.
 */
export function statColumn(summary: OutputSummary, stat: string): readonly unknown[] | undefined {
  switch (stat) {
    case 'mean':
      return summary.mean;
    case 'sd':
      return summary.sd;
    case 'min':
      return summary.min;
    case 'max':
      return summary.max;
    default:
      return Object.hasOwn(summary.quantiles, stat) ? summary.quantiles[stat] : undefined;
  }
}

/**
 * The finite number at `i`, or null. The type says `number`, but a document
 * that went through JSON carries non-finite values as `null`, and arrays may
 * be shorter than `times` in a hand-written document: rendering must survive
 * both.
 */
export function finiteAt(column: readonly unknown[] | undefined, i: number): number | null {
  const v = column?.[i];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Like {@link finiteAt} but keeps NaN and infinities, for exact output (CSV). */
export function numberAt(column: readonly unknown[] | undefined, i: number): number | null {
  const v = column?.[i];
  return typeof v === 'number' ? v : null;
}

/** `p97.5 -> 97.5`; NaN for keys that are not quantile keys. */
function percentOf(key: string): number {
  return /^p\d+(\.\d+)?$/.test(key) ? Number(key.slice(1)) : NaN;
}

/** Quantile keys in increasing order (`p5` before `p50` before `p97.5`), not string order. */
export function sortQuantileKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => {
    const pa = percentOf(a);
    const pb = percentOf(b);
    if (Number.isNaN(pa) || Number.isNaN(pb)) {
      // Malformed keys go last, in a fixed order, so output stays deterministic.
      if (Number.isNaN(pa) !== Number.isNaN(pb)) return Number.isNaN(pa) ? 1 : -1;
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return pa - pb;
  });
}
