import { capProblems, type KeyPath, type Problem } from './errors.js';
import { nonFiniteRun } from './finite.js';
import { hashDocument } from './hash/document.js';
import { compile } from './model/compile.js';
import type { Model } from './model/model.js';
import { err, ok, type Result } from './result.js';
import { resolveExtends, type ParentResolver } from './scenario/resolve.js';
import type { ScenarioDocument } from './scenario/schema.js';
import { inlineSource, parseSource, type SourceDocument } from './scenario/source.js';
import { validateDocument } from './scenario/validate.js';
import { simulate, type TrialBlock } from './simulate/simulate.js';
import type { RunResult } from './summarize/document.js';
import { DEFAULT_QUANTILES, evaluateTargets, summarizeOutputs } from './summarize/summarize.js';
import { ENGINE_VERSION } from './version.js';

export interface RunOptions {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
  /** Report only these ids (stocks, variables, parameters, series or shocks). */
  readonly outputs?: readonly string[] | undefined;
}

/** Work limits of one run in one process, each reported with code `limit`. */
export const RUN_LIMITS = {
  maxTrials: 10_000_000,
  /** recorded values held at once (8 bytes each): 200M is 1.6 GB. */
  maxStoredValues: 200_000_000,
  /**
   * Operations of one request: every trial's work (see Model.trialOperations)
   * plus sorting for summaries, summed over the runs of a comparison and the
   * probes of an assumption check. Measured at 3-15 ns an operation on one
   * core (small models are compiled to fast code, huge ones are interpreted):
   * 15 s to a minute and a quarter.
   */
  maxOperations: 5_000_000_000,
  /** Property runs per assumption of `check`. */
  maxCheckRuns: 1_000_000,
  /** Shrink steps per violated assumption of `check`. */
  maxCheckShrinks: 2_000,
} as const;

/** Parse, resolve `extends`, validate: a flattened, typed document and where each key came from. */
export function loadDocument(
  src: SourceDocument,
  resolve: ParentResolver = () => undefined,
): Result<{ document: ScenarioDocument; source: SourceDocument }, Problem[]> {
  const flat = resolveExtends(src, resolve);
  if (!flat.ok) return err(capProblems(flat.error));
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
  return { trials: options.trials ?? model.document.trials ?? 1000, seed: options.seed ?? model.document.seed ?? 1 };
}

/** Checks a run's size before any memory is taken. */
export function checkRunLimits(model: Model, trials: number): Problem[] {
  const limit = limitAt(model, ['trials']);
  if (!Number.isSafeInteger(trials) || trials < 1) return limit(`trials must be a whole number >= 1 (got ${trials})`);
  if (trials > RUN_LIMITS.maxTrials) return limit(`${trials} trials is over the limit of ${RUN_LIMITS.maxTrials} (maxTrials)`);
  const stored = trials * model.recorded.length * model.time.times.length;
  if (stored > RUN_LIMITS.maxStoredValues) {
    return limit(
      `${trials} trials x ${model.recorded.length} outputs x ${model.time.times.length} times is over the limit of ` +
        `${RUN_LIMITS.maxStoredValues} stored values (maxStoredValues); request fewer outputs or trials`,
    );
  }
  return checkOperations(model, runOperations(model, trials), `${trials} trials`);
}

/** A run's operations: its trials, then sorting each recorded column (outputs, and targets' columns twice). */
export function runOperations(model: Model, trials: number): number {
  const columns = model.outputs.length * model.time.times.length + 2 * (model.document.targets?.length ?? 0);
  return trials * model.trialOperations + columns * sortOperations(trials);
}

const sortOperations = (n: number) => n * Math.ceil(Math.log2(n + 1));

/**
 * A comparison runs every scenario with the same trials; the paired
 * differences sort each shared column twice more per alternative.
 */
export function checkCompareLimits(base: Model, alternatives: readonly Model[], trials: number): Problem[] {
  for (const m of [base, ...alternatives]) {
    const problems = checkRunLimits(m, trials);
    if (problems.length > 0) return problems;
  }
  let total = runOperations(base, trials);
  for (const alt of alternatives) {
    total += runOperations(alt, trials) + 2 * alt.outputs.length * alt.time.times.length * sortOperations(trials);
  }
  return checkOperations(base, total, `comparing ${alternatives.length + 1} scenarios over ${trials} trials`);
}

/** fast-check takes 100-800 ns to generate one value of a per-step sequence: about 100 operations. */
const GENERATED_VALUE_OPERATIONS = 100;

/**
 * An assumption check probes one trial per property run and per shrink step
 * (two for `monotone`): bounded before it starts, shrinking included.
 */
export function checkSearchLimits(model: Model, runs: number): Problem[] {
  const limit = limitAt(model, ['assumptions']);
  if (!Number.isSafeInteger(runs) || runs < 1) return limit(`runs must be a whole number >= 1 (got ${runs})`);
  if (runs > RUN_LIMITS.maxCheckRuns) return limit(`${runs} runs is over the limit of ${RUN_LIMITS.maxCheckRuns} (maxCheckRuns)`);
  let probes = 0;
  for (const a of model.document.assumptions ?? []) probes += ('holds' in a ? 1 : 2) * (runs + RUN_LIMITS.maxCheckShrinks + 1);
  // A probe also has fast-check generate (or shrink) its per-step inputs, one value per step each.
  const generated = model.parameters.filter((p) => p.per === 'step').length * (model.time.steps + 1);
  const perProbe = model.trialOperations + generated * GENERATED_VALUE_OPERATIONS;
  return checkOperations(model, probes * perProbe, `checking ${model.document.assumptions?.length ?? 0} assumptions with ${runs} runs`);
}

function checkOperations(model: Model, operations: number, what: string): Problem[] {
  if (operations <= RUN_LIMITS.maxOperations) return [];
  return limitAt(model, ['trials'])(
    `${what} is about ${operations.toPrecision(3)} operations, over the limit of ${RUN_LIMITS.maxOperations} (maxOperations); ` +
      'use fewer trials, steps (a larger dt), variables or outputs',
  );
}

function limitAt(model: Model, path: KeyPath) {
  const at = model.source.locate(path);
  return (message: string): Problem[] => [{ code: 'limit', message, file: at.file, path, line: at.line, column: at.column }];
}

/** Simulate every trial and summarize: the result document of the format. */
export function runModel(model: Model, options: RunOptions = {}): Result<RunResult, Problem[]> {
  const started = Date.now();
  const { trials, seed } = trialsAndSeed(model, options);
  const limits = checkRunLimits(model, trials);
  if (limits.length > 0) return err(limits);
  const block = simulate(model, { seed, from: 0, to: trials });
  if (!block.ok) return err(capProblems(block.error));
  const result = summarize(model, block.value, { trials, seed, elapsedMs: Date.now() - started });
  const bad = nonFiniteRun(model, result);
  return bad ? err([bad]) : ok(result);
}

/** The result document from a complete block of trials [0, trials). */
export function summarize(
  model: Model,
  block: TrialBlock,
  run: { trials: number; seed: number; elapsedMs: number },
): RunResult {
  const doc = model.document;
  return {
    scenario: doc.id,
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    trials: run.trials,
    seed: run.seed,
    times: Array.from(model.time.times),
    outputs: summarizeOutputs(model, block, doc.quantiles ?? DEFAULT_QUANTILES),
    targets: evaluateTargets(model, block),
    provenance: {
      engine: ENGINE_VERSION,
      document_sha256: hashDocument(doc),
      seed: run.seed,
      trials: run.trials,
      quantile_method: 'exact',
      elapsed_ms: run.elapsedMs,
    },
  };
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
