/*
 * Exact summaries in pieces: once every trial is held, column statistics
 * (moments, quantiles by selection), targets and paired differences are
 * computed by ranges of columns, each a pure function of the held values.
 */
import {
  comparisonQuantiles,
  pairedColumns,
  pairedPlan,
  pairedStats,
  pairedStride,
  type PairedPlan,
} from '../compare/paired.js';
import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { statsStride, runShape, type RunShape } from '../summarize/shape.js';
import type { TargetResult } from '../summarize/document.js';
import { evaluateTargets, outputColumnStats } from '../summarize/summarize.js';
import { Failures, ranges, simulateStage } from './trials.js';
import type { Alloc, Piece, PieceEnv, PieceKind, PieceSizing, Stage, Step } from './types.js';

const shapeOf = (env: PieceEnv, sha: string): RunShape => env.memo(sha, 'shape', () => runShape(env.model(sha)));

export interface ColumnStatsPiece extends Piece {
  readonly kind: 'column-stats';
  /** Trials held in the input. */
  readonly n: number;
  /** Output columns [from, to): column c is output floor(c / T) at time c % T. */
  readonly from: number;
  readonly to: number;
}

export const columnStatsPiece: PieceKind<ColumnStatsPiece, Float64Array> = {
  compute(p, env) {
    return outputColumnStats(shapeOf(env, p.scenarios[0]!), env.input(p.inputs[0]!) as Float64Array, p.n, p.from, p.to);
  },
};

export interface TargetsPiece extends Piece {
  readonly kind: 'targets';
  readonly n: number;
}

export const targetsPiece: PieceKind<TargetsPiece, TargetResult[]> = {
  compute(p, env) {
    const model = env.model(p.scenarios[0]!);
    const values = env.input(p.inputs[0]!) as Float64Array;
    return evaluateTargets(model, { from: 0, to: p.n, times: model.time.times.length, values });
  },
};

export interface PairedStatsPiece extends Piece {
  readonly kind: 'paired-stats';
  readonly n: number;
  /** The alternative's index in the comparison's runs. */
  readonly run: number;
  readonly only: readonly string[] | null;
  readonly from: number;
  readonly to: number;
}

export const pairedStatsPiece: PieceKind<PairedStatsPiece, Float64Array> = {
  compute(p, env) {
    const [base, alt] = p.scenarios as [string, string];
    const baseShape = shapeOf(env, base);
    const plan = pairedPlan(baseShape, shapeOf(env, alt), p.run, p.only ?? undefined);
    const [b, a] = p.inputs as [string, string];
    const baseValues = env.input(b) as Float64Array;
    return pairedStats(
      plan,
      comparisonQuantiles(baseShape),
      baseValues,
      env.input(a) as Float64Array,
      p.n,
      new Float64Array(p.n),
      p.from,
      p.to,
    );
  },
};

/** Every summary of held runs: each scenario's packed output statistics and targets, each alternative's paired statistics. */
export interface Summaries {
  readonly stats: Float64Array[];
  readonly targets: TargetResult[][];
  readonly paired: Float64Array[];
}

/**
 * The summaries of `values[s]` (trials [0, n) of scenario s), and for a
 * comparison (`plans`, one per alternative) the paired differences with the
 * base's values.
 */
export function summaryStage<T>(args: {
  readonly shapes: readonly RunShape[];
  readonly shas: readonly string[];
  readonly values: readonly Float64Array[];
  readonly n: number;
  readonly plans: readonly PairedPlan[];
  readonly quantiles: readonly number[];
  readonly only: readonly string[] | undefined;
  readonly sizing: PieceSizing;
  readonly after: (s: Summaries) => Step<T>;
}): Stage<T> {
  const { shapes, shas, n, plans } = args;
  const parts = args.sizing.parallelism * 4;
  const inputs: Record<string, Float64Array> = {};
  args.values.forEach((v, s) => {
    inputs[`values${s}`] = v;
  });
  const pieces: Piece[] = [];
  const place: { what: 'stats' | 'targets' | 'paired'; of: number; at: number }[] = [];
  const strideOf = (sh: RunShape) => statsStride(sh.quantiles.length);
  const stats = shapes.map((sh) => new Float64Array(sh.outputs.length * sh.times.length * strideOf(sh)));
  const targets: TargetResult[][] = shapes.map(() => []);
  const S = pairedStride(args.quantiles.length);
  const paired = plans.map((plan) => new Float64Array(pairedColumns(plan) * S));
  shapes.forEach((sh, s) => {
    const input = [`values${s}`];
    const columns = sh.outputs.length * sh.times.length;
    for (const [from, to] of ranges(0, columns, parts)) {
      pieces.push({
        kind: 'column-stats',
        scenarios: [shas[s]!],
        inputs: input,
        runs: 0,
        n,
        from,
        to,
      } as ColumnStatsPiece);
      place.push({ what: 'stats', of: s, at: from * strideOf(sh) });
    }
    if (sh.targets > 0) {
      pieces.push({ kind: 'targets', scenarios: [shas[s]!], inputs: input, runs: 0, n } as TargetsPiece);
      place.push({ what: 'targets', of: s, at: 0 });
    }
  });
  plans.forEach((plan, a) => {
    for (const [from, to] of ranges(0, pairedColumns(plan), parts)) {
      pieces.push({
        kind: 'paired-stats',
        scenarios: [shas[0]!, shas[a + 1]!],
        inputs: ['values0', `values${a + 1}`],
        runs: 0,
        n,
        run: a + 1,
        only: args.only === undefined ? null : [...args.only],
        from,
        to,
      } as PairedStatsPiece);
      place.push({ what: 'paired', of: a, at: from * S });
    }
  });
  return {
    name: 'summarize',
    pieces,
    inputs,
    wanted: () => true,
    take(i, answer) {
      const { what, of, at } = place[i]!;
      if (what === 'targets') targets[of] = answer as TargetResult[];
      else (what === 'stats' ? stats : paired)[of]!.set(answer as Float64Array, at);
    },
    next: () => args.after({ stats, targets, paired }),
  };
}

/** The paired plans of a comparison. */
export const pairedPlans = (shapes: readonly RunShape[], only: readonly string[] | undefined): PairedPlan[] =>
  shapes.slice(1).map((alt, i) => pairedPlan(shapes[0]!, alt, i + 1, only));

/**
 * Every trial of every scenario held (`simulate`), then summarized
 * (`summarize`): a run is this with one scenario, a comparison with the
 * base first. Run one after another, a comparison stops at the first
 * scenario over its run limits (`overAt`, whose problems are `overLimits`):
 * the scenarios before it still run, since one of them failing is what
 * would be reported.
 */
export function exactStart<T>(args: {
  readonly models: readonly Model[];
  readonly shapes: readonly RunShape[];
  readonly shas: readonly string[];
  readonly trials: number;
  readonly seed: number;
  readonly sizing: PieceSizing;
  readonly alloc: Alloc;
  readonly plans: readonly PairedPlan[];
  readonly quantiles: readonly number[];
  readonly only: readonly string[] | undefined;
  readonly overAt?: number | undefined;
  readonly overLimits?: Problem[] | undefined;
  readonly failed: (problems: Problem[]) => Step<T>;
  readonly after: (s: Summaries) => Step<T>;
}): Step<T> {
  const { models, shas, trials, sizing } = args;
  const overAt = args.overAt ?? -1;
  const failures = new Failures(models, overAt < 0 ? models.length : overAt);
  return {
    stage: simulateStage({
      models,
      shas,
      failures,
      seed: args.seed,
      n: trials,
      sizing,
      alloc: args.alloc,
      failed: () => args.failed(failures.problems),
      after: (values) =>
        overAt >= 0
          ? args.failed(args.overLimits ?? [])
          : {
              stage: summaryStage({
                shapes: args.shapes,
                shas,
                values,
                n: trials,
                plans: args.plans,
                quantiles: args.quantiles,
                only: args.only,
                sizing,
                after: args.after,
              }),
            },
    }),
  };
}
