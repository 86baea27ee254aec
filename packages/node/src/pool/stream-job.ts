import {
  emptyBounds,
  emptyCounts,
  err,
  firstFailure,
  mergePartials,
  ok,
  PARTIAL,
  streamSizes,
  type Problem,
  type Result,
  type RunShape,
  type ScenarioFailure,
  type StreamColumn,
  type StreamState,
} from '@foresight/core';
import { ranges, sharedValues, TASK_TRIAL_STEPS, type JobContext } from './context.js';
import type { PortableScenario } from './portable.js';
import type { SimulateReply, StreamFailures } from './protocol.js';

/**
 * `streamRun` of the core through the pool: the pilot is simulated in ranges
 * into shared buffers, workers take the sketch bounds from it by column
 * ranges, then take blocks of trials, adding their counts to one shared
 * count array and sending back each block's partial moments, which are merged
 * here in block order. A failure is the one a single thread reports: the
 * first scenario that fails, at its first failing trial; blocks go on being
 * run for the scenarios before it, and only for those.
 */
export async function streamJob(
  ctx: JobContext,
  scenarios: readonly PortableScenario[],
  shapes: readonly RunShape[],
  columns: readonly StreamColumn[],
  trials: number,
  seed: number,
): Promise<Result<StreamState, Problem[]>> {
  const S = scenarios.length;
  const sizes = streamSizes(columns.length);
  const pilotLen = Math.min(sizes.pilot, trials);
  const pilots = shapes.map((sh) => sharedValues(sh.rows * sh.times.length * pilotLen));
  let failure: ScenarioFailure | undefined;
  // Scenarios still worth running for trials from `from` on.
  const relevant = (from: number) => (!failure ? S : from < failure.trial ? failure.scenario + 1 : failure.scenario);
  ctx.expect(trials * S);

  const maxSteps = Math.max(...shapes.map((sh) => sh.steps));
  const pilotParts = ranges(0, pilotLen, ctx.parallelism * 4, 16);
  await Promise.all(
    scenarios.flatMap((s, i) =>
      pilotParts.map(async ([from, to]) => {
        const reply = await ctx.execIf<SimulateReply>(() =>
          relevant(from) > i
            ? { kind: 'simulate', scenario: s, seed, from, to, values: pilots[i]!, stride: pilotLen }
            : undefined,
        );
        if (!reply) return;
        if (reply.failure) failure = firstFailure(failure, { ...reply.failure, scenario: i });
        ctx.advance(to - from);
      }),
    ),
  );

  const bounds = emptyBounds(columns.length, sizes.bounds, true);
  const counts = emptyCounts(bounds, true);
  if (!failure) {
    await Promise.all(
      ranges(0, columns.length, ctx.parallelism * 4).map(([from, to]) =>
        ctx.exec({ kind: 'bounds', columns, pilots, pilotLen, bounds, from, to }),
      ),
    );
  }

  const blocksPerTask = Math.max(1, Math.floor(TASK_TRIAL_STEPS / (sizes.block * (maxSteps + 1) * S)));
  const taskTrials = blocksPerTask * sizes.block;
  const partials = new Map<number, Float64Array>();
  const tasks = ranges(0, trials, Math.ceil(trials / taskTrials), taskTrials);
  await Promise.all(
    tasks.map(async ([from, to]) => {
      let stats = false;
      let running = 0;
      const reply = await ctx.execIf<Float64Array | StreamFailures>(() => {
        running = relevant(from);
        stats = !failure;
        if (running === 0 || (!stats && to <= pilotLen)) return undefined;
        return {
          kind: 'stream',
          scenarios,
          relevant: running,
          stats,
          seed,
          from,
          to,
          block: sizes.block,
          pilots,
          pilotLen,
          columns,
          bounds,
          counts,
        };
      });
      if (!reply) return;
      if (reply instanceof Float64Array) partials.set(from, reply);
      else for (const f of reply.failures) failure = firstFailure(failure, f);
      // The pilot's trials were counted when they were simulated.
      ctx.advance(Math.max(0, to - Math.max(from, pilotLen)) * running);
    }),
  );
  if (failure) return err([failure.problem]);

  const acc = new Float64Array(columns.length * PARTIAL);
  const perBlock = columns.length * PARTIAL;
  for (const [from] of tasks) {
    const part = partials.get(from)!;
    for (let at = 0; at < part.length; at += perBlock)
      mergePartials(acc, part.subarray(at, at + perBlock), columns.length);
  }
  return ok({ trials, acc, bounds, counts });
}
