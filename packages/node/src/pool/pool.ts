import { availableParallelism } from 'node:os';
import type {
  CheckReport,
  ComparisonResult,
  Problem,
  QuantileChoice,
  Result,
  RunResult,
  SensitivityResult,
  SensitivitySettings,
} from '@foresight/core';
import { Piscina } from 'piscina';
import { compareJob } from './compare-job.js';
import { JobContext } from './context.js';
import { workerExecArgv, workerFile } from './entry.js';
import type { PortableScenario } from './portable.js';
import type { CheckReply } from './protocol.js';
import { runJob } from './run-job.js';
import { sensitivityJob } from './sensitivity-job.js';

export interface PoolOptions {
  /** Worker threads (default `os.availableParallelism()`). */
  readonly workers?: number;
  /** Jobs waiting beyond the running ones before `PoolBusyError` (default 32). */
  readonly maxQueue?: number;
}

export interface JobOptions {
  readonly signal?: AbortSignal;
  /** Trials simulated so far and in all (a comparison counts every scenario's trials; a sensitivity analysis, its model runs). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** As RunOptions.quantileMethod of the core: `auto` (default), `exact` or `sketch`. */
export interface QuantileOption {
  readonly quantileMethod?: QuantileChoice;
}

export interface RunPool {
  run(
    s: PortableScenario,
    o?: { trials?: number; seed?: number } & QuantileOption & JobOptions,
  ): Promise<Result<RunResult, Problem[]>>;
  compare(
    base: PortableScenario,
    alternatives: readonly PortableScenario[],
    o?: { trials?: number; seed?: number; outputs?: readonly string[] } & QuantileOption & JobOptions,
  ): Promise<Result<ComparisonResult, Problem[]>>;
  check(
    s: PortableScenario,
    o?: { runs?: number; seed?: number } & JobOptions,
  ): Promise<Result<CheckReport, Problem[]>>;
  /** A tornado or Sobol indices, as `sensitivity` gives them; progress counts model runs. */
  sensitivity(
    s: PortableScenario,
    settings: SensitivitySettings,
    o?: JobOptions,
  ): Promise<Result<SensitivityResult, Problem[]>>;
  readonly workers: number;
  /** Jobs queued or running. */
  readonly pending: number;
  /** Rejects queued and running jobs (PoolClosedError), ends the threads; later calls reject too. */
  close(): Promise<void>;
}

/** The queue of jobs waiting for a slot is full: try again later (HTTP 503). */
export class PoolBusyError extends Error {
  override readonly name = 'PoolBusyError';
}

/** The pool was closed before or while the job ran. */
export class PoolClosedError extends Error {
  override readonly name = 'PoolClosedError';
}

export const DEFAULT_MAX_QUEUE = 32;

interface Job {
  readonly start: () => void;
  readonly fail: (reason: unknown) => void;
}

/**
 * A pool of worker threads that runs, compares, checks and analyses scenarios off the
 * calling thread. Up to `workers` jobs run at once, each spreading its trials
 * and its column statistics over every worker; the results equal the
 * single-threaded core's bit for bit whatever the number of workers (only
 * `provenance.elapsed_ms` differs).
 */
export function createRunPool(options: PoolOptions = {}): RunPool {
  const workers = options.workers ?? availableParallelism();
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new RangeError(`workers must be a whole number >= 1 (got ${workers})`);
  if (!Number.isSafeInteger(maxQueue) || maxQueue < 0)
    throw new RangeError(`maxQueue must be a whole number >= 0 (got ${maxQueue})`);
  const piscina = new Piscina({
    filename: workerFile(),
    execArgv: workerExecArgv(),
    minThreads: workers,
    maxThreads: workers,
    concurrentTasksPerWorker: 1,
  });
  const waiting: Job[] = [];
  const running = new Set<Job>();
  let closed = false;

  const startNext = () => {
    while (!closed && running.size < workers && waiting.length > 0) waiting.shift()!.start();
  };

  function submit<T>(body: (ctx: JobContext) => Promise<T>, o: JobOptions): Promise<T> {
    const signal = o.signal;
    if (closed) return Promise.reject(new PoolClosedError('the pool is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (running.size >= workers && waiting.length >= maxQueue) {
      return Promise.reject(
        new PoolBusyError(`the pool is busy: ${running.size} jobs running and ${waiting.length} waiting`),
      );
    }
    return new Promise<T>((resolve, reject) => {
      const controller = new AbortController();
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const job: Job = {
        start: () => {
          running.add(job);
          const ctx = new JobContext(piscina, workers, controller.signal, o.onProgress);
          // The slot is freed before the caller hears of the result, so `pending` never counts a settled job.
          const done = () => {
            running.delete(job);
            startNext();
          };
          body(ctx).then(
            (value) => {
              done();
              settle(() => resolve(value));
            },
            (e: unknown) => {
              done();
              settle(() => reject(controller.signal.aborted ? controller.signal.reason : e));
            },
          );
        },
        fail: (reason) => {
          controller.abort(reason);
          settle(() => reject(reason));
        },
      };
      function onAbort() {
        const i = waiting.indexOf(job);
        if (i >= 0) waiting.splice(i, 1);
        job.fail(signal!.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(job);
      startNext();
    });
  }

  return {
    workers,
    get pending() {
      return running.size + waiting.length;
    },
    run: (s, o = {}) => submit((ctx) => runJob(ctx, s, o), o),
    compare: (base, alternatives, o = {}) => submit((ctx) => compareJob(ctx, base, alternatives, o), o),
    check: (s, o = {}) =>
      submit(async (ctx) => {
        ctx.expect(1);
        const report = await ctx.exec<CheckReply>({ kind: 'check', scenario: s, runs: o.runs, seed: o.seed });
        ctx.advance(1);
        return report;
      }, o),
    sensitivity: (s, settings, o = {}) => submit((ctx) => sensitivityJob(ctx, s, settings), o),
    async close() {
      if (closed) return;
      closed = true;
      const reason = new PoolClosedError('the pool was closed');
      for (const job of waiting.splice(0)) job.fail(reason);
      for (const job of running) job.fail(reason);
      await piscina.destroy();
    },
  };
}
