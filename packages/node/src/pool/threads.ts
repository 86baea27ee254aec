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
  });
}

/** An array over shared memory (a copy, unless it is one already): every thread sees it without a copy. */
export function shared(a: PlanArray): PlanArray {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => PlanArray)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}
