/**
 * @foresight/node: the Node-only adapters around the pure core: scenario
 * folders on disk (ids, `extends` across files, errors with file names;
 * other tools' models imported where scenarios are read), and the executors
 * that compute plans' pieces off this thread: worker threads here, and
 * worker processes on any machine through BullMQ on Redis in
 * `@foresight/node/redis`.
 *
 * ```ts
 * const folder = loadScenarioFolder('scenarios');
 * const model = loadModel('baseline', folder);
 * const executor = createThreadExecutor({ workers: 4 });  // or createRedisExecutor of '@foresight/node/redis'
 * const plan = model.ok ? runPlan(model.value, { trials: 100_000 }, executor.sizing) : model;
 * const result = plan.ok ? await executor.run(plan.value) : plan;
 * await executor.close();
 * ```
 */
export {
  attachmentReader,
  decodeModel,
  displayPath,
  findScenario,
  findScenarioText,
  folderResolver,
  isScenarioFile,
  loadScenarioFolder,
  readScenarioFile,
  readScenarioText,
  FOLDER_MODEL_EXTENSIONS,
  SCENARIO_EXTENSIONS,
} from './folder.js';
export type { ScenarioEntry, ScenarioFolder } from './folder.js';
export { inlineScenario, isInlineModel } from './inline.js';
export type { InlineModel } from './inline.js';
export { loadModel } from './load.js';
export { inProcessExecutor } from './in-process.js';
// The thread executor (also alone, to start threads early: `@foresight/node/threads`);
// the distributed one is `@foresight/node/redis`, loaded only where it is used.
export { BusyError, ClosedError, createThreadExecutor, DEFAULT_MAX_QUEUE } from './threads.js';
export type { PoolOptions } from './threads.js';
