import { MODEL_LIMITS, RUN_LIMITS } from '@foresight/core';
import type { Executor } from '@foresight/core';
import { DEFAULT_MAX_QUEUE, type PoolOptions } from '@foresight/node';
import type { FastifyServerOptions } from 'fastify';
import type { CacheBounds } from './cache.js';

/**
 * What one request may ask of the server. Over a limit is a 422 with code
 * `limit` that names the limit (`limits.trials`, ...), except the body size
 * (413) and the time budget (504). The engine's own limits (RUN_LIMITS,
 * MODEL_LIMITS) apply underneath whatever is configured here.
 */
export interface Limits {
  /** Largest request body, bytes. */
  readonly bodyBytes: number;
  /** Trials of one scenario. */
  readonly trials: number;
  /** Time steps of one scenario ((end - start) / dt). */
  readonly steps: number;
  /** Trial-steps of one request: trials x steps, summed over every scenario it runs. */
  readonly work: number;
  /** Values held at once: trials x recorded outputs x reporting times, summed over the scenarios. */
  readonly storedValues: number;
  /** Property runs per assumption of `POST /check`. */
  readonly checkRuns: number;
  /**
   * Bytes of one answer's JSON at most, as the plan counts it before any
   * work (`plan.cost.result`: every number counted at its longest, 25 bytes).
   */
  readonly resultBytes: number;
  /**
   * Milliseconds from a request's arrival to its answer, waiting in the
   * queue, building the result and writing its JSON included; then the job
   * is aborted (or, once the answer has started, its connection closed).
   */
  readonly timeBudgetMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1_048_576,
  trials: Math.min(100_000, RUN_LIMITS.maxTrials),
  steps: MODEL_LIMITS.maxSteps,
  work: 50_000_000,
  storedValues: Math.min(25_000_000, RUN_LIMITS.maxStoredValues),
  checkRuns: 10_000,
  resultBytes: 32 * 2 ** 20,
  timeBudgetMs: 30_000,
};

/**
 * Run results kept: 64 MiB of them, each weighed at its JSON's most (about
 * 20 MiB of numbers in memory), none over 8 MiB: the largest answers are
 * made again rather than kept, so that a few of them cannot fill the cache
 * (and every collection of the heap) on their own.
 */
export const DEFAULT_CACHE: CacheBounds = { bytes: 64 * 2 ** 20, entryBytes: 8 * 2 ** 20 };

/** The queue bound of a pool the app makes; its workers default to the pool's (one per core). */
export const DEFAULT_POOL: PoolOptions = { maxQueue: DEFAULT_MAX_QUEUE };

export interface BuildOptions {
  /** The scenario folder: ids for requests, parents for `extends` (default `scenarios`). */
  readonly scenarios?: string;
  /** Where relative paths start (default the process's working directory). */
  readonly cwd?: string;
  /** Worker threads (default one per core) and queue bound of the thread executor the app makes and closes with itself. */
  readonly pool?: PoolOptions;
  /** Send analyses to `foresight worker` processes through this Redis (`redis://host:port`) instead of threads. */
  readonly redis?: string;
  /** An executor of the caller's (the caller closes it); `pool` and `redis` are then not used. */
  readonly executor?: Executor;
  readonly limits?: Partial<Limits>;
  /** Origins whose pages may call the API from a browser (`*`: any); none by default. */
  readonly cors?: readonly string[];
  /** Run results kept for repeated requests, in bytes (DEFAULT_CACHE; `{ bytes: 0 }` keeps none). */
  readonly cache?: Partial<CacheBounds>;
  readonly logger?: FastifyServerOptions['logger'];
}
