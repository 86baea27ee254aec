import type { Piscina } from 'piscina';
import type { Task } from './protocol.js';

/**
 * Trial-steps per simulation task at most (a fraction of a second of one core): small
 * enough for progress and for a job beside it to get a turn, large enough that
 * messages cost nothing. Results do not depend on it.
 */
export const TASK_TRIAL_STEPS = 2_000_000;

/**
 * One job's view of the pool: at most `limit` of its tasks run at once, so
 * the tasks of jobs running side by side interleave in piscina's queue and a
 * small job is not stuck behind every task of a large one. Aborting `signal`
 * aborts the job's tasks (piscina terminates a worker that is running one and
 * starts another).
 */
export class JobContext {
  readonly #piscina: Piscina;
  readonly #limit: number;
  readonly #waiters: (() => void)[] = [];
  readonly #onProgress: ((done: number, total: number) => void) | undefined;
  #active = 0;
  #done = 0;
  #total = 0;

  constructor(
    piscina: Piscina,
    limit: number,
    readonly signal: AbortSignal,
    onProgress: ((done: number, total: number) => void) | undefined,
  ) {
    this.#piscina = piscina;
    this.#limit = Math.max(1, limit);
    this.#onProgress = onProgress;
  }

  get parallelism(): number {
    return this.#limit;
  }

  exec<R>(task: Task): Promise<R> {
    return this.execIf(() => task) as Promise<R>;
  }

  /**
   * Run the task `make` gives once one of the job's slots is free, or nothing
   * (undefined) if it gives undefined then: a job decides with what it knows
   * by that time whether a task is still worth running.
   */
  async execIf<R>(make: () => Task | undefined): Promise<R | undefined> {
    if (this.#active >= this.#limit) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    else this.#active++;
    try {
      this.signal.throwIfAborted();
      const task = make();
      return task === undefined ? undefined : ((await this.#piscina.run(task, { signal: this.signal })) as R);
    } finally {
      const next = this.#waiters.shift();
      // The slot passes straight to the next waiter; otherwise it is freed.
      if (next) next();
      else this.#active--;
    }
  }

  /** Progress is counted in trials: `expect` adds to the total, `advance` to the done. */
  expect(trials: number): void {
    this.#total += trials;
  }

  advance(trials: number): void {
    this.#done += trials;
    this.#onProgress?.(this.#done, this.#total);
  }
}

/** Tasks to split `trials` runs of `steps` steps into: a few per worker, and none much over TASK_TRIAL_STEPS. */
export function taskCount(ctx: JobContext, trials: number, steps: number): number {
  return Math.max(ctx.parallelism * 8, Math.ceil((trials * (steps + 1)) / TASK_TRIAL_STEPS));
}

/**
 * Column statistics packed `stride` numbers per column, computed by ranges of
 * columns spread over the workers (`task` names one range's task).
 */
export async function packedByColumns(
  ctx: JobContext,
  columns: number,
  stride: number,
  task: (from: number, to: number) => Task,
): Promise<Float64Array> {
  const packed = new Float64Array(columns * stride);
  await Promise.all(
    ranges(0, columns, ctx.parallelism * 4).map(async ([from, to]) => {
      packed.set(await ctx.exec<Float64Array>(task(from, to)), from * stride);
    }),
  );
  return packed;
}

/** A Float64Array over shared memory, seen by every worker a view of it is sent to. */
export function sharedValues(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/** [from, to) split into at most `parts` consecutive ranges, each at least `min` long (but the last). */
export function ranges(from: number, to: number, parts: number, min = 1): [number, number][] {
  const n = to - from;
  if (n <= 0) return [];
  const size = Math.max(min, Math.ceil(n / Math.max(1, parts)));
  const out: [number, number][] = [];
  for (let a = from; a < to; a += size) out.push([a, Math.min(to, a + size)]);
  return out;
}
