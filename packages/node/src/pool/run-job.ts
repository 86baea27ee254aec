import {
  err,
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
  type TrialFailure,
} from '@foresight/core';
import { ranges, sharedValues, type JobContext } from './context.js';
import type { PortableScenario } from './portable.js';
import type { PrepareReply, SimulateReply, TargetsReply } from './protocol.js';

export interface TrialOptions {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
}

/**
 * Trial-steps per simulation task at most (about a second of one core): small
 * enough for progress and for a job beside it to get a turn, large enough that
 * messages cost nothing. Results do not depend on it.
 */
const TASK_TRIAL_STEPS = 2_000_000;

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
  const parts = ranges(0, trials, Math.max(ctx.parallelism * 8, Math.ceil((trials * (shape.steps + 1)) / TASK_TRIAL_STEPS)), 16);
  await Promise.all(
    parts.map(async ([from, to]) => {
      if (first && first.trial < from) return;
      const reply = await ctx.exec<SimulateReply>({ kind: 'simulate', scenario: s, seed, from, to, values, stride: trials });
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
  const S = statsStride(shape.quantiles.length);
  const packed = new Float64Array(columns * S);
  const stats = Promise.all(
    ranges(0, columns, ctx.parallelism * 4).map(async ([from, to]) => {
      const part = await ctx.exec<Float64Array>({ kind: 'stats', shape, values, n, from, to });
      packed.set(part, from * S);
    }),
  );
  const targets = shape.targets > 0 ? ctx.exec<TargetsReply>({ kind: 'targets', scenario: s, values, n }) : Promise.resolve([]);
  const [, t] = await Promise.all([stats, targets]);
  return { outputs: outputsDocument(shape, packed), targets: t };
}

/** `runModel` through the pool: the same document, number for number. */
export async function runJob(ctx: JobContext, s: PortableScenario, o: TrialOptions): Promise<Result<RunResult, Problem[]>> {
  const started = Date.now();
  const shape = await prepare(ctx, s);
  if (!shape.ok) return shape;
  const { trials, seed } = resolveTrialsAndSeed(shape.value, o);
  const limits = runLimitProblems(shape.value, trials);
  if (limits.length > 0) return err(limits);
  ctx.expect(trials);
  const values = await simulateAll(ctx, s, shape.value, trials, seed);
  if (!values.ok) return values;
  const { outputs, targets } = await summarizeAll(ctx, s, shape.value, values.value, trials);
  return ok(runDocument(shape.value, { trials, seed, method: 'exact', elapsedMs: Date.now() - started }, outputs, targets));
}
