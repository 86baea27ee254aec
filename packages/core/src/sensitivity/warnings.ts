/*
 * When Sobol estimates should not be read at face value. True indices lie in
 * [0, 1] and first-order ones sum to at most 1; estimates outside, or
 * intervals wide enough to reorder the factors, mean too few samples.
 */
import type { SobolFactor, SobolOverTime } from './document.js';
import type { PointEstimates } from './estimators.js';
import type { SensitivityPlan } from './plan.js';

export const SOBOL_WARNING_LIMITS = {
  /** An interval wider than this (high - low) is too wide to rank factors by. */
  width: 0.1,
  /** How far outside [0, 1] an estimate may stray before it is more than rounding-level noise. */
  outside: 0.01,
  /** How far above 1 the first-order indices may sum. */
  sum: 0.05,
} as const;

const listed = (ids: readonly string[]): string =>
  ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;

const fmt = (x: number): string => String(Number(x.toPrecision(3)));

export function sobolWarnings(
  plan: SensitivityPlan,
  factors: readonly SobolFactor[],
  headline: PointEstimates,
  overTime: SobolOverTime | undefined,
): string[] {
  const warnings: string[] = [];
  const L = SOBOL_WARNING_LIMITS;
  if (!(headline.variance > 0) || factors.every((f) => f.total.estimate === null)) {
    warnings.push(
      `${plan.output} does not vary at t = ${plan.at}: there is no variance to attribute, so every index is null`,
    );
    return warnings;
  }
  const width = (i: { low: number | null; high: number | null }) =>
    i.low === null || i.high === null ? 0 : i.high - i.low;
  const wide = factors.filter((f) => width(f.first) > L.width || width(f.total) > L.width);
  if (wide.length > 0) {
    const worst = Math.max(...wide.map((f) => Math.max(width(f.first), width(f.total))));
    // Interval widths shrink as 1 / sqrt(N).
    const needed = 2 ** Math.ceil(Math.log2(plan.samples * (worst / L.width) ** 2));
    warnings.push(
      `the ${Math.round(0.95 * 100)}% intervals of ${listed(wide.map((f) => f.id))} are wider than ${L.width} ` +
        `(up to ${fmt(worst)}): too few samples to rank them; about --samples ${needed} would narrow them to ${L.width}`,
    );
  }
  const strayed = (e: number | null | undefined): e is number =>
    typeof e === 'number' && (e < -L.outside || e > 1 + L.outside);
  const outside: string[] = [];
  for (const f of factors) {
    for (const [name, i] of [
      ['S', f.first],
      ['ST', f.total],
    ] as const) {
      if (strayed(i.estimate)) outside.push(`${name} of ${f.id} is ${fmt(i.estimate)}`);
    }
  }
  if (outside.length > 0) warnings.push(`${listed(outside)}, outside [0, 1]: too few samples`);
  const sum = factors.reduce((s, f) => s + (f.first.estimate ?? 0), 0);
  if (sum > 1 + L.sum) warnings.push(`the first-order indices sum to ${fmt(sum)}, more than 1: too few samples`);
  if (overTime) {
    const at = overTime.times.filter((_, t) =>
      overTime.factors.some((s) => {
        const w = (lo: (number | null)[], hi: (number | null)[]) => width({ low: lo[t] ?? null, high: hi[t] ?? null });
        return w(s.first_low, s.first_high) > L.width || w(s.total_low, s.total_high) > L.width;
      }),
    );
    if (at.length > 0) {
      warnings.push(
        `over time, some intervals are wider than ${L.width} at ${at.length} of ${overTime.times.length} times (${listed(at.map(String))})`,
      );
    }
    const strays: string[] = [];
    overTime.times.forEach((t, k) => {
      for (const s of overTime.factors) {
        for (const [name, series] of [
          ['S', s.first],
          ['ST', s.total],
        ] as const) {
          const e = series[k];
          if (strayed(e)) strays.push(`${name} of ${s.id} is ${fmt(e)} at ${t}`);
        }
      }
    });
    if (strays.length > 0) warnings.push(`over time, ${listed(strays)}, outside [0, 1]: too few samples`);
  }
  return warnings;
}
