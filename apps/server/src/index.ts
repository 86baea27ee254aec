/**
 * @foresight/server: the HTTP API and web page of Foresight.
 *
 * ```ts
 * import { listen } from '@foresight/server';
 * const { url } = await listen({ port: 3000, scenarios: 'scenarios' });
 * // curl -X POST $url/runs -H 'content-type: application/json' -d '{"scenario":"baseline","trials":2000}'
 * ```
 */
export { build } from './app.js';
export { listen } from './server.js';
export type { ListenOptions } from './server.js';
export { DEFAULT_LIMITS, DEFAULT_POOL } from './options.js';
export type { BuildOptions, Limits } from './options.js';
export { API_ERRORS, ErrorResponse } from './errors.js';
export { describeStore, openStore } from './store/index.js';
export type { JobStore, StoreOptions } from './store/index.js';
export { DEFAULT_JOBS } from './jobs/manager.js';
export type { JobOptions } from './jobs/manager.js';
export { DEFAULT_RATE_LIMIT } from './options.js';
export type { RateLimit } from './options.js';
export type { ApiErrorCode } from './errors.js';
