/**
 * @foresight/check: property-based search of a scenario's `assumptions` for
 * counterexamples (fast-check), shrunk toward each parameter's median and
 * toward fewer shock events. Pure: no I/O, no clock. A check is a plan of
 * one piece per assumption (`checkPlan`, pieces in `CHECK_PIECES`), so it
 * runs on any executor.
 */
export { checkAssumptions, checkScenario } from './check.js';
export { CHECK_PIECES, checkPlan, DEFAULT_RUNS } from './plan.js';
export type { CheckOptions } from './plan.js';
export { fromUnit, parameterRange } from './arbitraries.js';
export type { ParameterRange } from './arbitraries.js';
export { renderCheckTable } from './render.js';
export { AssumptionResult, CheckCounterexample, CheckReport } from '@foresight/core';
