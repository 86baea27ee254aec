/*
 * The one loop every asynchronous executor runs a plan with: stage after
 * stage, pieces handed to the executor's transport (`StageRun`) while at
 * most `window` are out, answers folded in as they come, pieces no longer
 * wanted (after a failure) skipped before they start and cancelled if only
 * queued. It knows nothing of what the pieces compute.
 */
import type { Plan, Problem, Progress, Result, RunHooks } from '@foresight/core';
import type { Alloc, Piece, Stage } from '@foresight/core/plans';

/** A piece's promise resolves to this when the transport took it back before it started. */
export const CANCELLED: unique symbol = Symbol('cancelled');

/** One stage on a transport: submit pieces, take back queued ones, release what the stage held. */
export interface StageRun {
  submit(index: number, piece: Piece): Promise<unknown>;
  /** Take a submitted piece back if it has not started (its promise then resolves to CANCELLED). */
  cancel?(index: number): void;
  /** The stage is over (done, failed or aborted): release its inputs and anything still queued. */
  end(): Promise<void>;
}

export interface Transport {
  readonly alloc: Alloc;
  /** Pieces of one plan out at once. */
  readonly window: number;
  begin(stage: Stage<unknown>): Promise<StageRun>;
  /** Pieces retried so far (a transport that recovers from dead workers counts them). */
  readonly retried?: () => number;
}

export async function drive<T>(plan: Plan<T>, hooks: RunHooks, transport: Transport): Promise<Result<T, Problem[]>> {
  const signal = hooks.signal as AbortSignal | undefined;
  let pieces = 0;
  let piecesDone = 0;
  let runs = 0;
  let runsDone = 0;
  const tell = () => {
    const p: Progress = { pieces, piecesDone, runs, runsDone, retried: transport.retried?.() ?? 0 };
    hooks.onProgress?.(p);
  };
  let step = plan.start(transport.alloc);
  while ('stage' in step) {
    const stage = step.stage as Stage<unknown>;
    pieces += stage.pieces.length;
    for (const p of stage.pieces) runs += p.runs;
    if (signal?.aborted) throw signal.reason;
    const run = await transport.begin(stage);
    try {
      await runStage(stage, run, transport.window, signal, {
        done(p) {
          piecesDone++;
          runsDone += p.runs;
          tell();
        },
        skipped(p) {
          pieces--;
          runs -= p.runs;
        },
      });
    } finally {
      await run.end();
    }
    step = stage.next() as typeof step;
  }
  return step.result;
}

function runStage(
  stage: Stage<unknown>,
  run: StageRun,
  window: number,
  signal: AbortSignal | undefined,
  count: { done(p: Piece): void; skipped(p: Piece): void },
): Promise<void> {
  const n = stage.pieces.length;
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let out = 0;
    let failed = false;
    const submitted = new Set<number>();
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    };
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const pump = () => {
      if (failed) return;
      while (out < window && next < n) {
        const i = next++;
        const piece = stage.pieces[i];
        if (piece === undefined) break;
        if (!stage.wanted(i)) {
          count.skipped(piece);
          continue;
        }
        out++;
        submitted.add(i);
        run.submit(i, piece).then(
          (answer) => {
            out--;
            submitted.delete(i);
            if (failed) return;
            if (answer === CANCELLED) count.skipped(piece);
            else {
              try {
                stage.take(i, answer);
              } catch (e) {
                fail(e);
                return;
              }
              count.done(piece);
              // A failure makes later pieces pointless: take back those only queued.
              for (const j of submitted) if (!stage.wanted(j)) run.cancel?.(j);
            }
            pump();
          },
          (e: unknown) => {
            out--;
            submitted.delete(i);
            fail(e);
          },
        );
      }
      if (out === 0 && next >= n && !failed) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
    };
    if (signal?.aborted) fail(signal.reason);
    else pump();
  });
}
