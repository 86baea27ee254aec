/**
 * @foresight/node/threads: the worker-thread executor alone, light to load
 * (piscina and node: modules; no engine), so a command can start its threads
 * before it loads and compiles anything else.
 */
export { BusyError, ClosedError, DEFAULT_MAX_QUEUE } from './admission.js';
export { createThreadExecutor, THREAD_TRIAL_STEPS } from './pool/pool.js';
export type { PoolOptions } from './pool/pool.js';
