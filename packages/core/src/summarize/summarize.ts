import type { Model } from '../model/model.js';
import { reportIndex } from '../model/time.js';
import type { TrialBlock } from '../simulate/simulate.js';
import type { RunResult, TargetResult } from './document.js';
import { outputsDocument, runDocument, runShape, statsStride, type RunShape } from './shape.js';
import { exactQuantiles } from './select.js';
import { moments } from './stats.js';

export { DEFAULT_QUANTILES } from './shape.js';

/** One recorded column (a symbol at a reporting time) across all trials of the block. */
export function column(model: Model, block: TrialBlock, id: string, timeIndex: number): Float64Array {
  const row = model.recorded.indexOf(id);
  if (row < 0) throw new Error(`internal: '${id}' is not recorded`);
  const n = block.to - block.from;
  const start = (row * block.times + timeIndex) * n;
  return block.values.subarray(start, start + n);
}

/**
 * Exact statistics of one column into `out` at `at`: mean, sd, min, max, then
 * each quantile. `scratch` (at least as long as `col`) receives a scrambled copy.
 */
export function columnStats(
  col: Float64Array,
  quantiles: readonly number[],
  scratch: Float64Array,
  out: Float64Array,
  at: number,
): void {
  const m = moments(col);
  out[at] = m.mean;
  out[at + 1] = m.sd;
  out[at + 2] = m.min;
  out[at + 3] = m.max;
  const copy = scratch.subarray(0, col.length);
  copy.set(col);
  exactQuantiles(copy, quantiles, out, at + 4);
}

/**
 * Exact statistics of output columns [from, to) (column c is output
 * floor(c / T) at time c % T) over `values`, laid out [row][time][trial] with
 * `n` trials: packed as `outputsDocument` reads them.
 */
export function outputColumnStats(
  shape: RunShape,
  values: Float64Array,
  n: number,
  from: number,
  to: number,
  scratch: Float64Array = new Float64Array(n),
): Float64Array {
  const T = shape.times.length;
  const S = statsStride(shape.quantiles.length);
  const out = new Float64Array((to - from) * S);
  for (let c = from; c < to; c++) {
    const row = shape.outputs[Math.floor(c / T)]!.row;
    const start = (row * T + (c % T)) * n;
    columnStats(values.subarray(start, start + n), shape.quantiles, scratch, out, (c - from) * S);
  }
  return out;
}

/** A statistic (`mean`, `p50`, `p97.5`) of one column. */
export function statistic(col: Float64Array, stat: string): number {
  if (stat === 'mean') return moments(col).mean;
  const out = new Float64Array(1);
  exactQuantiles(Float64Array.from(col), [Number(stat.slice(1)) / 100], out, 0);
  return out[0]!;
}

/** Every target of the model, each statistic taken by `stat(id, timeIndex, stat)`. */
export function targetResults(
  model: Model,
  stat: (id: string, timeIndex: number, stat: string) => number,
): TargetResult[] {
  return (model.document.targets ?? []).map((t) => {
    const name = t.stat ?? 'p50';
    const tolerance = t.tolerance ?? 0.05;
    // Over a year, the row of the variable's integral over [x, x + 1] at reporting time x.
    const row = t.over === 'year' ? model.annualTotals.get(t.variable)! : t.variable;
    const at = stat(row, reportIndex(model.time, t.time), name);
    const base = t.relative_to === undefined ? 1 : stat(row, reportIndex(model.time, t.relative_to), name);
    const actual = at / base;
    const finite = Number.isFinite(actual);
    const pass = finite && Math.abs(actual - t.value) <= tolerance * Math.abs(t.value);
    return {
      variable: t.variable,
      time: t.time,
      ...(t.relative_to !== undefined ? { relative_to: t.relative_to } : {}),
      ...(t.over !== undefined ? { over: t.over } : {}),
      stat: name,
      value: t.value,
      actual: finite ? actual : null,
      tolerance,
      pass,
      ...(t.source !== undefined ? { source: t.source } : {}),
    };
  });
}

export function evaluateTargets(model: Model, block: TrialBlock): TargetResult[] {
  return targetResults(model, (id, r, stat) => statistic(column(model, block, id, r), stat));
}

/** The result document from a complete block of trials [0, trials). */
export function summarize(
  model: Model,
  block: TrialBlock,
  run: { trials: number; seed: number; elapsedMs: number },
): RunResult {
  const shape = runShape(model);
  const n = block.to - block.from;
  const stats = outputColumnStats(shape, block.values, n, 0, shape.outputs.length * shape.times.length);
  return runDocument(shape, { ...run, method: 'exact' }, outputsDocument(shape, stats), evaluateTargets(model, block));
}
