import type { Piece, PlanArray } from '@foresight/core/plans';

/**
 * The messages of a worker thread: it knows pieces, scenarios and arrays,
 * never what an analysis is. Arrays of a stage's inputs live in shared
 * memory (every thread sees the same bytes, nothing is copied); answers come
 * back with their arrays transferred.
 */
export type ThreadTask = PieceTask;

/** A scenario as a worker is sent it: its document and the hash that names it. */
export interface SentScenario {
  readonly sha256: string;
  readonly document: unknown;
}

/** Compute one piece; the scenarios it names come with it (a worker compiles each once and keeps it). */
export interface PieceTask {
  readonly kind: 'piece';
  readonly piece: Piece;
  readonly scenarios: readonly SentScenario[];
  readonly inputs: Readonly<Record<string, PlanArray>>;
  /** Stage outputs in shared memory, which the piece writes its part of in place (absent for a process in another machine). */
  readonly outputs?: Readonly<Record<string, PlanArray>>;
}
