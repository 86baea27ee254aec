/*
 * The cost of a plan, worked out before any work, and its identity. Core
 * counts (and checks its own limits); a server or a command line only
 * compares the counts with its budgets.
 */
import type { KeyPath } from '../errors.js';
import { canonicalJson } from '../hash/canonical.js';
import { sha256Hex } from '../hash/sha256.js';
import { storedValues } from '../limits.js';
import type { Model } from '../model/model.js';
import { grouped } from '../text.js';
import { ENGINE_VERSION } from '../version.js';
import { comparisonResultSize, runResultSize, type ResultSize } from './result-size.js';
import { runShape, type RunShape } from '../summarize/shape.js';
import type { CostMeasure, PlanCost, ResultMeasure, StepsMeasure } from './types.js';

export function measure(model: Model, path: KeyPath, amount: number, counted: string, fewer = ''): CostMeasure {
  const p = model.source.locate(path);
  return { amount, counted, fewer, path, at: { file: p.file, line: p.line, column: p.column } };
}

/** A result's size as a cost: its bytes at most, with what was counted and what to ask less of. */
export function resultMeasure(
  model: Model,
  path: KeyPath,
  size: ResultSize,
  counted: string,
  fewer: string,
): ResultMeasure {
  return { ...measure(model, path, size.bytes, counted, fewer), values: size.values };
}

/** What to ask less of for a smaller run or comparison document. */
const FEWER_RESULT = 'ask for fewer outputs (`outputs`, --outputs), a coarser `time.report` or fewer scenarios';

/** The words for a run's or a comparison's document: what its size is made of. */
function resultCounted(shapes: readonly RunShape[]): string {
  const first = shapes[0]!;
  const outputs = shapes.reduce((sum, s) => sum + s.outputs.length, 0);
  const stats = 4 + first.quantiles.length;
  const what = `${grouped(outputs)} outputs x ${grouped(first.times.length)} reporting times x ${stats} statistics`;
  return shapes.length === 1 ? what : `${what}, over ${shapes.length} scenarios, and their paired differences`;
}

export function stepsOf(models: readonly Model[]): StepsMeasure[] {
  return models.map((m) => {
    const p = m.source.locate(['time']);
    return { scenario: m.document.id, steps: m.time.steps, at: { file: p.file, line: p.line, column: p.column } };
  });
}

/**
 * A run of every model with `trials` each (one model: a run; several: a
 * comparison of the outputs `only`, else all of them).
 */
export function trialsCost(
  models: readonly Model[],
  trials: number,
  operations: number,
  only?: readonly string[],
  shapes: readonly RunShape[] = models.map(runShape),
): PlanCost {
  const first = models[0]!;
  const size = models.length === 1 ? runResultSize(shapes[0]!, first) : comparisonResultSize(shapes, models, only);
  const steps = models.reduce((sum, m) => sum + trials * m.time.steps, 0);
  const counted =
    models.length === 1
      ? `${grouped(trials)} trials x ${grouped(first.time.steps)} steps`
      : `${models.length} scenarios x ${grouped(trials)} trials x their steps`;
  return {
    runs: measure(first, ['trials'], trials * models.length, `${grouped(trials * models.length)} trials`),
    trials: measure(first, ['trials'], trials, `${grouped(trials)} trials`),
    trialSteps: measure(first, ['trials'], steps, counted, 'ask for fewer trials or scenarios'),
    storedValues: measure(
      first,
      ['outputs'],
      models.reduce((sum, m) => sum + storedValues(m, trials), 0),
      'trials x outputs x reporting times',
      'ask for fewer outputs or trials',
    ),
    operations,
    steps: stepsOf(models),
    result: resultMeasure(first, ['outputs'], size, resultCounted(shapes), FEWER_RESULT),
  };
}

/** What determines a plan's result, hashed: equal identities give equal results. */
export function identityOf(kind: string, scenarios: readonly string[], options: unknown): string {
  return sha256Hex(canonicalJson({ engine: ENGINE_VERSION, kind, scenarios, options }));
}
