import { pairedColumns, pairedStride, type PairedPlan } from '../compare/paired.js';
import type { Model } from '../model/model.js';
import type { OutputSummary, RunResult, TargetResult } from './document.js';
import { finishPartial, PARTIAL } from './partial.js';
import { outputsDocument, runDocument, statsStride, type RunShape } from './shape.js';
import { sketchQuantile } from './sketch.js';
import type { StreamColumn } from './stream.js';
import type { StreamState } from './stream-run.js';
import { targetResults } from './summarize.js';

/**
 * The streamed columns of a run, or of a comparison: every recorded column of
 * each scenario (scenario i's column c is `valueStart[i] + c`), then per
 * alternative, per paired column j of its plan, the difference and the
 * relative difference (at `pairedStart[a] + 2j` and `+ 2j + 1`).
 */
export interface StreamLayout {
  readonly columns: StreamColumn[];
  readonly valueStart: number[];
  readonly pairedStart: number[];
}

export function streamLayout(shapes: readonly RunShape[], plans: readonly PairedPlan[] = []): StreamLayout {
  const columns: StreamColumn[] = [];
  const valueStart: number[] = [];
  shapes.forEach((s, scenario) => {
    valueStart.push(columns.length);
    for (let column = 0; column < s.rows * s.times.length; column++) columns.push({ kind: 'value', scenario, column });
  });
  const pairedStart: number[] = [];
  plans.forEach((plan, a) => {
    pairedStart.push(columns.length);
    const scenario = a + 1;
    const T = plan.times.length;
    for (const o of plan.outputs) {
      if (o.absent !== undefined) continue;
      for (let r = 0; r < T; r++) {
        const base = o.baseRow * plan.baseTimes + plan.baseIdx[r]!;
        const column = o.altRow * plan.altTimes + plan.altIdx[r]!;
        columns.push({ kind: 'diff', scenario, column, base }, { kind: 'rel', scenario, column, base });
      }
    }
  });
  return { columns, valueStart, pairedStart };
}

/** The largest rank error (share of a column's values in one bucket) of any estimate so far. */
export const newErrorTracker = (): Float64Array => new Float64Array(1);

/** Packed output statistics of a streamed run (as `outputColumnStats` packs exact ones); `err` tracks the rank error. */
export function streamedOutputStats(
  shape: RunShape,
  state: StreamState,
  first: number,
  err: Float64Array,
): Float64Array {
  const T = shape.times.length;
  const S = statsStride(shape.quantiles.length);
  const out = new Float64Array(shape.outputs.length * T * S);
  shape.outputs.forEach((o, oi) => {
    for (let r = 0; r < T; r++) {
      const c = first + o.row * T + r;
      const m = finishPartial(state.acc, c * PARTIAL);
      const at = (oi * T + r) * S;
      out[at] = m.mean;
      out[at + 1] = m.sd;
      out[at + 2] = m.min;
      out[at + 3] = m.max;
      shape.quantiles.forEach((q, i) => {
        out[at + 4 + i] = sketchQuantile(state.bounds, state.counts, c, m.n, m.min, m.max, q, err);
      });
    }
  });
  return out;
}

/** A statistic (`mean`, `p50`) of streamed column c, for targets. */
export function streamedStatistic(state: StreamState, c: number, stat: string, err: Float64Array): number {
  const m = finishPartial(state.acc, c * PARTIAL);
  if (stat === 'mean') return m.mean;
  return sketchQuantile(state.bounds, state.counts, c, m.n, m.min, m.max, Number(stat.slice(1)) / 100, err);
}

/** Packed paired statistics of one alternative (as `pairedStats` packs exact ones). */
export function streamedPairedStats(
  plan: PairedPlan,
  quantiles: readonly number[],
  state: StreamState,
  first: number,
  err: Float64Array,
): Float64Array {
  const S = pairedStride(quantiles.length);
  const q = quantiles.length;
  const columns = pairedColumns(plan);
  const out = new Float64Array(columns * S);
  for (let j = 0; j < columns; j++) {
    const d = first + 2 * j;
    const diff = finishPartial(state.acc, d * PARTIAL);
    const rel = finishPartial(state.acc, (d + 1) * PARTIAL);
    const at = j * S;
    out[at] = diff.mean;
    quantiles.forEach(
      (p, i) => (out[at + 1 + i] = sketchQuantile(state.bounds, state.counts, d, diff.n, diff.min, diff.max, p, err)),
    );
    out[at + 1 + q] =
      rel.n === 0 ? 0 : sketchQuantile(state.bounds, state.counts, d + 1, rel.n, rel.min, rel.max, 0.5, err);
    out[at + 2 + q] = rel.n === 0 ? 0 : 1;
    out[at + 3 + q] = state.acc[d * PARTIAL + 5]! / diff.n;
    out[at + 4 + q] = state.acc[d * PARTIAL + 6]! / diff.n;
  }
  return out;
}

/** The result document of a streamed run whose columns start at `first` in its stream layout. */
export function streamedRunDocument(
  model: Model,
  shape: RunShape,
  state: StreamState,
  first: number,
  run: { trials: number; seed: number; elapsedMs: number },
): RunResult {
  const { outputs, targets, rankError } = streamedSummaries(model, shape, state, first);
  return runDocument(shape, { ...run, method: 'sketch', rankError }, outputs, targets);
}

/** Output summaries, targets and the largest rank error of a streamed run whose columns start at `first`. */
export function streamedSummaries(
  model: Model,
  shape: RunShape,
  state: StreamState,
  first: number,
): { outputs: Record<string, OutputSummary>; targets: TargetResult[]; rankError: number } {
  const err = newErrorTracker();
  const outputs = outputsDocument(shape, streamedOutputStats(shape, state, first, err));
  const T = shape.times.length;
  const targets = targetResults(model, (id, r, stat) =>
    streamedStatistic(state, first + model.recorded.indexOf(id) * T + r, stat, err),
  );
  return { outputs, targets, rankError: err[0]! };
}
