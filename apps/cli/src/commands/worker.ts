import { DEFAULT_QUEUE, shownUrl, startRedisWorker } from '@foresight/node/redis';
import { EXIT, type CliIO } from '../io.js';
import type { WorkerCommandOptions } from '../options.js';

/**
 * `foresight worker --redis URL`: take pieces of analyses from the queue in
 * Redis until SIGINT or SIGTERM (or `until`, for tests). The first signal
 * lets the pieces in hand finish; a second drops them (another worker
 * computes them again).
 */
export async function workerCommand(io: CliIO, opts: WorkerCommandOptions, until?: Promise<unknown>): Promise<number> {
  const log = (line: string) => io.stderr(`foresight worker: ${line}\n`);
  let running: Awaited<ReturnType<typeof startRedisWorker>>;
  try {
    running = await startRedisWorker({ url: opts.redis, threads: opts.threads, leaseMs: opts.lease, log });
  } catch (e) {
    io.stderr(`${shownUrl(opts.redis)}:1:1 io cannot reach Redis: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.badInput;
  }
  log(`taking pieces from ${shownUrl(opts.redis)} (queue ${DEFAULT_QUEUE}), ${opts.threads} at a time`);
  let force = false;
  await (until ??
    new Promise<void>((resolve) => {
      const stop = () => {
        if (force) return;
        force = true;
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }));
  const again = () => {
    log('stopping now; pieces in hand will be computed elsewhere');
    void running.close(true).then(() => process.exit(EXIT.ok));
  };
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  log(`stopping after the pieces in hand (${running.stats.pieces} computed, ${running.stats.retried} of them again)`);
  await running.close();
  return EXIT.ok;
}
