import type { PlanArray } from '@foresight/core/plans';
import { Piscina } from 'piscina';
import { workerExecArgv, workerFile } from './entry.js';

/** `n` threads of the generic piece driver (worker.ts), started now. */
export function startThreads(n: number): Piscina {
  return new Piscina({
    filename: workerFile(),
    execArgv: workerExecArgv(),
    minThreads: n,
    maxThreads: n,
    concurrentTasksPerWorker: 1,
    // A thread waits for tasks with Atomics.waitAsync, not Atomics.wait: its event loop stays free, so it
    // loads the engine (worker-entry.cjs imports it asynchronously) while the caller is still compiling,
    // instead of only once the first piece wakes it.
    atomics: 'async',
  });
}

/** An array over shared memory (a copy, unless it is one already): every thread sees it without a copy. */
export function shared(a: PlanArray): PlanArray {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => PlanArray)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}
