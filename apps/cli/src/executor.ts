import type { Executor, Problem } from '@foresight/core';
import type { CliIO } from './io.js';
import type { ExecutorOptions } from './options.js';

/**
 * Run a command on the executor `--workers N` or `--redis URL` names (else
 * this thread), made before the command's own modules load: threads start
 * loading the engine while this thread loads and compiles, and a Redis is
 * reached (or found out of reach: an `io` problem, exit 2) first. Closed
 * when the command ends, whatever happens.
 */
export async function withExecutor(
  io: CliIO,
  opts: ExecutorOptions,
  command: (executor: Executor) => Promise<number>,
): Promise<number> {
  const fail = async (problems: readonly Problem[]) => (await import('./problems.js')).printProblems(io, problems);
  if (opts.workers !== undefined && opts.redis !== undefined) {
    return fail([
      {
        code: 'usage',
        message: '--workers and --redis each choose where pieces are computed: give one of them',
        file: '<command line>',
        path: [],
        line: 1,
        column: 1,
      },
    ]);
  }
  let executor: Executor;
  if (opts.workers !== undefined) {
    executor = (await import('@foresight/node/threads')).createThreadExecutor({ workers: opts.workers });
  } else if (opts.redis !== undefined) {
    const redis = (await import('@foresight/node/redis')).createRedisExecutor({ url: opts.redis });
    const ready = await redis.ready();
    if (!ready.ok) {
      await redis.close();
      return fail(ready.error);
    }
    executor = redis;
  } else {
    executor = (await import('@foresight/node')).inProcessExecutor();
  }
  try {
    return await command(executor);
  } finally {
    await executor.close();
  }
}
