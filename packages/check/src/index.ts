/**
 * @foresight/check: property-based search of a scenario's `assumptions` for
 * counterexamples (fast-check), shrunk toward each parameter's median and
 * toward fewer shock events. Pure: no I/O, no clock.
 */
export { checkAssumptions, checkScenario, DEFAULT_RUNS } from './check.js';
export type { CheckOptions } from './check.js';
export { fromUnit, parameterRange } from './arbitraries.js';
export type { ParameterRange } from './arbitraries.js';
export { renderCheckTable } from './render.js';
export { AssumptionResult, CheckCounterexample, CheckReport } from '@foresight/core';
