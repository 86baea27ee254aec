import type { TrialFailure } from '../simulate/simulate.js';
import type { SketchBounds } from './sketch.js';

/** What a streamed run leaves: merged moments of every column, and its sketch. */
export interface StreamState {
  readonly trials: number;
  /** PARTIAL numbers per column, merged over every block in order. */
  readonly acc: Float64Array;
  readonly bounds: SketchBounds;
  readonly counts: Uint32Array;
}

/** A failure, with the index of the scenario it happened in. */
export interface ScenarioFailure extends TrialFailure {
  readonly scenario: number;
}

/**
 * The failure a single thread reports when running scenarios one after
 * another: the first scenario that fails at all, at its first failing trial.
 */
export function firstFailure(
  a: ScenarioFailure | undefined,
  b: ScenarioFailure | undefined,
): ScenarioFailure | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.scenario < a.scenario || (b.scenario === a.scenario && b.trial < a.trial) ? b : a;
}
