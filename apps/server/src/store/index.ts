export { describeStore, openStore, SQLITE_FILE } from './open.js';
export type { StoreOptions } from './open.js';
export { isFinal, JOB_STATUSES } from './types.js';
export type {
  Finish,
  JobFilter,
  JobPage,
  JobProgress,
  JobRecord,
  JobStatus,
  JobStore,
  NewJob,
  ResultState,
  Retention,
  StoredProblem,
  StoredResult,
  StoredScenario,
} from './types.js';
