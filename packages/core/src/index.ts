/**
 * @foresight/core: scenario text in, projected distributions out.
 *
 * ```ts
 * import { runText } from '@foresight/core';
 * const result = runText(`
 * format: 1
 * id: growth
 * time: { start: 2020, end: 2030 }
 * parameters: { r: { dist: normal, mean: 0.1, sd: 0.02 } }
 * stocks: { w: { initial: 100, inflow: "w * r" } }
 * `, 'growth.yaml', { trials: 2000, seed: 7 });
 * if (result.ok) console.log(result.value.outputs.w?.quantiles.p50);
 * else for (const p of result.error) console.error(formatProblem(p));
 * ```
 *
 * Nothing here reads files, the network, the clock (but for `elapsed_ms`) or
 * global random state: callers bring text and a resolver for `extends`.
 */
export {
  PROBLEM_CODES,
  PROBLEM_LIMITS,
  REQUEST_FILE,
  ScenarioError,
  capProblems,
  formatPath,
  formatProblem,
  isRequestProblem,
  requestProblem,
} from './errors.js';
export {
  firstNonFinite,
  nonFiniteComparison,
  nonFiniteRun,
  nonFiniteSensitivity,
  NULLABLE_FIELDS,
  SENSITIVITY_NULLABLE_FIELDS,
} from './finite.js';
export type { KeyPath, Problem, ProblemCode } from './errors.js';
export { ProblemDocument } from './problem-document.js';
export { err, ok } from './result.js';
export type { Result } from './result.js';

export {
  Assumption,
  Correlation,
  ID_PATTERN,
  Parameter,
  SCENARIO_ID_PATTERN,
  ScenarioDocument,
  isWhole,
} from './scenario/schema.js';
export type {
  AssumptionSpec,
  CorrelationSpec,
  LookupSpec,
  ParameterSpec,
  SeriesSpec,
  ShockSpec,
  StockSpec,
  TargetSpec,
  TimeSpec,
  VariableSpec,
} from './scenario/schema.js';
export { inlineSource, parseSource, SOURCE_LIMITS } from './scenario/source.js';
export type { Position, SourceDocument } from './scenario/source.js';
export { MAX_EXTENDS_DEPTH, resolveExtends } from './scenario/resolve.js';
export type { ParentResolver } from './scenario/resolve.js';
export { didYouMean } from './did-you-mean.js';
export { validateDocument } from './scenario/validate.js';
export { resolvedScenarioJsonSchema, SCHEMA_IDS, scenarioJsonSchema } from './scenario/json-schema.js';
export { asWrittenSchema, ExtendingDocument } from './scenario/as-written.js';
export { issueWords } from './scenario/issue-words.js';

export { compile, MODEL_LIMITS } from './model/compile.js';
export { BUILTIN_NAMES } from './model/builtins.js';
export type {
  Model,
  ParameterModel,
  ProbeInput,
  ProbeRunner,
  ProbeStep,
  ShockModel,
  SymbolInfo,
  SymbolKind,
  TrialRunner,
} from './model/model.js';
export type { CorrelationModel, GivenRunner } from './model/model.js';
export { AssumptionResult, CheckCounterexample, CheckReport, makeLookup } from './check-support/index.js';
export { reportIndex, timeGrid } from './model/time.js';
export type { TimeGrid } from './model/time.js';
export { parseExpression, compileStandalone, EXPRESSION_LIMITS } from './model/expression.js';
export type { ExprProblem, ParsedExpression } from './model/expression.js';

export { RandomStream, nameKey } from './random/stream.js';
export { cdf, makeSampler, moments as distributionMoments, quantile } from './random/distributions.js';
export type { Distribution, Sampler } from './random/distributions.js';
export { CopulaSampler, cholesky, correlateUniforms, normalToRank, rankToNormal } from './random/copula.js';

export { mergeBlocks, simulate, simulateInto } from './simulate/simulate.js';
export type { SimulateOptions, TrialBlock, TrialFailure } from './simulate/simulate.js';
export {
  column,
  columnStats,
  DEFAULT_QUANTILES,
  evaluateTargets,
  outputColumnStats,
  statistic,
  targetResults,
} from './summarize/summarize.js';
export { outputsDocument, runDocument, runShape, statsStride } from './summarize/shape.js';
export type { QuantileMethod, RunFacts, RunShape } from './summarize/shape.js';
export { bucketsPerColumn, emptyBounds, emptyCounts, sketchQuantile } from './summarize/sketch.js';
export type { SketchBounds } from './summarize/sketch.js';
export { finishPartial, mergePartials, PARTIAL } from './summarize/partial.js';
export {
  addCounts,
  blockPartials,
  countsLength,
  MAX_STREAM_COLUMNS,
  pilotBounds,
  SKETCH_THRESHOLD,
  STREAM_BLOCK,
  streamBlocks,
  streamSizes,
  useSketch,
} from './summarize/stream.js';
export type { BlockView, QuantileChoice, StreamColumn, StreamSizes } from './summarize/stream.js';
export { firstFailure, streamRun } from './summarize/stream-run.js';
export type { ScenarioFailure, StreamState } from './summarize/stream-run.js';
export {
  newErrorTracker,
  streamedOutputStats,
  streamedPairedStats,
  streamedStatistic,
  streamLayout,
} from './summarize/streamed.js';
export type { StreamLayout } from './summarize/streamed.js';
export { moments, quantileSorted } from './summarize/stats.js';
export { OutputSummary, Provenance, quantileKey, RunResult, TargetResult } from './summarize/document.js';

export {
  checkCompareLimits,
  comparisonLimitProblems,
  checkRunLimits,
  checkSearchLimits,
  loadDocument,
  prepareSource,
  prepareText,
  prepareValue,
  resolveTrialsAndSeed,
  RUN_LIMITS,
  runLimitProblems,
  runModel,
  runOperations,
  runText,
  storedValues,
  streamedRunDocument,
  streamedSummaries,
  summarize,
  trialsAndSeed,
} from './run.js';
export type { PrepareOptions, RunOptions } from './run.js';
export { compareModels, pairedStats, streamedComparisonLayout } from './compare/compare.js';
export {
  alternativeDocument,
  comparisonProblems,
  comparisonQuantiles,
  pairedColumns,
  pairedColumnStats,
  pairedPlan,
  pairedStride,
} from './compare/paired.js';
export type { PairedOutput, PairedPlan } from './compare/paired.js';
export type { CompareOptions } from './compare/compare.js';
export {
  AbsentOutput,
  AlternativeComparison,
  ComparisonResult,
  OutputComparison,
  PairedDifference,
  PresentOutput,
} from './compare/document.js';
export {
  ComparisonSummary,
  SummaryCell,
  SummaryChange,
  SummaryFuture,
  SummaryOutput,
  summarizeComparison,
  summaryTimes,
} from './compare/summary.js';
export type { SummaryOptions } from './compare/summary.js';
export { sensitivity } from './sensitivity/sensitivity.js';
export type { SensitivityHooks } from './sensitivity/sensitivity.js';
export { sobolDocument } from './sensitivity/sensitivity.js';
export { sobolDesign } from './sensitivity/sobol.js';
export type { SobolBody, SobolDesign, SobolFailure } from './sensitivity/sobol.js';
export { planSensitivity, SENSITIVITY_DEFAULTS } from './sensitivity/plan.js';
export type { PlannedFactor, SensitivityPlan } from './sensitivity/plan.js';
export { SOBOL_WARNING_LIMITS } from './sensitivity/warnings.js';
export { poissonMedian } from './sensitivity/median-events.js';
export {
  SensitivityResult,
  SensitivitySettings,
  ShockTreatment,
  SobolFactor,
  SobolIndex,
  SobolOverTime,
  SobolResult,
  SobolSeries,
  TornadoBar,
  TornadoPartner,
  TornadoResult,
} from './sensitivity/document.js';
export { canonicalJson } from './hash/canonical.js';
export { hashDocument } from './hash/document.js';
export { sha256Hex } from './hash/sha256.js';
export { ENGINE_VERSION } from './version.js';
