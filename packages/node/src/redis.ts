/**
 * @foresight/node/redis: the distributed executor and its workers (BullMQ
 * on Redis), loaded only by what uses them: BullMQ and its Redis client
 * take a few hundred milliseconds to load.
 *
 * ```ts
 * const executor = createRedisExecutor({ url: 'redis://10.0.0.5:6379' });
 * const ready = await executor.ready();                 // connected, workers counted; or an io problem
 * const plan = runPlan(model, { trials: 2_000_000 }, executor.sizing);
 * const result = plan.ok ? await executor.run(plan.value) : plan;
 * // elsewhere, any number of times: await startRedisWorker({ url: 'redis://10.0.0.5:6379' })
 * ```
 */
export {
  createRedisExecutor,
  DEFAULT_LOCAL_INPUT_BYTES,
  DEFAULT_LOST_AFTER_MS,
  REDIS_TRIAL_STEPS,
} from './distributed/executor.js';
export type { RedisExecutor, RedisExecutorOptions } from './distributed/executor.js';
export { DEFAULT_LEASE_MS, startRedisWorker } from './distributed/worker.js';
export type { RunningWorker, WorkerOptions } from './distributed/worker.js';
export { DEFAULT_QUEUE, shownUrl } from './distributed/connection.js';
