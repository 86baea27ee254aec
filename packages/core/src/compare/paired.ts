import { didYouMean } from '../did-you-mean.js';
import { requestProblem, type Problem } from '../errors.js';
import { quantileKey } from '../summarize/document.js';
import type { RunShape } from '../summarize/shape.js';
import { streamLayout, type StreamLayout } from '../summarize/streamed.js';
import { exactQuantiles } from '../summarize/select.js';
import { moments } from '../summarize/stats.js';
import type { AlternativeComparison, OutputComparison, PairedDifference } from './document.js';

/**
 * The plan of one alternative's comparison with the base, as plain data (so a
 * worker pool builds it like `compareModels` does): the shared reporting
 * times, and per compared output either the side it is absent from or the
 * rows to pair.
 */
export interface PairedPlan {
  readonly scenario: string;
  /** Index of the alternative's result in `runs`. */
  readonly run: number;
  readonly times: readonly number[];
  readonly baseIdx: readonly number[];
  readonly altIdx: readonly number[];
  /** Reporting times of each whole grid (the stride of its recorded rows). */
  readonly baseTimes: number;
  readonly altTimes: number;
  readonly outputs: readonly PairedOutput[];
}

export type PairedOutput =
  | { readonly id: string; readonly absent: 'base' | 'alternative' }
  | {
      readonly id: string;
      readonly absent?: undefined;
      readonly unit: string | undefined;
      readonly baseRow: number;
      readonly altRow: number;
    };

const usage = (shape: RunShape, message: string): Problem => {
  const at = shape.rootAt;
  return { code: 'usage', message, file: at.file, path: [], line: at.line, column: at.column };
};

/** Requested ids no compared scenario outputs, and alternatives that share no reporting time with the base. */
export function comparisonProblems(
  base: RunShape,
  alternatives: readonly RunShape[],
  only: readonly string[] | undefined,
): Problem[] {
  const problems: Problem[] = [];
  if (only) {
    const all = [base, ...alternatives];
    only.forEach((id, i) => {
      if (!all.some((s) => s.outputs.some((o) => o.id === id))) {
        const known = all.flatMap((s) => s.outputs.map((o) => o.id));
        // The ids are the request's: the problem is placed there, not in a file.
        problems.push(
          requestProblem(`output '${id}' is not an output of any compared scenario${didYouMean(id, known)}`, [
            'outputs',
            i,
          ]),
        );
      }
    });
  }
  for (const alt of alternatives) {
    if (!alt.times.some((t) => base.times.includes(t))) {
      problems.push(usage(alt, `'${alt.scenario}' shares no reporting time with the base '${base.scenario}'`));
    }
  }
  return problems;
}

/** The base's quantiles with the median always among them, ascending. */
export function comparisonQuantiles(base: RunShape): number[] {
  const quantiles = [...base.quantiles];
  if (!quantiles.includes(0.5)) quantiles.push(0.5);
  return quantiles.sort((a, b) => a - b);
}

export function pairedPlan(
  base: RunShape,
  alt: RunShape,
  run: number,
  only: readonly string[] | undefined,
): PairedPlan {
  const times = alt.times.filter((t) => base.times.includes(t));
  const ids = only ?? [...new Set([...base.outputs.map((o) => o.id), ...alt.outputs.map((o) => o.id)])];
  const outputs = ids.map((id): PairedOutput => {
    const b = base.outputs.find((o) => o.id === id);
    const a = alt.outputs.find((o) => o.id === id);
    if (!b) return { id, absent: 'base' };
    if (!a) return { id, absent: 'alternative' };
    return { id, unit: b.unit ?? a.unit, baseRow: b.row, altRow: a.row };
  });
  return {
    scenario: alt.scenario,
    run,
    times,
    baseIdx: times.map((t) => base.times.indexOf(t)),
    altIdx: times.map((t) => alt.times.indexOf(t)),
    baseTimes: base.times.length,
    altTimes: alt.times.length,
    outputs,
  };
}

/** Packed statistics of one paired column: mean, each quantile, relative median, whether it exists, P(alt > base), P(alt < base). */
export const pairedStride = (quantiles: number): number => 5 + quantiles;

/**
 * Statistics of alt - base over the trials of one column pair, into `out` at
 * `at`. `scratch` must hold as many values as a column.
 */
export function pairedColumnStats(
  b: Float64Array,
  a: Float64Array,
  quantiles: readonly number[],
  scratch: Float64Array,
  out: Float64Array,
  at: number,
): void {
  const n = b.length;
  const diff = scratch.subarray(0, n);
  let greater = 0;
  let less = 0;
  for (let k = 0; k < n; k++) {
    const d = a[k]! - b[k]!;
    diff[k] = d;
    if (d > 0) greater++;
    else if (d < 0) less++;
  }
  out[at] = moments(diff).mean;
  exactQuantiles(diff, quantiles, out, at + 1);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const bk = b[k]!;
    if (bk !== 0) scratch[m++] = (a[k]! - bk) / Math.abs(bk);
  }
  const q = quantiles.length;
  if (m > 0) exactQuantiles(scratch.subarray(0, m), [0.5], out, at + 1 + q);
  else out[at + 1 + q] = 0;
  out[at + 2 + q] = m === 0 ? 0 : 1;
  out[at + 3 + q] = greater / n;
  out[at + 4 + q] = less / n;
}

/** Number of packed paired columns of a plan: one per present output and shared time. */
export function pairedColumns(plan: PairedPlan): number {
  return plan.outputs.filter((o) => o.absent === undefined).length * plan.times.length;
}

/**
 * The comparison entry of one alternative from its plan and packed statistics
 * (present outputs in plan order, each along the plan's times).
 */
export function alternativeDocument(
  plan: PairedPlan,
  quantiles: readonly number[],
  packed: Float64Array,
): AlternativeComparison {
  const T = plan.times.length;
  const S = pairedStride(quantiles.length);
  const q = quantiles.length;
  const outputs: Record<string, OutputComparison> = {};
  let present = 0;
  for (const o of plan.outputs) {
    let entry: OutputComparison;
    if (o.absent !== undefined) entry = { absent: o.absent };
    else {
      const base = present++ * T;
      const col = (k: number) => Array.from({ length: T }, (_, r) => packed[(base + r) * S + k]!);
      const relative = Array.from({ length: T }, (_, r) =>
        packed[(base + r) * S + 2 + q] === 1 ? packed[(base + r) * S + 1 + q]! : null,
      );
      const difference: PairedDifference = {
        mean: col(0),
        quantiles: {},
        relative_p50: relative,
        p_greater: col(3 + q),
        p_less: col(4 + q),
      };
      quantiles.forEach((qq, i) => (difference.quantiles[quantileKey(qq)] = col(1 + i)));
      entry = { ...(o.unit !== undefined ? { unit: o.unit } : {}), difference };
    }
    Object.defineProperty(outputs, o.id, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return { scenario: plan.scenario, run: plan.run, times: [...plan.times], outputs };
}

/** The paired plans of a comparison and its stream layout: recorded columns of every scenario, then the differences. */
export function streamedComparisonLayout(
  shapes: readonly RunShape[],
  only: readonly string[] | undefined,
): StreamLayout & { plans: PairedPlan[] } {
  const plans = shapes.slice(1).map((alt, i) => pairedPlan(shapes[0]!, alt, i + 1, only));
  return { ...streamLayout(shapes, plans), plans };
}

/**
 * Packed paired statistics of columns [from, to) of a plan (column c is the
 * plan's present output floor(c / T) at shared time c % T), from the base's
 * and the alternative's recorded values, [row][time][trial] over `n` trials.
 */
export function pairedStats(
  plan: PairedPlan,
  quantiles: readonly number[],
  baseValues: Float64Array,
  altValues: Float64Array,
  n: number,
  scratch: Float64Array,
  from: number,
  to: number,
): Float64Array {
  const T = plan.times.length;
  const S = pairedStride(quantiles.length);
  const present = plan.outputs.filter((o) => o.absent === undefined);
  const out = new Float64Array((to - from) * S);
  for (let c = from; c < to; c++) {
    const o = present[Math.floor(c / T)]!;
    if (o.absent !== undefined) continue;
    const r = c % T;
    const b = (o.baseRow * plan.baseTimes + plan.baseIdx[r]!) * n;
    const a = (o.altRow * plan.altTimes + plan.altIdx[r]!) * n;
    pairedColumnStats(
      baseValues.subarray(b, b + n),
      altValues.subarray(a, a + n),
      quantiles,
      scratch,
      out,
      (c - from) * S,
    );
  }
  return out;
}
