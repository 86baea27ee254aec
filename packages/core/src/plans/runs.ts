/*
 * The plans of a run and of a comparison. Up to SKETCH_THRESHOLD stored
 * values, every trial is held (trial ranges, then column ranges of exact
 * summaries); past it the run streams (streamed.ts).
 */
import type { ComparisonResult } from '../compare/document.js';
import {
  alternativeDocument,
  comparisonProblems,
  comparisonQuantiles,
  streamedComparisonLayout,
} from '../compare/paired.js';
import { capProblems, type Problem } from '../errors.js';
import { nonFiniteComparison, nonFiniteRun } from '../finite.js';
import {
  checkCompareLimits,
  checkRunLimits,
  compareOperations,
  runOperations,
  storedValues,
  trialsAndSeed,
  type TrialOptions,
} from '../limits.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import type { RunResult } from '../summarize/document.js';
import { outputsDocument, runDocument, runShape, type RunShape } from '../summarize/shape.js';
import { useSketch, type QuantileChoice } from '../summarize/stream.js';
import { newErrorTracker, streamedPairedStats, streamedRunDocument } from '../summarize/streamed.js';
import { trialsCost, identityOf } from './cost.js';
import { columnStatsPiece, pairedPlans, pairedStatsPiece, exactStart, targetsPiece, type Summaries } from './exact.js';
import { planScenario } from './scenario.js';
import { LOCAL_SIZING } from './sequential.js';
import { blocksPiece, sketchPiece, streamedStart } from './streamed.js';
import { simulatePiece } from './trials.js';
import type { PieceKind, PieceRegistry, PieceSizing, Plan, Step } from './types.js';

export interface RunPlanOptions extends TrialOptions {
  /** `auto` (default): exact quantiles up to SKETCH_THRESHOLD stored values, streamed with the sketch past it. */
  readonly quantileMethod?: QuantileChoice | undefined;
}

export interface ComparePlanOptions extends RunPlanOptions {
  /** Compare only these ids; each must be an output of base or of an alternative. */
  readonly outputs?: readonly string[] | undefined;
}

/** The pieces of runs and comparisons. */
export const RUN_PIECES: PieceRegistry = {
  simulate: simulatePiece as PieceKind,
  'column-stats': columnStatsPiece as PieceKind,
  targets: targetsPiece as PieceKind,
  'paired-stats': pairedStatsPiece as PieceKind,
  'stream-sketch': sketchPiece as PieceKind,
  'stream-blocks': blocksPiece as PieceKind,
};

const failedWith = <T>(problems: Problem[]): Step<T> => ({ result: err(capProblems(problems)) });

/** The plan of a run: its limits checked, its cost counted, nothing run. */
export function runPlan(
  model: Model,
  options: RunPlanOptions = {},
  sizing: PieceSizing = LOCAL_SIZING,
): Result<Plan<RunResult>, Problem[]> {
  const { trials, seed } = trialsAndSeed(model, options);
  const columns = model.recorded.length * model.time.times.length;
  const streamed = useSketch(options.quantileMethod, storedValues(model, trials), columns);
  const limits = checkRunLimits(model, trials, streamed ? columns : undefined);
  if (limits.length > 0) return err(limits);
  const scenario = planScenario(model);
  const shas = [scenario.sha256];
  const models = [model];
  const method = streamed ? 'sketch' : 'exact';
  const shape = runShape(model);
  return ok({
    kind: 'run',
    identity: identityOf('run', shas, { trials, seed, method }),
    scenarios: [scenario],
    cost: trialsCost(models, trials, runOperations(model, trials), undefined, [shape]),
    kinds: RUN_PIECES,
    start(alloc) {
      const started = Date.now();
      // `stats`: the packed summaries the outputs were made of; when every one is finite, only the rest of the document is walked.
      const done = (doc: RunResult, stats?: Float64Array): Step<RunResult> => {
        const bad = nonFiniteRun(model, stats !== undefined && allFinite(stats) ? { ...doc, outputs: {} } : doc);
        return { result: bad ? err([bad]) : ok(doc) };
      };
      if (streamed) {
        return streamedStart({
          models,
          shas,
          layout: streamedComparisonLayout([shape], undefined),
          only: undefined,
          trials,
          seed,
          sizing,
          alloc,
          failed: (f) => failedWith(f.problems),
          finish: (state) =>
            done(streamedRunDocument(model, shape, state, 0, { trials, seed, elapsedMs: Date.now() - started })),
        });
      }
      return exactStart<RunResult>({
        models,
        shapes: [shape],
        shas,
        trials,
        seed,
        sizing,
        alloc,
        plans: [],
        quantiles: [],
        only: undefined,
        failed: failedWith,
        after: (s) =>
          done(
            exactDocument(shape, s, 0, { trials, seed, method: 'exact', elapsedMs: Date.now() - started }),
            s.stats[0],
          ),
      });
    },
  });
}

/** Whether every value is finite: a scan of a typed array, far cheaper than walking the document made of it. */
function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function exactDocument(
  shape: RunShape,
  s: Summaries,
  i: number,
  facts: { trials: number; seed: number; method: 'exact'; elapsedMs: number },
): RunResult {
  return runDocument(shape, facts, outputsDocument(shape, s.stats[i]!), s.targets[i]!);
}

/**
 * The plan of a comparison: every scenario with the base's trials and seed
 * (or the options'), each alternative compared with the base trial by trial.
 * Problems come as running them one after another gives them: the
 * comparison's usage problems, its limits, then the first scenario that
 * fails (over its run limits, or at its first non-finite trial).
 */
export function comparePlan(
  base: Model,
  alternatives: readonly Model[],
  options: ComparePlanOptions = {},
  sizing: PieceSizing = LOCAL_SIZING,
): Result<Plan<ComparisonResult>, Problem[]> {
  const { trials, seed } = trialsAndSeed(base, options);
  const models = [base, ...alternatives];
  const shapes = models.map(runShape);
  const only = options.outputs;
  const problems = comparisonProblems(shapes[0]!, shapes.slice(1), only);
  if (problems.length > 0) return err(problems);
  const over = checkCompareLimits(models, trials);
  if (over.length > 0) return err(over);
  const stored = models.reduce((sum, m) => sum + storedValues(m, trials), 0);
  const layout = streamedComparisonLayout(shapes, only);
  const streamed = useSketch(options.quantileMethod, stored, layout.columns.length);
  if (streamed) {
    const limits = checkRunLimits(base, trials, layout.columns.length);
    if (limits.length > 0) return err(limits);
  }
  // Run one after another, a comparison stops at the first scenario over its run limits.
  const limits = streamed ? [] : models.map((m) => checkRunLimits(m, trials));
  const overAt = limits.findIndex((l) => l.length > 0);
  const scenarios = models.map(planScenario);
  const shas = scenarios.map((s) => s.sha256);
  const quantiles = comparisonQuantiles(shapes[0]!);
  return ok({
    kind: 'compare',
    identity: identityOf('compare', shas, { trials, seed, only: only ?? null, method: streamed ? 'sketch' : 'exact' }),
    scenarios,
    cost: trialsCost(models, trials, compareOperations(models, trials), only, shapes),
    kinds: RUN_PIECES,
    start(alloc) {
      const started = Date.now();
      const done = (result: ComparisonResult): Step<ComparisonResult> => {
        const bad = nonFiniteComparison(models, result);
        return { result: bad ? err([bad]) : ok(result) };
      };
      if (streamed) {
        const { plans, ...columns } = layout;
        return streamedStart({
          models,
          shas,
          layout: columns,
          only,
          trials,
          seed,
          sizing,
          alloc,
          failed: (f) => failedWith(f.problems),
          finish(state) {
            const elapsedMs = Date.now() - started;
            const runs = models.map((m, i) =>
              streamedRunDocument(m, shapes[i]!, state, layout.valueStart[i]!, { trials, seed, elapsedMs }),
            );
            const rank = newErrorTracker();
            const comparisons = plans.map((plan, a) =>
              alternativeDocument(
                plan,
                quantiles,
                streamedPairedStats(plan, quantiles, state, layout.pairedStart[a]!, rank),
              ),
            );
            return done({
              base: base.document.id,
              trials,
              seed,
              runs,
              comparisons,
              quantile_method: 'sketch',
              quantile_rank_error: rank[0]!,
            });
          },
        });
      }
      const plans = pairedPlans(shapes, only);
      return exactStart<ComparisonResult>({
        models,
        shapes,
        shas,
        trials,
        seed,
        sizing,
        alloc,
        plans,
        quantiles,
        only,
        overAt,
        overLimits: limits[overAt],
        failed: failedWith,
        after(s) {
          const facts = { trials, seed, method: 'exact' as const, elapsedMs: Date.now() - started };
          const runs = shapes.map((shape, i) => exactDocument(shape, s, i, facts));
          const comparisons = plans.map((plan, a) => alternativeDocument(plan, quantiles, s.paired[a]!));
          return done({ base: base.document.id, trials, seed, runs, comparisons });
        },
      });
    },
  });
}
