/*
 * The engine's own work limits, and the defaults of a run: one home for
 * both. A plan checks these when it is made, before any work.
 */
import type { KeyPath, Problem } from './errors.js';
import type { Model } from './model/model.js';
import { MAX_STREAM_COLUMNS } from './summarize/stream.js';

/** Trials and seed of a run that neither the document nor the caller sets. */
export const DEFAULT_TRIALS = 1000;
export const DEFAULT_SEED = 1;

/** What a caller may ask of a run. */
export interface TrialOptions {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
}

/** Work limits of one run in one process, each reported with code `limit`. */
export const RUN_LIMITS = {
  maxTrials: 10_000_000,
  /** recorded values held at once (8 bytes each): 200M is 1.6 GB. */
  maxStoredValues: 200_000_000,
  /**
   * Operations of one request: every trial's work (see Model.trialOperations)
   * plus sorting for summaries, summed over the runs of a comparison, the
   * probes of an assumption check or the runs and bootstrap of a sensitivity
   * analysis. Measured at 0.2-3 ns an operation on one core: about a minute
   * to ten minutes of work, a million trials of the report's baseline.
   */
  maxOperations: 250_000_000_000,
  /** Property runs per assumption of `check`. */
  maxCheckRuns: 1_000_000,
  /** Shrink steps per violated assumption of `check`. */
  maxCheckShrinks: 2_000,
} as const;

/** The options' trials and seed, else the document's, else DEFAULT_TRIALS and DEFAULT_SEED. */
export function trialsAndSeed(model: Model, options: TrialOptions): { trials: number; seed: number } {
  return {
    trials: options.trials ?? model.document.trials ?? DEFAULT_TRIALS,
    seed: seedOf(model, options.seed),
  };
}

/** The seed asked for, else the document's, else DEFAULT_SEED: every analysis's seed. */
export const seedOf = (model: Model, asked: number | undefined): number => asked ?? model.document.seed ?? DEFAULT_SEED;

/**
 * Checks a run's size before any memory is taken. A streamed run (given its
 * number of streamed columns) holds no recorded values, but its columns must
 * fit the stream's buffers.
 */
export function checkRunLimits(model: Model, trials: number, streamColumns?: number): Problem[] {
  const limit = limitAt(model, ['trials']);
  if (!Number.isSafeInteger(trials) || trials < 1) return limit(`trials must be a whole number >= 1 (got ${trials})`);
  if (trials > RUN_LIMITS.maxTrials)
    return limit(`${trials} trials is over the limit of ${RUN_LIMITS.maxTrials} (maxTrials)`);
  if (streamColumns !== undefined) {
    if (streamColumns > MAX_STREAM_COLUMNS) {
      return limit(
        `${streamColumns} columns (outputs x reporting times) are over the limit of ${MAX_STREAM_COLUMNS} for a streamed run; request fewer outputs`,
      );
    }
  } else {
    const rows = model.recorded.length;
    const times = model.time.times.length;
    if (storedValues(model, trials) > RUN_LIMITS.maxStoredValues) {
      return limit(
        `${trials} trials x ${rows} outputs x ${times} times is over the limit of ` +
          `${RUN_LIMITS.maxStoredValues} stored values (maxStoredValues); request fewer outputs or trials`,
      );
    }
  }
  return operationProblems(model, runOperations(model, trials), `${trials} trials`);
}

/** A run's operations: its trials, then sorting each summarized column (outputs, and targets' columns twice). */
export function runOperations(model: Model, trials: number): number {
  const columns = model.outputs.length * model.time.times.length + 2 * (model.document.targets?.length ?? 0);
  return trials * model.trialOperations + columns * sortOperations(trials);
}

const sortOperations = (n: number) => n * Math.ceil(Math.log2(n + 1));

/** A comparison runs every scenario with the same trials; the paired differences sort each shared column twice more per alternative. */
export function compareOperations(models: readonly Model[], trials: number): number {
  let total = 0;
  models.forEach((m, i) => {
    total += runOperations(m, trials);
    if (i > 0) total += 2 * m.outputs.length * m.time.times.length * sortOperations(trials);
  });
  return total;
}

/** A comparison's operations against the limit; the scenarios' own run limits are checked where each of them runs. */
export function checkCompareLimits(models: readonly Model[], trials: number): Problem[] {
  if (models.length === 0) return [];
  const what = `comparing ${models.length} scenarios over ${trials} trials`;
  return operationProblems(models[0]!, compareOperations(models, trials), what);
}

/** fast-check takes 100-800 ns to generate one value of a per-step sequence: about 1,000 operations. */
const GENERATED_VALUE_OPERATIONS = 1_000;

/**
 * An assumption check probes one trial per property run and per shrink step
 * (two for `monotone`): bounded before it starts, shrinking included.
 */
export function checkSearchLimits(model: Model, runs: number): Problem[] {
  const limit = limitAt(model, ['assumptions']);
  if (!Number.isSafeInteger(runs) || runs < 1) return limit(`runs must be a whole number >= 1 (got ${runs})`);
  if (runs > RUN_LIMITS.maxCheckRuns)
    return limit(`${runs} runs is over the limit of ${RUN_LIMITS.maxCheckRuns} (maxCheckRuns)`);
  const what = `checking ${model.document.assumptions?.length ?? 0} assumptions with ${runs} runs`;
  return operationProblems(model, checkSearchOperations(model, runs), what);
}

/** A check's probes, shrinking included, and the per-step inputs fast-check generates for them. */
export function checkSearchOperations(model: Model, runs: number): number {
  let probes = 0;
  for (const a of model.document.assumptions ?? [])
    probes += ('holds' in a ? 1 : 2) * (runs + RUN_LIMITS.maxCheckShrinks + 1);
  // A probe also has fast-check generate (or shrink) its per-step inputs, one value per step each.
  const generated = model.parameters.filter((p) => p.per === 'step').length * (model.time.steps + 1);
  return probes * (model.trialOperations + generated * GENERATED_VALUE_OPERATIONS);
}

function operationProblems(model: Model, operations: number, what: string): Problem[] {
  if (operations <= RUN_LIMITS.maxOperations) return [];
  return limitAt(model, ['trials'])(
    `${what} is about ${operations.toPrecision(3)} operations, over the limit of ${RUN_LIMITS.maxOperations} (maxOperations); ` +
      'use fewer trials, steps (a larger dt), variables or outputs',
  );
}

function limitAt(model: Model, path: KeyPath) {
  const at = model.source.locate(path);
  return (message: string): Problem[] => [
    { code: 'limit', message, file: at.file, path, line: at.line, column: at.column },
  ];
}

/** Recorded values a run would hold to compute exact quantiles. */
export const storedValues = (model: Model, trials: number): number =>
  trials * model.recorded.length * model.time.times.length;
