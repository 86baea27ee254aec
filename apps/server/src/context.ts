import type { Executor } from '@foresight/core';
import type { ResultCache } from './cache.js';
import type { Catalog } from './catalog.js';
import type { JobManager } from './jobs/manager.js';
import type { JobStore } from './store/index.js';
import type { Limits } from './options.js';

/** What every route module is given: the folder, the executor, the limits, and the jobs in flight. */
export interface AppContext {
  readonly catalog: Catalog;
  readonly executor: Executor;
  /** The executor's queue bound, for /health (undefined when a caller's executor does not say). */
  readonly maxQueue: number | undefined;
  readonly limits: Limits;
  readonly cache: ResultCache;
  readonly started: number;
  /** Aborted when the app closes, so that no job outlives it. */
  readonly inflight: Set<AbortController>;
  /** Jobs, their results and stored scenarios. */
  readonly store: JobStore;
  readonly jobs: JobManager;
}
