import type { Model } from '../model/model.js';
import { reportIndex } from '../model/time.js';
import type { TrialBlock } from '../simulate/simulate.js';
import { quantileKey, type OutputSummary, type TargetResult } from './document.js';
import { moments, quantileSorted } from './stats.js';

export const DEFAULT_QUANTILES: readonly number[] = [0.05, 0.25, 0.5, 0.75, 0.95];

/** One recorded column (a symbol at a reporting time) across all trials of the block. */
export function column(model: Model, block: TrialBlock, id: string, timeIndex: number): Float64Array {
  const row = model.recorded.indexOf(id);
  if (row < 0) throw new Error(`internal: '${id}' is not recorded`);
  const n = block.to - block.from;
  const start = (row * block.times + timeIndex) * n;
  return block.values.subarray(start, start + n);
}

/** Summaries of every output along the reporting times; one scratch buffer serves every sort. */
export function summarizeOutputs(
  model: Model,
  block: TrialBlock,
  quantiles: readonly number[],
): Record<string, OutputSummary> {
  const n = block.to - block.from;
  const scratch = new Float64Array(n);
  const out: Record<string, OutputSummary> = {};
  for (const id of model.outputs) {
    const T = block.times;
    const s = { mean: new Array<number>(T), sd: new Array<number>(T), min: new Array<number>(T), max: new Array<number>(T) };
    const qs = quantiles.map(() => new Array<number>(T));
    for (let r = 0; r < T; r++) {
      const col = column(model, block, id, r);
      const m = moments(col);
      s.mean[r] = m.mean;
      s.sd[r] = m.sd;
      s.min[r] = m.min;
      s.max[r] = m.max;
      scratch.set(col);
      scratch.sort();
      quantiles.forEach((q, i) => (qs[i]![r] = quantileSorted(scratch, q)));
    }
    const unit = model.symbols.get(id)?.unit;
    const summary: OutputSummary = { ...(unit !== undefined ? { unit } : {}), ...s, quantiles: {} };
    quantiles.forEach((q, i) => (summary.quantiles[quantileKey(q)] = qs[i]!));
    Object.defineProperty(out, id, { value: summary, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A statistic (`mean`, `p50`, `p97.5`) of one column. */
export function statistic(col: Float64Array, stat: string): number {
  if (stat === 'mean') return moments(col).mean;
  const sorted = Float64Array.from(col).sort();
  return quantileSorted(sorted, Number(stat.slice(1)) / 100);
}

export function evaluateTargets(model: Model, block: TrialBlock): TargetResult[] {
  return (model.document.targets ?? []).map((t) => {
    const stat = t.stat ?? 'p50';
    const tolerance = t.tolerance ?? 0.05;
    const at = statistic(column(model, block, t.variable, reportIndex(model.time, t.time)), stat);
    const base = t.relative_to === undefined
      ? 1
      : statistic(column(model, block, t.variable, reportIndex(model.time, t.relative_to)), stat);
    const actual = at / base;
    const finite = Number.isFinite(actual);
    const pass = finite && Math.abs(actual - t.value) <= tolerance * Math.abs(t.value);
    return {
      variable: t.variable,
      time: t.time,
      ...(t.relative_to !== undefined ? { relative_to: t.relative_to } : {}),
      stat,
      value: t.value,
      actual: finite ? actual : null,
      tolerance,
      pass,
      ...(t.source !== undefined ? { source: t.source } : {}),
    };
  });
}
