import type { Executor, Problem, Result } from '@foresight/core';
import { createRedisExecutor, createThreadExecutor, inProcessExecutor } from '@foresight/node';
import type { ExecutorOptions } from './options.js';

/**
 * The executor `--workers N` or `--redis URL` names (else this thread),
 * made before the scenario is read: threads start loading the engine while
 * this thread compiles, and a Redis is reached (or found out of reach)
 * first. Closed when `job` ends, whatever happens.
 */
export async function withExecutor<T>(
  opts: ExecutorOptions,
  job: (executor: Executor) => Promise<Result<T, Problem[]>>,
): Promise<Result<T, Problem[]>> {
  if (opts.workers !== undefined && opts.redis !== undefined) {
    const usage: Problem = {
      code: 'usage',
      message: '--workers and --redis each choose where pieces are computed: give one of them',
      file: '<command line>',
      path: [],
      line: 1,
      column: 1,
    };
    return { ok: false, error: [usage] };
  }
  const redis = opts.redis !== undefined ? createRedisExecutor({ url: opts.redis }) : undefined;
  const executor: Executor =
    redis ?? (opts.workers !== undefined ? createThreadExecutor({ workers: opts.workers }) : inProcessExecutor());
  try {
    if (redis) {
      const ready = await redis.ready();
      if (!ready.ok) return ready;
    }
    return await job(executor);
  } finally {
    await executor.close();
  }
}
