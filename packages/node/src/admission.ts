/*
 * How many plans an executor runs at once, and how many wait: the same
 * rule for threads and for Redis, so a server answers 503 the same way.
 */

/** The queue of plans waiting for a turn is full: try again later (HTTP 503). */
export class BusyError extends Error {
  override readonly name = 'BusyError';
}

/** The executor was closed before or while the plan ran. */
export class ClosedError extends Error {
  override readonly name = 'ClosedError';
}

export const DEFAULT_MAX_QUEUE = 32;

interface Waiting {
  readonly start: () => void;
  readonly fail: (reason: unknown) => void;
}

/** Up to `running` plans at once, `maxQueue` more waiting (past that, BusyError), in order. */
export class Admission {
  readonly #waiting: Waiting[] = [];
  readonly #running = new Set<AbortController>();
  #closed = false;

  constructor(
    readonly running: number,
    readonly maxQueue: number,
  ) {
    if (!Number.isSafeInteger(maxQueue) || maxQueue < 0)
      throw new RangeError(`maxQueue must be a whole number >= 0 (got ${maxQueue})`);
  }

  get pending(): number {
    return this.#running.size + this.#waiting.length;
  }

  /**
   * Run `body` when a turn comes, with a signal aborted when the caller's
   * `signal` is or the executor closes. Rejects with BusyError at once when
   * the queue is full.
   */
  admit<T>(signal: AbortSignal | undefined, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new ClosedError('the executor is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#running.size >= this.running && this.#waiting.length >= this.maxQueue) {
      return Promise.reject(
        new BusyError(`the executor is busy: ${this.#running.size} plans running and ${this.#waiting.length} waiting`),
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
      const entry: Waiting = {
        start: () => {
          this.#running.add(controller);
          body(controller.signal).then(
            (value) => {
              this.#finish(controller);
              settle(() => resolve(value));
            },
            (e: unknown) => {
              this.#finish(controller);
              settle(() => reject(controller.signal.aborted ? controller.signal.reason : e));
            },
          );
        },
        fail: (reason) => {
          controller.abort(reason);
          settle(() => reject(reason));
        },
      };
      const onAbort = () => {
        const i = this.#waiting.indexOf(entry);
        if (i >= 0) this.#waiting.splice(i, 1);
        entry.fail(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(entry);
      this.#startNext();
    });
  }

  /** Reject every plan, running or waiting; later ones too. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const reason = new ClosedError('the executor was closed');
    for (const w of this.#waiting.splice(0)) w.fail(reason);
    for (const c of this.#running) c.abort(reason);
  }

  // The turn is freed before the caller hears of the result, so `pending` never counts a settled plan.
  #finish(controller: AbortController): void {
    this.#running.delete(controller);
    this.#startNext();
  }

  #startNext(): void {
    while (!this.#closed && this.#running.size < this.running) {
      const next = this.#waiting.shift();
      if (!next) return;
      next.start();
    }
  }
}
