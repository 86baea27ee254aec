/*
 * Every analysis is a plan: serializable pieces, a pure function that
 * computes one piece, and an exact merge of their answers. Core runs a plan
 * in sequence (`runPlanSync`, the reference); executors (in process, worker
 * threads, worker processes through a queue) only schedule pieces: none of
 * them knows what a run, a comparison or a Sobol analysis is.
 *
 * A plan goes through stages. A stage's pieces may be computed in any order,
 * anywhere; `take` folds each answer in, and `next` (once every wanted piece
 * has answered) merges them exactly, in piece order, and says what comes
 * next: another stage (which may depend on the merged answers of this one,
 * as Sobol's bootstrap depends on its rows) or the result.
 */
import type { KeyPath, Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import type { Result } from '../result.js';
import type { ScenarioDocument } from '../scenario/schema.js';
import type { Position } from '../scenario/source.js';

/** Arrays a piece reads (a stage's inputs) or answers with; executors share or transfer them. */
export type PlanArray = Float64Array | Uint32Array | Int32Array;

/**
 * One piece of work, as plain data: numbers, strings, arrays and objects of
 * them, typed arrays (structured-clone and codec safe). `kind` names the
 * function that computes it (a `PieceKind`).
 */
export interface Piece {
  readonly kind: string;
  /** The scenarios the piece runs, by document sha256 (`PlanScenario.sha256`). */
  readonly scenarios: readonly string[];
  /** Names of the stage inputs the piece reads. */
  readonly inputs: readonly string[];
  /** Names of the stage outputs the piece may write its answer into, in place (`PieceEnv.output`). */
  readonly outputs?: readonly string[] | undefined;
  /** Model runs (trials) the piece simulates: what progress counts. */
  readonly runs: number;
}

/** What a piece function may use besides its piece: all of it resolved by the executor. */
export interface PieceEnv {
  /** The compiled model of a scenario the piece names; compiled once per executor and kept. */
  model(sha256: string): Model;
  /** A stage input the piece names. */
  input(name: string): PlanArray;
  /**
   * A stage output the piece names, where the executor shares memory with
   * the piece (this thread, or threads with shared memory): the piece writes
   * its own part of it in place and answers without it. Elsewhere undefined:
   * the piece answers with its part, and the stage copies it into place.
   */
  output(name: string): PlanArray | undefined;
  /**
   * A value kept with the executor between pieces (a trial runner, a Sobol
   * design): made once per key by `make`, dropped with the model it belongs to.
   */
  memo<T>(sha256: string, key: string, make: () => T): T;
}

/** The function that computes pieces of one kind: pure in the piece and what `env` resolves. */
export interface PieceKind<P extends Piece = Piece, A = unknown> {
  compute(piece: P, env: PieceEnv): A;
}

/** Piece functions by kind: what a worker can compute. */
export type PieceRegistry = Readonly<Record<string, PieceKind>>;

/** A scenario a plan runs: its flattened, validated document and its sha256 (provenance's `document_sha256`). */
export interface PlanScenario {
  readonly sha256: string;
  readonly document: ScenarioDocument;
  /** The model compiled where the plan was made: an in-process executor uses it as it is. */
  readonly model: Model;
}

/** Arrays of a stage's merged answers, allocated by the executor (shared memory for threads). */
export interface Alloc {
  f64(length: number): Float64Array;
  u32(length: number): Uint32Array;
  i32(length: number): Int32Array;
}

export type Step<T> = { readonly stage: Stage<T> } | { readonly result: Result<T, Problem[]> };

export interface Stage<T> {
  /** For people and logs: `simulate`, `summarize`, `rows`, `bootstrap`... */
  readonly name: string;
  readonly pieces: readonly Piece[];
  /** Read-only data the pieces may read (merged answers of earlier stages), by name. */
  readonly inputs: Readonly<Record<string, PlanArray>>;
  /**
   * The arrays the stage merges its pieces' answers into, by name: an
   * executor that shares memory with its pieces hands them over, and each
   * piece writes its own, disjoint part in place.
   */
  readonly outputs?: Readonly<Record<string, PlanArray>> | undefined;
  /**
   * Whether piece i can still change the result, given the answers taken so
   * far: false for pieces after a known failure, which are then cancelled if
   * not yet started.
   */
  wanted(i: number): boolean;
  /** Fold in piece i's answer; answers arrive in any order, each once. */
  take(i: number, answer: unknown): void;
  /** Every wanted piece has answered: merge, and say what comes next. */
  next(): Step<T>;
}

/**
 * What a plan costs, known before any work: executors and their callers
 * compare it with their own budgets (a server's limits); the engine's own
 * limits were checked when the plan was made.
 */
export interface PlanCost {
  /** Model runs in all: trials of every scenario, probes of a check, runs of a sensitivity analysis. */
  readonly runs: CostMeasure;
  /** Model runs x time steps, summed over the scenarios. */
  readonly trialSteps: CostMeasure;
  /** Values held at once to compute exact summaries (8 bytes each). */
  readonly storedValues: CostMeasure;
  /** Engine operations (what `RUN_LIMITS.maxOperations` bounds). */
  readonly operations: number;
  /** Time steps of each scenario. */
  readonly steps: readonly StepsMeasure[];
  /** Trials asked of each scenario (runs and comparisons), or property runs per assumption (checks). */
  readonly trials?: CostMeasure | undefined;
  /**
   * The result document: `amount` bytes of compact JSON at most (what a
   * server answers and a job store keeps), `values` the numbers in it.
   */
  readonly result: ResultMeasure;
}

/** One quantity of a cost, with the words and the place a problem about it uses. */
export interface CostMeasure {
  readonly amount: number;
  /** How it was counted, for a message: `2 scenarios x 3,000 trials x their steps`. */
  readonly counted: string;
  /** What to ask less of, for a message: `ask for fewer trials or scenarios`. */
  readonly fewer: string;
  /** Where a problem about it points. */
  readonly path: KeyPath;
  readonly at: Position;
}

/** The size of a plan's result document; `amount` is in bytes. */
export interface ResultMeasure extends CostMeasure {
  readonly values: number;
}

export interface StepsMeasure {
  readonly scenario: string;
  readonly steps: number;
  readonly at: Position;
}

export interface Plan<T> {
  /** `run`, `compare`, `check`, `sensitivity`, ... */
  readonly kind: string;
  /**
   * What determines the result: sha256 of the engine version, the kind, the
   * scenarios' hashes and the options that change a number (not how the
   * work is split). Equal identities give equal results.
   */
  readonly identity: string;
  readonly scenarios: readonly PlanScenario[];
  readonly cost: PlanCost;
  /** The functions of the piece kinds this plan uses (an in-process executor calls them directly). */
  readonly kinds: PieceRegistry;
  /** The first step; `alloc` makes the arrays the plan merges answers into. */
  start(alloc: Alloc): Step<T>;
}

/** How big pieces should be, chosen by the executor (results never depend on it). */
export interface PieceSizing {
  /** Trial-steps of one piece at most, about: 2 million is a third of a second of one core. */
  readonly trialSteps: number;
  /** Pieces that can run at once: a stage is split into at least a few pieces per worker. */
  readonly parallelism: number;
}

/** Pieces and model runs done of those known so far. */
export interface Progress {
  readonly pieces: number;
  readonly piecesDone: number;
  readonly runs: number;
  readonly runsDone: number;
  /** Pieces computed again because the worker computing them stopped (distributed executors). */
  readonly retried: number;
}

/** An AbortSignal, as far as core needs one (core has no DOM or Node types). */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface RunHooks {
  readonly signal?: StopSignal | undefined;
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

/** Where pieces are computed. The result is the same, to the byte, on every executor. */
export interface Executor {
  /** `in-process`, `threads` or `redis`. */
  readonly kind: string;
  /** How big this executor wants pieces (pass it when making a plan). */
  readonly sizing: PieceSizing;
  /** Worker threads or processes known to take pieces. */
  readonly workers: number;
  /** Plans queued or running. */
  readonly pending: number;
  /**
   * Run a plan to its result. Problems of the analysis (and an executor that
   * cannot reach its workers: code `io`) are the result's error; an aborted
   * `signal` rejects with its reason.
   */
  run<T>(plan: Plan<T>, hooks?: RunHooks): Promise<Result<T, Problem[]>>;
  close(): Promise<void>;
}
