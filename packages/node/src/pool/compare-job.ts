import {
  alternativeDocument,
  capProblems,
  comparisonLimitProblems,
  nonFiniteComparison,
  comparisonProblems,
  comparisonQuantiles,
  err,
  ok,
  pairedColumns,
  pairedPlan,
  pairedStride,
  resolveTrialsAndSeed,
  runDocument,
  runLimitProblems,
  type AlternativeComparison,
  type ComparisonResult,
  type Problem,
  type Result,
  type RunResult,
  type RunShape,
  streamedComparisonLayout,
  useSketch,
} from '@foresight/core';
import { packedByColumns, type JobContext } from './context.js';
import type { PortableScenario } from './portable.js';
import { finishRun, prepare, simulateAll, summarizeAll, type TrialOptions } from './run-job.js';
import { streamJob } from './stream-job.js';

export interface CompareJobOptions extends TrialOptions {
  readonly outputs?: readonly string[] | undefined;
}

/**
 * `compareModels` through the pool. Problems come out as the single-threaded
 * chain gives them: every scenario's compile problems (base first), then the
 * comparison's usage problems, then the first scenario in order whose run
 * fails (its limits, or its first non-finite trial).
 */
export async function compareJob(
  ctx: JobContext,
  base: PortableScenario,
  alternatives: readonly PortableScenario[],
  o: CompareJobOptions,
): Promise<Result<ComparisonResult, Problem[]>> {
  const scenarios = [base, ...alternatives];
  const prepared = await Promise.all(scenarios.map((s) => prepare(ctx, s)));
  const compileProblems = prepared.flatMap((p) => (p.ok ? [] : p.error));
  if (compileProblems.length > 0) return err(compileProblems);
  const shapes = prepared.map((p) => (p as { ok: true; value: RunShape }).value);
  const r = await compareShaped(ctx, scenarios, shapes, o);
  if (!r.ok) return err(capProblems(r.error));
  const bad = nonFiniteComparison(shapes, r.value);
  return bad ? err([bad]) : r;
}

async function compareShaped(
  ctx: JobContext,
  scenarios: readonly PortableScenario[],
  shapes: readonly RunShape[],
  o: CompareJobOptions,
): Promise<Result<ComparisonResult, Problem[]>> {
  const started = Date.now();
  const [baseShape, ...altShapes] = shapes as [RunShape, ...RunShape[]];
  const { trials, seed } = resolveTrialsAndSeed(baseShape, o);
  const usage = comparisonProblems(baseShape, altShapes, o.outputs);
  if (usage.length > 0) return err(usage);
  const over = comparisonLimitProblems(shapes, trials);
  if (over.length > 0) return err(over);
  const stored = shapes.reduce((sum, sh) => sum + trials * sh.rows * sh.times.length, 0);
  const layout = streamedComparisonLayout(shapes, o.outputs);
  if (useSketch(o.quantileMethod, stored, layout.columns.length))
    return compareStreamed(ctx, scenarios, shapes, layout, trials, seed, started);

  // A single thread stops at the first scenario whose limits or trials fail;
  // scenarios past one over the limits are never run.
  const limits = shapes.map((sh) => runLimitProblems(sh, trials));
  const overAt = limits.findIndex((l) => l.length > 0);
  const running = overAt < 0 ? shapes.length : overAt;
  ctx.expect(trials * running);
  const simulated = await Promise.all(
    shapes.slice(0, running).map((sh, i) => simulateAll(ctx, scenarios[i]!, sh, trials, seed)),
  );
  const failed = simulated.find((r) => !r.ok);
  if (failed && !failed.ok) return failed;
  if (overAt >= 0) return err(limits[overAt]!);
  const values = simulated.map((r) => (r as { ok: true; value: Float64Array }).value);

  const quantiles = comparisonQuantiles(baseShape);
  const plans = altShapes.map((alt, i) => pairedPlan(baseShape, alt, i + 1, o.outputs));
  const S = pairedStride(quantiles.length);
  const [summaries, comparisons] = await Promise.all([
    Promise.all(shapes.map((sh, i) => summarizeAll(ctx, scenarios[i]!, sh, values[i]!, trials))),
    Promise.all(
      plans.map(async (plan, i): Promise<AlternativeComparison> => {
        const packed = await packedByColumns(ctx, pairedColumns(plan), S, (from, to) => ({
          kind: 'paired',
          plan,
          quantiles,
          base: values[0]!,
          alt: values[i + 1]!,
          n: trials,
          from,
          to,
        }));
        return alternativeDocument(plan, quantiles, packed);
      }),
    ),
  ]);
  const elapsedMs = Date.now() - started;
  const runs: RunResult[] = shapes.map((sh, i) =>
    runDocument(sh, { trials, seed, method: 'exact', elapsedMs }, summaries[i]!.outputs, summaries[i]!.targets),
  );
  return ok({ base: baseShape.scenario, trials, seed, runs, comparisons });
}

/** `compareModels`'s streamed comparison through the pool. */
async function compareStreamed(
  ctx: JobContext,
  scenarios: readonly PortableScenario[],
  shapes: readonly RunShape[],
  layout: ReturnType<typeof streamedComparisonLayout>,
  trials: number,
  seed: number,
  started: number,
): Promise<Result<ComparisonResult, Problem[]>> {
  const limits = runLimitProblems(shapes[0]!, trials, layout.columns.length);
  if (limits.length > 0) return err(limits);
  const plans = layout.plans;
  const state = await streamJob(ctx, scenarios, shapes, layout.columns, trials, seed);
  if (!state.ok) return state;
  const quantiles = comparisonQuantiles(shapes[0]!);
  const [finished, paired] = await Promise.all([
    Promise.all(shapes.map((sh, i) => finishRun(ctx, scenarios[i]!, sh, state.value, layout.valueStart[i]!))),
    Promise.all(
      plans.map((plan, a) =>
        ctx.exec<Float64Array>({
          kind: 'finish-paired',
          plan,
          quantiles,
          first: layout.pairedStart[a]!,
          ...state.value,
        }),
      ),
    ),
  ]);
  const elapsedMs = Date.now() - started;
  const runs = shapes.map((sh, i) =>
    runDocument(
      sh,
      { trials, seed, method: 'sketch', rankError: finished[i]!.rankError, elapsedMs },
      finished[i]!.outputs,
      finished[i]!.targets,
    ),
  );
  let rank = 0;
  const comparisons = plans.map((plan, a) => {
    const packed = paired[a]!;
    rank = Math.max(rank, packed[packed.length - 1]!);
    return alternativeDocument(plan, quantiles, packed.subarray(0, packed.length - 1));
  });
  return ok({
    base: shapes[0]!.scenario,
    trials,
    seed,
    runs,
    comparisons,
    quantile_method: 'sketch',
    quantile_rank_error: rank,
  });
}
