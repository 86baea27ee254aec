import {
  capProblems,
  err,
  nonFiniteRun,
  ok,
  outputsDocument,
  resolveTrialsAndSeed,
  runDocument,
  runLimitProblems,
  statsStride,
  type OutputSummary,
  type Problem,
  type Result,
  type RunResult,
  type RunShape,
  type TargetResult,
  type QuantileChoice,
  type StreamState,
  type TrialFailure,
  streamLayout,
  useSketch,
} from '@foresight/core';
import { packedByColumns, ranges, sharedValues, taskCount, type JobContext } from './context.js';
import type { PortableScenario } from './portable.js';
import type { FinishRunReply, PrepareReply, SimulateReply, TargetsReply } from './protocol.js';
import { streamJob } from './stream-job.js';

export interface TrialOptions {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
  readonly quantileMethod?: QuantileChoice | undefined;
}

/** Compile in a worker: the shape, or the problems `prepareSource` gives. */
export async function prepare(ctx: JobContext, s: PortableScenario): Promise<Result<RunShape, Problem[]>> {
  const reply = await ctx.exec<PrepareReply>({ kind: 'prepare', scenario: s });
  return reply.ok ? ok(reply.shape) : err(reply.problems);
}

/**
 * Every trial into one shared buffer, in ranges spread over the workers. A
 * failing trial is reported as a single thread reports it, the one with the
 * lowest index: ranges after a known failure are skipped, ranges before it
 * still run.
 */
export async function simulateAll(
  ctx: JobContext,
  s: PortableScenario,
  shape: RunShape,
  trials: number,
  seed: number,
): Promise<Result<Float64Array, Problem[]>> {
  const values = sharedValues(shape.rows * shape.times.length * trials);
  let first: TrialFailure | undefined;
  const parts = ranges(0, trials, taskCount(ctx, trials, shape.steps), 16);
  await Promise.all(
    parts.map(async ([from, to]) => {
      const reply = await ctx.execIf<SimulateReply>(() =>
        first && first.trial < from
          ? undefined
          : { kind: 'simulate', scenario: s, seed, from, to, values, stride: trials },
      );
      if (!reply) return;
      if (reply.failure && (!first || reply.failure.trial < first.trial)) first = reply.failure;
      ctx.advance(to - from);
    }),
  );
  return first ? err([first.problem]) : ok(values);
}

/** Output statistics (column ranges spread over the workers) and targets of a simulated run. */
export async function summarizeAll(
  ctx: JobContext,
  s: PortableScenario,
  shape: RunShape,
  values: Float64Array,
  n: number,
): Promise<{ outputs: Record<string, OutputSummary>; targets: TargetResult[] }> {
  const columns = shape.outputs.length * shape.times.length;
  const stats = packedByColumns(ctx, columns, statsStride(shape.quantiles.length), (from, to) => ({
    kind: 'stats',
    shape,
    values,
    n,
    from,
    to,
  }));
  const targets =
    shape.targets > 0 ? ctx.exec<TargetsReply>({ kind: 'targets', scenario: s, values, n }) : Promise.resolve([]);
  const [packed, t] = await Promise.all([stats, targets]);
  return { outputs: outputsDocument(shape, packed), targets: t };
}

/** `runModel` through the pool: the same document, number for number, and the same problems (capped, none non-finite). */
export async function runJob(
  ctx: JobContext,
  s: PortableScenario,
  o: TrialOptions,
): Promise<Result<RunResult, Problem[]>> {
  const shape = await prepare(ctx, s);
  if (!shape.ok) return shape;
  const r = await runShaped(ctx, s, shape.value, o);
  if (!r.ok) return err(capProblems(r.error));
  const bad = nonFiniteRun(shape.value, r.value);
  return bad ? err([bad]) : r;
}

async function runShaped(
  ctx: JobContext,
  s: PortableScenario,
  shape: RunShape,
  o: TrialOptions,
): Promise<Result<RunResult, Problem[]>> {
  const started = Date.now();
  const { trials, seed } = resolveTrialsAndSeed(shape, o);
  const columns = shape.rows * shape.times.length;
  const streamed = useSketch(o.quantileMethod, trials * columns, columns);
  const limits = runLimitProblems(shape, trials, streamed ? columns : undefined);
  if (limits.length > 0) return err(limits);
  if (streamed) {
    const layout = streamLayout([shape]);
    const state = await streamJob(ctx, [s], [shape], layout.columns, trials, seed);
    if (!state.ok) return state;
    const done = await finishRun(ctx, s, shape, state.value, 0);
    return ok(
      runDocument(
        shape,
        { trials, seed, method: 'sketch', rankError: done.rankError, elapsedMs: Date.now() - started },
        done.outputs,
        done.targets,
      ),
    );
  }
  ctx.expect(trials);
  const values = await simulateAll(ctx, s, shape, trials, seed);
  if (!values.ok) return values;
  const { outputs, targets } = await summarizeAll(ctx, s, shape, values.value, trials);
  return ok(runDocument(shape, { trials, seed, method: 'exact', elapsedMs: Date.now() - started }, outputs, targets));
}

/** A streamed run's outputs, targets and rank error, computed in a worker from the merged state. */
export function finishRun(
  ctx: JobContext,
  s: PortableScenario,
  shape: RunShape,
  state: StreamState,
  first: number,
): Promise<FinishRunReply> {
  return ctx.exec<FinishRunReply>({ kind: 'finish-run', scenario: s, shape, first, ...state });
}
