import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import { simulateInto, type TrialFailure } from '../simulate/simulate.js';
import { mergePartials, PARTIAL } from './partial.js';
import { emptyBounds, emptyCounts, type SketchBounds } from './sketch.js';
import { blockPartials, pilotBounds, streamBlocks, streamSizes, type BlockView, type StreamColumn } from './stream.js';

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

/**
 * Stream trials [0, trials) of one or more scenarios (a comparison's base
 * first) through the summaries of `columns`. On a failure, the scenarios
 * before the failing one are still run to the end, since one of them failing
 * later is what running them one after another would report.
 */
export function streamRun(
  models: readonly Model[],
  columns: readonly StreamColumn[],
  trials: number,
  seed: number,
  onProgress?: (done: number, total: number) => void,
): Result<StreamState, Problem[]> {
  const sizes = streamSizes(columns.length);
  const pilotLen = Math.min(sizes.pilot, trials);
  const runners = models.map((m) => m.instantiate());
  const rowsOf = (m: Model) => m.recorded.length * m.time.times.length;
  let failure: ScenarioFailure | undefined;
  let done = 0;
  const simulateAll = (from: number, to: number, into: Float64Array[]) => {
    models.forEach((m, i) => {
      if (failure && i >= failure.scenario) return;
      const f = simulateInto(m, { seed, from, to, runner: runners[i]! }, into[i]!, to - from, from);
      if (f) failure = firstFailure(failure, { ...f, scenario: i });
      done += to - from;
      onProgress?.(done, trials * models.length);
    });
  };

  const pilots = models.map((m) => new Float64Array(rowsOf(m) * pilotLen));
  simulateAll(0, pilotLen, pilots);
  const bounds = emptyBounds(columns.length, sizes.bounds);
  const counts = emptyCounts(bounds);
  const acc = new Float64Array(columns.length * PARTIAL);
  const scratch = new Float64Array(Math.max(pilotLen, sizes.block));
  // One block's partial moments, rewritten by every block.
  const part = new Float64Array(columns.length * PARTIAL);
  if (!failure) {
    const views = pilots.map((values) => ({ values, stride: pilotLen, offset: 0 }));
    pilotBounds(columns, views, pilotLen, bounds, 0, columns.length, scratch);
  }
  const buffers = models.map((m) => new Float64Array(rowsOf(m) * sizes.block));
  for (const [from, to] of streamBlocks(trials, sizes.block)) {
    let views: BlockView[];
    if (to <= pilotLen) views = pilots.map((values) => ({ values, stride: pilotLen, offset: from }));
    else {
      simulateAll(from, to, buffers);
      views = buffers.map((values) => ({ values, stride: to - from, offset: 0 }));
    }
    if (failure) {
      if (failure.scenario === 0) break;
      continue;
    }
    mergePartials(acc, blockPartials(columns, views, to - from, bounds, counts, scratch, part), columns.length);
  }
  return failure ? err([failure.problem]) : ok({ trials, acc, bounds, counts });
}
