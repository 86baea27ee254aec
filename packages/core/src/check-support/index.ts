/** What `@foresight/check` needs from the engine beyond running scenarios. */
export { AssumptionResult, CheckCounterexample, CheckReport } from './report.js';
export { makeLookup } from '../model/runtime.js';
