import type { Problem } from './errors.js';
import { compile } from './model/compile.js';
import type { Model } from './model/model.js';
import { err, ok, type Result } from './result.js';
import { resolveExtends, type ParentResolver } from './scenario/resolve.js';
import type { ScenarioDocument } from './scenario/schema.js';
import { inlineSource, parseSource, type Position, type SourceDocument } from './scenario/source.js';
import { validateDocument } from './scenario/validate.js';
import { simulate, type TrialBlock } from './simulate/simulate.js';
import type { RunResult } from './summarize/document.js';
import { outputsDocument, runDocument, runShape, type RunShape } from './summarize/shape.js';
import { MAX_STREAM_COLUMNS, useSketch, type QuantileChoice } from './summarize/stream.js';
import { streamRun, type StreamState } from './summarize/stream-run.js';
import { newErrorTracker, streamedOutputStats, streamedStatistic, streamLayout } from './summarize/streamed.js';
import { evaluateTargets, outputColumnStats, targetResults } from './summarize/summarize.js';

export interface RunOptions {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
  /** Report only these ids (stocks, variables, parameters, series or shocks). */
  readonly outputs?: readonly string[] | undefined;
  /** `auto` (default): exact quantiles up to SKETCH_THRESHOLD stored values, streamed with the sketch past it. */
  readonly quantileMethod?: QuantileChoice | undefined;
  /** Trials simulated so far and in all, every thousand trials or so (for progress bars). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Work limits of one run in one process, each reported with code `limit`. */
export const RUN_LIMITS = {
  maxTrials: 10_000_000,
  /** recorded values held at once (8 bytes each): 200M is 1.6 GB. */
  maxStoredValues: 200_000_000,
} as const;

/** Parse, resolve `extends`, validate: a flattened, typed document and where each key came from. */
export function loadDocument(
  src: SourceDocument,
  resolve: ParentResolver = () => undefined,
): Result<{ document: ScenarioDocument; source: SourceDocument }, Problem[]> {
  const flat = resolveExtends(src, resolve);
  if (!flat.ok) return flat;
  const valid = validateDocument(flat.value);
  if (!valid.ok) return valid;
  return ok({ document: valid.value, source: flat.value });
}

/** Text to model: every stage's problems, positioned. */
export function prepareText(
  text: string,
  file: string,
  options: { resolve?: ParentResolver; outputs?: readonly string[] | undefined } = {},
): Result<Model, Problem[]> {
  const src = parseSource(text, file);
  if (!src.ok) return src;
  return prepareSource(src.value, options);
}

export function prepareSource(
  src: SourceDocument,
  options: { resolve?: ParentResolver; outputs?: readonly string[] | undefined } = {},
): Result<Model, Problem[]> {
  const loaded = loadDocument(src, options.resolve);
  if (!loaded.ok) return loaded;
  const doc = options.outputs ? { ...loaded.value.document, outputs: [...options.outputs] } : loaded.value.document;
  return compile(doc, loaded.value.source);
}

/** A document given as a value (an API body) rather than text. */
export function prepareValue(
  value: unknown,
  options: { resolve?: ParentResolver; outputs?: readonly string[] | undefined; file?: string } = {},
): Result<Model, Problem[]> {
  const src = inlineSource(value, options.file);
  if (!src.ok) return src;
  return prepareSource(src.value, options);
}

export function trialsAndSeed(model: Model, options: RunOptions): { trials: number; seed: number } {
  return resolveTrialsAndSeed(model.document, options);
}

/** The options' trials and seed, else the document's, else 1000 and 1. */
export function resolveTrialsAndSeed(
  defaults: { readonly trials?: number | undefined; readonly seed?: number | undefined },
  options: RunOptions,
): { trials: number; seed: number } {
  return { trials: options.trials ?? defaults.trials ?? 1000, seed: options.seed ?? defaults.seed ?? 1 };
}

/**
 * Checks a run's size before any memory is taken. A streamed run (given its
 * number of streamed columns) holds no recorded values, but its columns must
 * fit the stream's buffers.
 */
export function checkRunLimits(model: Model, trials: number, streamColumns?: number): Problem[] {
  const at = model.source.locate(['trials']);
  return runLimitProblems({ rows: model.recorded.length, times: model.time.times, trialsAt: at }, trials, streamColumns);
}

/** `checkRunLimits` from a model's shape, for a thread that holds no model. */
export function runLimitProblems(
  shape: { readonly rows: number; readonly times: ArrayLike<number>; readonly trialsAt: Position },
  trials: number,
  streamColumns?: number,
): Problem[] {
  const at = shape.trialsAt;
  const limit = (message: string): Problem[] => [
    { code: 'limit', message, file: at.file, path: ['trials'], line: at.line, column: at.column },
  ];
  if (!Number.isSafeInteger(trials) || trials < 1) return limit(`trials must be a whole number >= 1 (got ${trials})`);
  if (trials > RUN_LIMITS.maxTrials) return limit(`${trials} trials is over the limit of ${RUN_LIMITS.maxTrials}`);
  if (streamColumns !== undefined) {
    return streamColumns > MAX_STREAM_COLUMNS
      ? limit(`${streamColumns} columns (outputs x reporting times) are over the limit of ${MAX_STREAM_COLUMNS} for a streamed run; request fewer outputs`)
      : [];
  }
  const stored = trials * shape.rows * shape.times.length;
  if (stored > RUN_LIMITS.maxStoredValues) {
    return limit(
      `${trials} trials x ${shape.rows} outputs x ${shape.times.length} times is over the limit of ` +
        `${RUN_LIMITS.maxStoredValues} stored values; request fewer outputs or trials`,
    );
  }
  return [];
}

/** Recorded values a run would hold to compute exact quantiles. */
export const storedValues = (model: Model, trials: number): number => trials * model.recorded.length * model.time.times.length;

/** Simulate every trial and summarize: the result document of the format. */
export function runModel(model: Model, options: RunOptions = {}): Result<RunResult, Problem[]> {
  const started = Date.now();
  const { trials, seed } = trialsAndSeed(model, options);
  const columns = model.recorded.length * model.time.times.length;
  const streamed = useSketch(options.quantileMethod, storedValues(model, trials), columns);
  const limits = checkRunLimits(model, trials, streamed ? columns : undefined);
  if (limits.length > 0) return err(limits);
  if (streamed) {
    const shape = runShape(model);
    const state = streamRun([model], streamLayout([shape]).columns, trials, seed, options.onProgress);
    if (!state.ok) return state;
    return ok(streamedRunDocument(model, shape, state.value, 0, { trials, seed, elapsedMs: Date.now() - started }));
  }
  const progress = options.onProgress;
  const block = simulate(model, { seed, from: 0, to: trials, ...(progress ? { onProgress: (done: number) => progress(done, trials) } : {}) });
  if (!block.ok) return block;
  progress?.(trials, trials);
  return ok(summarize(model, block.value, { trials, seed, elapsedMs: Date.now() - started }));
}

/** The result document of a streamed run whose columns start at `first` in its stream layout. */
export function streamedRunDocument(
  model: Model,
  shape: RunShape,
  state: StreamState,
  first: number,
  run: { trials: number; seed: number; elapsedMs: number },
): RunResult {
  const err = newErrorTracker();
  const outputs = outputsDocument(shape, streamedOutputStats(shape, state, first, err));
  const T = shape.times.length;
  const targets = targetResults(model, (id, r, stat) => streamedStatistic(state, first + model.recorded.indexOf(id) * T + r, stat, err));
  return runDocument(shape, { ...run, method: 'sketch', rankError: err[0] }, outputs, targets);
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

/** Text in, result out: the whole chain in one call. */
export function runText(
  text: string,
  file: string,
  options: RunOptions & { resolve?: ParentResolver } = {},
): Result<RunResult, Problem[]> {
  const model = prepareText(text, file, options);
  if (!model.ok) return model;
  return runModel(model.value, options);
}
