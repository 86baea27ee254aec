import { capProblems, requestProblem, type KeyPath, type Problem } from './errors.js';
import { nonFiniteRun } from './finite.js';
import { compile } from './model/compile.js';
import type { Model } from './model/model.js';
import { problemsPastSchema } from './model/past-schema.js';
import { err, ok, type Result } from './result.js';
import { resolveExtends, type ParentResolver } from './scenario/resolve.js';
import type { ScenarioDocument } from './scenario/schema.js';
import { inlineSource, parseSource, type Position, type SourceDocument } from './scenario/source.js';
import { asWrittenProblems, validateDocument } from './scenario/validate.js';
import { simulate, type TrialBlock } from './simulate/simulate.js';
import type { OutputSummary, RunResult, TargetResult } from './summarize/document.js';
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

/**
 * Parse, resolve `extends`, validate: a flattened, typed document and where
 * each key came from. Problems come all at once: a chain that cannot be
 * resolved comes with what the file's own shape shows, and a document the
 * schema refuses with what the compiler finds in the rest of it.
 */
export function loadDocument(
  src: SourceDocument,
  resolve: ParentResolver = () => undefined,
): Result<{ document: ScenarioDocument; source: SourceDocument }, Problem[]> {
  const flat = resolveExtends(src, resolve);
  if (!flat.ok) return err(capProblems([...flat.error, ...asWrittenProblems(src)]));
  const valid = validateDocument(flat.value);
  if (!valid.ok) return err(capProblems([...valid.error, ...problemsPastSchema(flat.value)]));
  return ok({ document: valid.value, source: flat.value });
}

/** Text to model: every stage's problems, positioned. */
export function prepareText(text: string, file: string, options: PrepareOptions = {}): Result<Model, Problem[]> {
  const src = parseSource(text, file);
  if (!src.ok) return src;
  return prepareSource(src.value, options);
}

export interface PrepareOptions {
  readonly resolve?: ParentResolver;
  /** Outputs to record instead of the document's. */
  readonly outputs?: readonly string[] | undefined;
  /**
   * Keep only the `outputs` this scenario defines, as a comparison does: a
   * scenario records only its own symbols, and an id only some of the
   * compared scenarios define is reported absent from the others.
   */
  readonly ownOutputs?: boolean | undefined;
}

export function prepareSource(src: SourceDocument, options: PrepareOptions = {}): Result<Model, Problem[]> {
  const loaded = loadDocument(src, options.resolve);
  if (!loaded.ok) return loaded;
  const full = () => compile(loaded.value.document, loaded.value.source);
  if (!options.outputs) return full();
  let outputs = options.outputs;
  if (options.ownOutputs) {
    const own = full();
    if (!own.ok) return own;
    outputs = outputs.filter((id) => own.value.symbols.has(id));
  }
  const compiled = compile({ ...loaded.value.document, outputs: [...outputs] }, loaded.value.source);
  if (compiled.ok) return compiled;
  // Outputs asked for with the run (`--outputs`, a request's `outputs`) are not the
  // file's: a problem with one is the request's, not a place in the file.
  return err(
    compiled.error.map((p) =>
      p.path[0] === 'outputs' ? requestProblem(p.message, p.path, p.code === 'unknown-symbol' ? 'usage' : p.code) : p,
    ),
  );
}

/** A document given as a value (an API body) rather than text. */
export function prepareValue(
  value: unknown,
  options: PrepareOptions & { readonly file?: string } = {},
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
  return runLimitProblems(workShape(model, at), trials, streamColumns);
}

/** What the run limits need to know of a model (a `RunShape` has it all). */
export interface WorkShape {
  readonly rows: number;
  readonly times: ArrayLike<number>;
  readonly trialsAt: Position;
  /** Operations of one trial (`Model.trialOperations`). */
  readonly operations: number;
  /** Output columns summarized: outputs x reporting times. */
  readonly outputs: readonly unknown[];
  /** Targets, each a column sorted twice. */
  readonly targets: number;
}

const workShape = (model: Model, trialsAt: Position): WorkShape => ({
  rows: model.recorded.length,
  times: model.time.times,
  trialsAt,
  operations: model.trialOperations,
  outputs: model.outputs,
  targets: model.document.targets?.length ?? 0,
});

/** `checkRunLimits` from a model's shape, for a thread that holds no model. */
export function runLimitProblems(shape: WorkShape, trials: number, streamColumns?: number): Problem[] {
  const at = shape.trialsAt;
  const limit = (message: string): Problem[] => [
    { code: 'limit', message, file: at.file, path: ['trials'], line: at.line, column: at.column },
  ];
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
    const stored = trials * shape.rows * shape.times.length;
    if (stored > RUN_LIMITS.maxStoredValues) {
      return limit(
        `${trials} trials x ${shape.rows} outputs x ${shape.times.length} times is over the limit of ` +
          `${RUN_LIMITS.maxStoredValues} stored values (maxStoredValues); request fewer outputs or trials`,
      );
    }
  }
  return operationProblems(shape.trialsAt, shapeOperations(shape, trials), `${trials} trials`);
}

/** A run's operations: its trials, then sorting each summarized column (outputs, and targets' columns twice). */
export function runOperations(model: Model, trials: number): number {
  return shapeOperations(workShape(model, { file: '', line: 1, column: 1 }), trials);
}

function shapeOperations(shape: WorkShape, trials: number): number {
  const outputs = shape.outputs.length;
  const columns = outputs * shape.times.length + 2 * shape.targets;
  return trials * shape.operations + columns * sortOperations(trials);
}

const sortOperations = (n: number) => n * Math.ceil(Math.log2(n + 1));

/**
 * A comparison runs every scenario with the same trials; the paired
 * differences sort each shared column twice more per alternative. The
 * scenarios' own run limits are checked where each of them runs.
 */
export function comparisonLimitProblems(shapes: readonly WorkShape[], trials: number): Problem[] {
  const [base, ...alternatives] = shapes;
  if (!base) return [];
  let total = shapeOperations(base, trials);
  for (const alt of alternatives) {
    const outputs = alt.outputs.length;
    total += shapeOperations(alt, trials) + 2 * outputs * alt.times.length * sortOperations(trials);
  }
  return operationProblems(base.trialsAt, total, `comparing ${shapes.length} scenarios over ${trials} trials`);
}

/** `comparisonLimitProblems` of compiled models. */
export function checkCompareLimits(base: Model, alternatives: readonly Model[], trials: number): Problem[] {
  return comparisonLimitProblems(
    [base, ...alternatives].map((m) => workShape(m, m.source.locate(['trials']))),
    trials,
  );
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
  let probes = 0;
  for (const a of model.document.assumptions ?? [])
    probes += ('holds' in a ? 1 : 2) * (runs + RUN_LIMITS.maxCheckShrinks + 1);
  // A probe also has fast-check generate (or shrink) its per-step inputs, one value per step each.
  const generated = model.parameters.filter((p) => p.per === 'step').length * (model.time.steps + 1);
  const perProbe = model.trialOperations + generated * GENERATED_VALUE_OPERATIONS;
  const what = `checking ${model.document.assumptions?.length ?? 0} assumptions with ${runs} runs`;
  return operationProblems(model.source.locate(['trials']), probes * perProbe, what);
}

function operationProblems(at: Position, operations: number, what: string): Problem[] {
  if (operations <= RUN_LIMITS.maxOperations) return [];
  const message =
    `${what} is about ${operations.toPrecision(3)} operations, over the limit of ${RUN_LIMITS.maxOperations} (maxOperations); ` +
    'use fewer trials, steps (a larger dt), variables or outputs';
  return [{ code: 'limit', message, file: at.file, path: ['trials'], line: at.line, column: at.column }];
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

/** Simulate every trial and summarize: the result document of the format. */
export function runModel(model: Model, options: RunOptions = {}): Result<RunResult, Problem[]> {
  const started = Date.now();
  const { trials, seed } = trialsAndSeed(model, options);
  const columns = model.recorded.length * model.time.times.length;
  const streamed = useSketch(options.quantileMethod, storedValues(model, trials), columns);
  const limits = checkRunLimits(model, trials, streamed ? columns : undefined);
  if (limits.length > 0) return err(limits);
  const result = streamed
    ? runStreamed(model, trials, seed, started, options)
    : runExact(model, trials, seed, started, options);
  if (!result.ok) return err(capProblems(result.error));
  const bad = nonFiniteRun(model, result.value);
  return bad ? err([bad]) : result;
}

function runStreamed(
  model: Model,
  trials: number,
  seed: number,
  started: number,
  options: RunOptions,
): Result<RunResult, Problem[]> {
  const shape = runShape(model);
  const state = streamRun([model], streamLayout([shape]).columns, trials, seed, options.onProgress);
  if (!state.ok) return state;
  return ok(streamedRunDocument(model, shape, state.value, 0, { trials, seed, elapsedMs: Date.now() - started }));
}

function runExact(
  model: Model,
  trials: number,
  seed: number,
  started: number,
  options: RunOptions,
): Result<RunResult, Problem[]> {
  const progress = options.onProgress;
  const block = simulate(model, {
    seed,
    from: 0,
    to: trials,
    ...(progress ? { onProgress: (done: number) => progress(done, trials) } : {}),
  });
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
