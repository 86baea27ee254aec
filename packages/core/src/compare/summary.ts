import { z } from 'zod';
import type { RunResult } from '../summarize/document.js';
import type { ComparisonResult } from './document.js';

/**
 * One screen of a comparison (`foresight compare --summary`): for each
 * output, each future (the base first, then every alternative) at a few
 * reporting times, its median and 90% band (p5 to p95 over the trials), and
 * for an alternative its paired change against the base: the median of
 * alt - base, the median relative change, P(alt > base) and P(alt < base).
 * Computed from the comparison document alone, so any executor's comparison
 * gives the same summary.
 */
const Nullable = z.number().nullable();

export const SummaryChange = z.strictObject({
  /** Median over the trials of alt - base. */
  p50: Nullable,
  /** Median of (alt - base) / |base| over the trials where base is not 0. */
  relative_p50: Nullable,
  p_greater: Nullable,
  p_less: Nullable,
});

export const SummaryCell = z.strictObject({
  time: z.number(),
  /** Median and 90% band over the trials; null where the future lacks the output, the time or the quantile. */
  p50: Nullable,
  p5: Nullable,
  p95: Nullable,
  /** Alternatives only: the paired change against the base; null where the two do not share the output. */
  change: SummaryChange.nullable().optional(),
});

export const SummaryFuture = z.strictObject({
  scenario: z.string(),
  title: z.string().optional(),
  /** One cell per summary time, in the order of `times`. */
  at: z.array(SummaryCell),
});

export const SummaryOutput = z.strictObject({
  id: z.string(),
  unit: z.string().optional(),
  futures: z.array(SummaryFuture),
});

export const ComparisonSummary = z.strictObject({
  base: z.string(),
  trials: z.number(),
  seed: z.number(),
  /** The reporting times summarized. */
  times: z.array(z.number()),
  outputs: z.array(SummaryOutput),
});

export type SummaryChange = z.infer<typeof SummaryChange>;
export type SummaryCell = z.infer<typeof SummaryCell>;
export type SummaryFuture = z.infer<typeof SummaryFuture>;
export type SummaryOutput = z.infer<typeof SummaryOutput>;
export type ComparisonSummary = z.infer<typeof ComparisonSummary>;

export interface SummaryOptions {
  /** Reporting times to summarize; by default `summaryTimes` of the base's. */
  readonly times?: readonly number[] | undefined;
  /** Outputs, in this order; by default the base's outputs, then those only alternatives have. */
  readonly outputs?: readonly string[] | undefined;
}

/**
 * The default summary times of a grid: its last reporting time and the one
 * nearest a third of the horizon before it (2030 and 2035 for 2020-2035): a
 * medium and a long view.
 */
export function summaryTimes(times: readonly number[]): number[] {
  const last = times.at(-1);
  const first = times[0];
  if (last === undefined || first === undefined) return [];
  const wanted = last - (last - first) / 3;
  let middle = first;
  for (const t of times) if (Math.abs(t - wanted) < Math.abs(middle - wanted)) middle = t;
  return middle === last ? [last] : [middle, last];
}

const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** Median and band of one output of one run at time t, nulls where it has none. */
function spread(run: RunResult | undefined, id: string, t: number): Pick<SummaryCell, 'p50' | 'p5' | 'p95'> {
  const i = run ? run.times.indexOf(t) : -1;
  const summary = run ? own(run.outputs, id) : undefined;
  const at = (key: string) => (i < 0 ? null : (summary?.quantiles[key]?.[i] ?? null));
  return { p50: at('p50'), p5: at('p5'), p95: at('p95') };
}

export function summarizeComparison(result: ComparisonResult, options: SummaryOptions = {}): ComparisonSummary {
  const base = result.runs[0];
  const times = [...(options.times ?? summaryTimes(base?.times ?? []))];
  const ids = options.outputs ?? [
    ...new Set([...Object.keys(base?.outputs ?? {}), ...result.comparisons.flatMap((c) => Object.keys(c.outputs))]),
  ];
  const outputs = ids.map((id): SummaryOutput => {
    const unit = own(base?.outputs ?? {}, id)?.unit ?? result.runs.map((r) => own(r.outputs, id)?.unit).find(Boolean);
    const baseFuture: SummaryFuture = {
      scenario: result.base,
      ...(base?.title !== undefined ? { title: base.title } : {}),
      at: times.map((t) => ({ time: t, ...spread(base, id, t) })),
    };
    const alternatives = result.comparisons.map((c): SummaryFuture => {
      const run = result.runs[c.run];
      const entry = own(c.outputs, id);
      const cells = times.map((t): SummaryCell => {
        const i = c.times.indexOf(t);
        const change =
          entry === undefined || 'absent' in entry || i < 0
            ? null
            : {
                p50: entry.difference.quantiles['p50']?.[i] ?? null,
                relative_p50: entry.difference.relative_p50[i] ?? null,
                p_greater: entry.difference.p_greater[i] ?? null,
                p_less: entry.difference.p_less[i] ?? null,
              };
        return { time: t, ...spread(run, id, t), change };
      });
      return { scenario: c.scenario, ...(run?.title !== undefined ? { title: run.title } : {}), at: cells };
    });
    return { id, ...(unit !== undefined ? { unit } : {}), futures: [baseFuture, ...alternatives] };
  });
  return { base: result.base, trials: result.trials, seed: result.seed, times, outputs };
}
