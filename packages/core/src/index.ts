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
 * Every analysis is also a plan (`runPlan`, `comparePlan`,
 * `sensitivityPlan`; `checkPlan` in @foresight/check) that an executor runs
 * anywhere (@foresight/node: threads, or worker processes through Redis)
 * with the same bytes as `runModel` and friends give here. What executors
 * need besides is in `@foresight/core/plans`.
 *
 * Nothing here reads files, the network, the clock (but for `elapsed_ms`) or
 * global random state: callers bring text and a resolver for `extends`.
 */

// Problems and results
export {
  capProblems,
  formatProblem,
  isRequestProblem,
  PROBLEM_CODES,
  PROBLEM_LIMITS,
  REQUEST_FILE,
  requestProblem,
  ScenarioError,
} from './errors.js';
export type { KeyPath, Problem, ProblemCode } from './errors.js';
export { ProblemDocument } from './problem-document.js';
export { err, ok } from './result.js';
export type { Result } from './result.js';
export { firstNonFinite, SENSITIVITY_NULLABLE_FIELDS } from './finite.js';

// Scenarios: parse, resolve `extends`, validate, compile
export { ID_PATTERN, isWhole, ScenarioDocument } from './scenario/schema.js';
export type { AssumptionSpec } from './scenario/schema.js';
export { inlineSource, parseSource, SOURCE_LIMITS } from './scenario/source.js';
export { attachFiles } from './scenario/attachments.js';
export type { AttachmentReader } from './scenario/attachments.js';
export type { Position, SourceDocument } from './scenario/source.js';
export { MAX_EXTENDS_DEPTH } from './scenario/resolve.js';
export type { ParentResolver } from './scenario/resolve.js';
export { didYouMean } from './did-you-mean.js';
export { validateDocument } from './scenario/validate.js';
export { resolvedScenarioJsonSchema, SCHEMA_IDS, scenarioJsonSchema } from './scenario/json-schema.js';
export { asWrittenSchema, ExtendingDocument } from './scenario/as-written.js';
export { issueWords } from './scenario/issue-words.js';
export { loadDocument, prepareSource, prepareText, prepareValue, runModel, runText } from './run.js';
export type { PrepareOptions, RunOptions } from './run.js';
export { compile, MODEL_LIMITS } from './model/compile.js';
export { BUILTIN_NAMES } from './model/builtins.js';
export type { Model, ParameterModel, ProbeInput, ProbeRunner } from './model/model.js';
export { reportIndex } from './model/time.js';
export { compileStandalone, EXPRESSION_LIMITS, parseExpression } from './model/expression.js';
export type { ExprProblem, ParsedExpression } from './model/expression.js';
export { makeLookup } from './check-support/index.js';
export { makeSampler, quantile } from './random/distributions.js';
export type { Distribution } from './random/distributions.js';
export { nameKey, RandomStream } from './random/stream.js';

// The engine, and the limits and defaults of its work
export { mergeBlocks, simulate } from './simulate/simulate.js';
export { summarize } from './summarize/summarize.js';
export {
  checkSearchLimits,
  checkSearchOperations,
  DEFAULT_SEED,
  DEFAULT_TRIALS,
  RUN_LIMITS,
  runOperations,
  seedOf,
  trialsAndSeed,
} from './limits.js';
export { compareModels } from './compare/compare.js';
export type { CompareOptions } from './compare/compare.js';
export { planSensitivity } from './sensitivity/plan.js';
export type { SensitivityPlan } from './sensitivity/plan.js';
export { sensitivity } from './sensitivity/sensitivity.js';
export type { SensitivityHooks } from './sensitivity/sensitivity.js';

// Plans: any analysis, for any executor
export { comparePlan, runPlan } from './plans/runs.js';
export type { ComparePlanOptions, RunPlanOptions } from './plans/runs.js';
export { sensitivityPlan } from './plans/sensitivity.js';
export { calibratePlan } from './plans/calibrate.js';
export { perTrialPlan } from './plans/per-trial.js';
export { explorePlan } from './plans/explore.js';
export type { ExplorePlan } from './plans/explore.js';
export type { PerTrialOptions, PerTrialPlan, PerTrialSummary } from './plans/per-trial.js';
export type { CalibratePlan } from './plans/calibrate.js';
export type { SensitivityPlanOfPieces } from './plans/sensitivity.js';
export type {
  CostMeasure,
  Executor,
  PieceSizing,
  Plan,
  PlanCost,
  Progress,
  RunHooks,
  ResultMeasure,
  StepsMeasure,
} from './plans/types.js';

// Result documents (zod schemas, and their types)
export { OutputSummary, Provenance, RunResult, TargetResult } from './summarize/document.js';
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
export { AssumptionResult, CheckCounterexample, CheckReport } from './check-support/index.js';
export {
  CalibratedParameter,
  CalibrationResult,
  CalibrationRound,
  CalibrationSettings,
  ObservationFit,
  Spread,
} from './calibrate/document.js';
export {
  Condition,
  ExploreResult,
  ExploreSettings,
  Restriction,
  TradeOffPoint,
} from './explore/document.js';
export { ENGINE_VERSION } from './version.js';
