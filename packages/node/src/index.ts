/**
 * @foresight/node: the Node-only adapters around the pure core: scenario
 * folders on disk (ids, `extends` across files, errors with file names),
 * and the executors that compute plans' pieces off this thread: worker
 * threads, and worker processes on any machine through BullMQ on Redis.
 *
 * ```ts
 * const folder = loadScenarioFolder('scenarios');
 * const model = loadModel('baseline', folder);
 * const executor = createThreadExecutor({ workers: 4 });  // or createRedisExecutor({ url: 'redis://host:6379' })
 * const plan = model.ok ? runPlan(model.value, { trials: 100_000 }, executor.sizing) : model;
 * const result = plan.ok ? await executor.run(plan.value) : plan;
 * await executor.close();
 * ```
 */
export {
  displayPath,
  findScenario,
  findScenarioText,
  folderResolver,
  isScenarioFile,
  loadScenarioFolder,
  readScenarioFile,
  readScenarioText,
  SCENARIO_EXTENSIONS,
} from './folder.js';
export type { ScenarioEntry, ScenarioFolder } from './folder.js';
export { loadModel } from './load.js';
export { BusyError, ClosedError, DEFAULT_MAX_QUEUE } from './admission.js';
export { inProcessExecutor } from './in-process.js';
export { createThreadExecutor } from './pool/pool.js';
export type { PoolOptions } from './pool/pool.js';
export { createRedisExecutor, DEFAULT_LOST_AFTER_MS } from './distributed/executor.js';
export type { RedisExecutor, RedisExecutorOptions } from './distributed/executor.js';
export { DEFAULT_LEASE_MS, startRedisWorker } from './distributed/worker.js';
export type { RunningWorker, WorkerOptions } from './distributed/worker.js';
export { DEFAULT_QUEUE, shownUrl } from './distributed/connection.js';
