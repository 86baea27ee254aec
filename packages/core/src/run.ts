import { capProblems, requestProblem, type Problem } from './errors.js';
import { compile } from './model/compile.js';
import type { Model } from './model/model.js';
import { problemsPastSchema } from './model/past-schema.js';
import { runPlan } from './plans/runs.js';
import { runPlanSync } from './plans/sequential.js';
import { err, ok, type Result } from './result.js';
import { resolveExtends, type ParentResolver } from './scenario/resolve.js';
import type { ScenarioDocument } from './scenario/schema.js';
import { inlineSource, parseSource, type SourceDocument } from './scenario/source.js';
import { asWrittenProblems, validateDocument } from './scenario/validate.js';
import type { RunResult } from './summarize/document.js';
import type { QuantileChoice } from './summarize/stream.js';

export interface RunOptions {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
  /** Report only these ids (stocks, variables, parameters, series or shocks). */
  readonly outputs?: readonly string[] | undefined;
  /** `auto` (default): exact quantiles up to SKETCH_THRESHOLD stored values, streamed with the sketch past it. */
  readonly quantileMethod?: QuantileChoice | undefined;
  /** Trials simulated so far and in all, a few times a run at least (for progress bars). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

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

/**
 * Simulate every trial and summarize: the result document of the format.
 * The run's plan (`runPlan`), run piece by piece in this thread.
 */
export function runModel(model: Model, options: RunOptions = {}): Result<RunResult, Problem[]> {
  const plan = runPlan(model, options);
  if (!plan.ok) return plan;
  const progress = options.onProgress;
  return runPlanSync(plan.value, progress ? { onProgress: (p) => progress(p.runsDone, p.runs) } : {});
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
