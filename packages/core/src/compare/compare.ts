import { capProblems, type Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import { nonFiniteComparison } from '../finite.js';
import { checkCompareLimits, checkRunLimits, summarize, trialsAndSeed } from '../run.js';
import { simulate, type TrialBlock } from '../simulate/simulate.js';
import { quantileKey, type RunResult } from '../summarize/document.js';
import { moments, quantileSorted } from '../summarize/stats.js';
import { column, DEFAULT_QUANTILES } from '../summarize/summarize.js';
import type { AlternativeComparison, ComparisonResult, OutputComparison, PairedDifference } from './document.js';

export interface CompareOptions {
  /** Trials of every scenario (default: the base's, else 1000). */
  readonly trials?: number | undefined;
  /** Seed of every scenario (default: the base's, else 1). */
  readonly seed?: number | undefined;
  /** Compare only these ids; each must be an output of base or of an alternative. */
  readonly outputs?: readonly string[] | undefined;
}

interface Ran {
  readonly model: Model;
  readonly block: TrialBlock;
  readonly result: RunResult;
}

function runOne(model: Model, trials: number, seed: number): Result<Ran, Problem[]> {
  const started = Date.now();
  const limits = checkRunLimits(model, trials);
  if (limits.length > 0) return err(limits);
  const block = simulate(model, { seed, from: 0, to: trials });
  if (!block.ok) return err(capProblems(block.error));
  return ok({ model, block: block.value, result: summarize(model, block.value, { trials, seed, elapsedMs: Date.now() - started }) });
}

const usage = (model: Model, message: string): Problem => {
  const at = model.source.locate([]);
  return { code: 'usage', message, file: at.file, path: [], line: at.line, column: at.column };
};

/**
 * Run the base and every alternative with one seed and trial count, and
 * compare each alternative with the base trial by trial. Streams are keyed by
 * (seed, trial, name), so trial k of both shares every draw whose name both
 * scenarios use, and the paired differences carry only the effect of what
 * differs. Reporting grids that differ are compared on the times they share;
 * an alternative that shares none is a `usage` problem.
 */
export function compareModels(
  base: Model,
  alternatives: readonly Model[],
  options: CompareOptions = {},
): Result<ComparisonResult, Problem[]> {
  const { trials, seed } = trialsAndSeed(base, options);
  const problems: Problem[] = [];
  if (options.outputs) {
    for (const id of options.outputs) {
      if (![base, ...alternatives].some((m) => m.outputs.includes(id))) {
        problems.push(usage(base, `'${id}' is not an output of any compared scenario`));
      }
    }
  }
  for (const alt of alternatives) {
    if (!alt.time.times.some((t) => base.time.times.includes(t))) {
      problems.push(usage(alt, `'${alt.document.id}' shares no reporting time with the base '${base.document.id}'`));
    }
  }
  if (problems.length > 0) return err(problems);
  const limits = checkCompareLimits(base, alternatives, trials);
  if (limits.length > 0) return err(limits);

  const baseRan = runOne(base, trials, seed);
  if (!baseRan.ok) return baseRan;
  const quantiles = [...(base.document.quantiles ?? DEFAULT_QUANTILES)];
  if (!quantiles.includes(0.5)) quantiles.push(0.5);
  quantiles.sort((a, b) => a - b);
  // One buffer serves every column of every comparison.
  const scratch = new Float64Array(trials);
  const runs: RunResult[] = [baseRan.value.result];
  const comparisons: AlternativeComparison[] = [];
  for (const alt of alternatives) {
    const altRan = runOne(alt, trials, seed);
    if (!altRan.ok) return altRan;
    runs.push(altRan.value.result);
    comparisons.push(compareOne(baseRan.value, altRan.value, runs.length - 1, quantiles, scratch, options.outputs));
  }
  const result: ComparisonResult = { base: base.document.id, trials, seed, runs, comparisons };
  const bad = nonFiniteComparison([base, ...alternatives], result);
  return bad ? err([bad]) : ok(result);
}

function compareOne(
  base: Ran,
  alt: Ran,
  run: number,
  quantiles: readonly number[],
  scratch: Float64Array,
  only: readonly string[] | undefined,
): AlternativeComparison {
  const times = Array.from(alt.model.time.times).filter((t) => base.model.time.times.includes(t));
  const baseIdx = times.map((t) => base.model.time.times.indexOf(t));
  const altIdx = times.map((t) => alt.model.time.times.indexOf(t));
  const ids = only ?? [...new Set([...base.model.outputs, ...alt.model.outputs])];
  const outputs: Record<string, OutputComparison> = {};
  for (const id of ids) {
    const inBase = base.model.outputs.includes(id);
    const inAlt = alt.model.outputs.includes(id);
    let entry: OutputComparison;
    if (!inBase) entry = { absent: 'base' };
    else if (!inAlt) entry = { absent: 'alternative' };
    else {
      const unit = base.model.symbols.get(id)?.unit ?? alt.model.symbols.get(id)?.unit;
      const difference = pairedDifference(base, alt, id, baseIdx, altIdx, quantiles, scratch);
      entry = { ...(unit !== undefined ? { unit } : {}), difference };
    }
    Object.defineProperty(outputs, id, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return { scenario: alt.model.document.id, run, times, outputs };
}

function pairedDifference(
  base: Ran,
  alt: Ran,
  id: string,
  baseIdx: readonly number[],
  altIdx: readonly number[],
  quantiles: readonly number[],
  scratch: Float64Array,
): PairedDifference {
  const T = baseIdx.length;
  const mean = new Array<number>(T);
  const qs = quantiles.map(() => new Array<number>(T));
  const relative = new Array<number | null>(T);
  const pGreater = new Array<number>(T);
  for (let r = 0; r < T; r++) {
    const b = column(base.model, base.block, id, baseIdx[r]!);
    const a = column(alt.model, alt.block, id, altIdx[r]!);
    const n = b.length;
    let greater = 0;
    for (let k = 0; k < n; k++) {
      const d = a[k]! - b[k]!;
      scratch[k] = d;
      if (d > 0) greater++;
    }
    mean[r] = moments(scratch).mean;
    pGreater[r] = greater / n;
    scratch.sort();
    quantiles.forEach((q, i) => (qs[i]![r] = quantileSorted(scratch, q)));
    let m = 0;
    for (let k = 0; k < n; k++) {
      const bk = b[k]!;
      if (bk !== 0) scratch[m++] = (a[k]! - bk) / Math.abs(bk);
    }
    if (m === 0) relative[r] = null;
    else {
      const rel = scratch.subarray(0, m).sort();
      relative[r] = quantileSorted(rel, 0.5);
    }
  }
  const out: PairedDifference = { mean, quantiles: {}, relative_p50: relative, p_greater: pGreater };
  quantiles.forEach((q, i) => (out.quantiles[quantileKey(q)] = qs[i]!));
  return out;
}
