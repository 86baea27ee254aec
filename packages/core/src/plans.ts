/**
 * @foresight/core/plans: what executors and authors of new analyses use.
 * Applications make plans with `runPlan`, `comparePlan`, `sensitivityPlan`
 * (from `@foresight/core`) and hand them to an executor; an executor
 * schedules a plan's pieces, computes each with the function its kind names
 * (`PIECES`, plus other packages' registries), and hands the answers back.
 *
 * ```ts
 * import { runPlan } from '@foresight/core';
 * import { runPlanSync } from '@foresight/core/plans';
 * const plan = runPlan(model, { trials: 10_000 });
 * const result = plan.ok ? runPlanSync(plan.value) : plan;   // what runModel does
 * ```
 */
export type {
  Alloc,
  CostMeasure,
  Executor,
  Piece,
  PieceEnv,
  PieceKind,
  PieceRegistry,
  PieceSizing,
  Plan,
  PlanArray,
  PlanCost,
  PlanScenario,
  Progress,
  ResultMeasure,
  RunHooks,
  Stage,
  Step,
  StepsMeasure,
  StopSignal,
} from './plans/types.js';
export { drivePlan, LOCAL_SIZING, localEnv, Memos, plainAlloc, runPlanSync } from './plans/sequential.js';
export { compileScenario, placed, planScenario } from './plans/scenario.js';
export { PIECES } from './plans/registry.js';
export { identityOf, measure, resultMeasure, stepsOf } from './plans/cost.js';
export { checkReportSize, jsonTextBytes, NUMBER_BYTES } from './plans/result-size.js';
export type { ResultSize } from './plans/result-size.js';
export { ranges, runRanges } from './plans/trials.js';
export { grouped } from './text.js';
