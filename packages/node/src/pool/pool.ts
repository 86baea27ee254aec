import { availableParallelism } from 'node:os';
import type { Executor, Plan, Problem, Result, RunHooks } from '@foresight/core';
import type { Alloc, PlanArray, Stage } from '@foresight/core/plans';
import { Admission, DEFAULT_MAX_QUEUE } from '../admission.js';
import { drive, type StageRun } from '../drive.js';
import { shared, startThreads } from './threads.js';
import type { SentScenario, ThreadTask } from './protocol.js';

export interface PoolOptions {
  /** Worker threads (default `os.availableParallelism()`). */
  readonly workers?: number;
  /** Plans waiting beyond the running ones before `BusyError` (default 32). */
  readonly maxQueue?: number;
}

/**
 * Pieces for threads: a sixth of a second of one core each (on the
 * benchmark model), so the last pieces of a stage leave a worker idle for
 * little; a piece's round trip costs a fraction of a millisecond.
 */
export const THREAD_TRIAL_STEPS = 1_000_000;

/** Arrays over shared memory: a stage's inputs reach every thread without a copy. */
export const sharedAlloc: Alloc = {
  f64: (n) => new Float64Array(new SharedArrayBuffer(n * 8)),
  u32: (n) => new Uint32Array(new SharedArrayBuffer(n * 4)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
};

/**
 * The worker-thread executor: one generic driver in every thread (piscina),
 * a plan's pieces spread over them. Up to `workers` plans run at once, each
 * with at most `workers` pieces out, so a small plan arriving during a large
 * one waits for one piece, not the whole plan. Threads start at once, so a
 * caller that compiles its scenario meanwhile overlaps the two.
 */
export function createThreadExecutor(options: PoolOptions = {}): Executor {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new RangeError(`workers must be a whole number >= 1 (got ${workers})`);
  const admission = new Admission(workers, options.maxQueue ?? DEFAULT_MAX_QUEUE);
  const piscina = startThreads(workers);
  let closed = false;

  function transport<T>(plan: Plan<T>, signal: AbortSignal) {
    const documents = new Map<string, SentScenario>(
      plan.scenarios.map((s) => [s.sha256, { sha256: s.sha256, document: s.document }]),
    );
    return {
      alloc: sharedAlloc,
      window: workers,
      async begin(stage: Stage<unknown>): Promise<StageRun> {
        const inputs: Record<string, PlanArray> = {};
        for (const [name, a] of Object.entries(stage.inputs)) inputs[name] = shared(a);
        // Outputs the plan allocated in shared memory are written in place; others come back as answers.
        const outputs: Record<string, PlanArray> = {};
        for (const [name, a] of Object.entries(stage.outputs ?? {}))
          if (a.buffer instanceof SharedArrayBuffer) outputs[name] = a;
        return {
          submit(_i, piece) {
            const task: ThreadTask = {
              kind: 'piece',
              piece,
              scenarios: piece.scenarios.map((sha) => documents.get(sha)!),
              inputs: Object.fromEntries(piece.inputs.map((name) => [name, inputs[name]!])),
              outputs: Object.fromEntries(
                (piece.outputs ?? []).flatMap((name) => (outputs[name] ? [[name, outputs[name]]] : [])),
              ),
            };
            return piscina.run(task, { signal });
          },
          end: async () => undefined,
        };
      },
    };
  }

  return {
    kind: 'threads',
    sizing: { trialSteps: THREAD_TRIAL_STEPS, parallelism: workers },
    workers,
    get pending() {
      return admission.pending;
    },
    run<T>(plan: Plan<T>, hooks: RunHooks = {}): Promise<Result<T, Problem[]>> {
      return admission.admit(hooks.signal as AbortSignal | undefined, (signal) =>
        drive(plan, { ...hooks, signal }, transport(plan, signal)),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      admission.close();
      await piscina.destroy();
    },
  };
}
