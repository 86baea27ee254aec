/*
 * The reference executor: every piece in order, in this thread. Runs of
 * `runModel`, `compareModels`, `sensitivity` and `checkScenario` are this
 * executor running their plans; every other executor must give the same
 * bytes.
 */
import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Result } from '../result.js';
import type { Alloc, PieceEnv, PieceSizing, Plan, PlanArray, RunHooks, Stage } from './types.js';

/** Pieces for one thread: a third of a second of work each, at least 8 a stage (for progress). */
export const LOCAL_SIZING: PieceSizing = { trialSteps: 2_000_000, parallelism: 1 };

export const plainAlloc: Alloc = {
  f64: (n) => new Float64Array(n),
  u32: (n) => new Uint32Array(n),
  i32: (n) => new Int32Array(n),
};

/** Memos of one executor, kept per scenario while its model is kept. */
export class Memos {
  readonly #bySha = new Map<string, Map<string, unknown>>();

  get<T>(sha256: string, key: string, make: () => T): T {
    let m = this.#bySha.get(sha256);
    if (!m) {
      m = new Map();
      this.#bySha.set(sha256, m);
    }
    if (m.has(key)) return m.get(key) as T;
    const v = make();
    m.set(key, v);
    return v;
  }

  forget(sha256: string): void {
    this.#bySha.delete(sha256);
  }
}

/** The environment of a plan's pieces in the thread that made it: its own models. */
export function localEnv(plan: Plan<unknown>, memos: Memos = new Memos()): (stage: Stage<unknown>) => PieceEnv {
  const models = new Map<string, Model>(plan.scenarios.map((s) => [s.sha256, s.model]));
  return (stage) => ({
    model(sha) {
      const m = models.get(sha);
      if (!m) throw new Error(`internal: a piece names scenario ${sha}, which its plan does not`);
      return m;
    },
    input(name) {
      const a: PlanArray | undefined = stage.inputs[name];
      if (!a) throw new Error(`internal: a piece reads input '${name}', which its stage does not have`);
      return a;
    },
    output: (name) => stage.outputs?.[name],
    memo: (sha, key, make) => memos.get(sha, key, make),
  });
}

/**
 * A plan run piece by piece in order, in this thread: yields before each
 * piece (so an asynchronous caller can hear an abort), returns the result.
 */
export function* drivePlan<T>(plan: Plan<T>, hooks: RunHooks = {}): Generator<void, Result<T, Problem[]>> {
  const envOf = localEnv(plan as Plan<unknown>);
  const progress = newProgress(hooks);
  let step = plan.start(plainAlloc);
  while ('stage' in step) {
    const stage = step.stage;
    const env = envOf(stage as Stage<unknown>);
    progress.stage(stage);
    for (let i = 0; i < stage.pieces.length; i++) {
      yield;
      if (hooks.signal?.aborted) throw hooks.signal.reason;
      const piece = stage.pieces[i]!;
      if (!stage.wanted(i)) {
        progress.skipped(piece.runs);
        continue;
      }
      const kind = plan.kinds[piece.kind];
      if (!kind) throw new Error(`internal: no function for pieces of kind '${piece.kind}'`);
      stage.take(i, kind.compute(piece, env));
      progress.done(piece.runs);
    }
    step = stage.next();
  }
  return step.result;
}

/** Run a plan in this thread, piece by piece in order: the reference every executor is held to. */
export function runPlanSync<T>(plan: Plan<T>, hooks: RunHooks = {}): Result<T, Problem[]> {
  const run = drivePlan(plan, hooks);
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
  }
}

/** Progress of one plan: stages add their pieces and runs as they start. */
export function newProgress(hooks: RunHooks) {
  let pieces = 0;
  let piecesDone = 0;
  let runs = 0;
  let runsDone = 0;
  let retried = 0;
  const tell = () => hooks.onProgress?.({ pieces, piecesDone, runs, runsDone, retried });
  return {
    stage<T>(stage: Stage<T>) {
      pieces += stage.pieces.length;
      for (const p of stage.pieces) runs += p.runs;
    },
    done(r: number) {
      piecesDone++;
      runsDone += r;
      tell();
    },
    skipped(r: number) {
      pieces--;
      runs -= r;
    },
    retry() {
      retried++;
    },
  };
}
