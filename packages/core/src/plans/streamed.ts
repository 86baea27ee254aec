/*
 * A streamed run or comparison in pieces (summarize/stream.ts says what is
 * streamed). Three stages:
 *   pilot   the first trials of every scenario, held (ranges of trials);
 *   sketch  by ranges of columns: each column's sketch bounds from the
 *           pilot, and the pilot's own blocks counted and summarized;
 *   blocks  the trials past the pilot by whole blocks: each piece counts its
 *           values into a sketch of its own and gives each block's moments.
 * Counts add in any order; moments are merged in block order, as one thread
 * merges them. A failure is the one a single thread reports: later pieces
 * still run the scenarios before the failing one, without summaries.
 */
import { streamedComparisonLayout } from '../compare/paired.js';
import type { Model } from '../model/model.js';
import { simulateInto, type TrialFailure } from '../simulate/simulate.js';
import { mergePartials, PARTIAL } from '../summarize/partial.js';
import { runShape } from '../summarize/shape.js';
import { copyBounds, emptyBounds, emptyCounts, type SketchBounds } from '../summarize/sketch.js';
import {
  blockPartials,
  countsLength,
  pilotBounds,
  streamBlocks,
  streamSizes,
  type BlockView,
} from '../summarize/stream.js';
import type { ScenarioFailure, StreamState } from '../summarize/stream-run.js';
import type { StreamLayout } from '../summarize/streamed.js';
import { Failures, ranges, simulateStage } from './trials.js';
import type { Alloc, Piece, PieceEnv, PieceKind, PieceSizing, Step } from './types.js';

/** The stream layout of scenarios (a comparison's base first) with `only` the compared ids, kept by the executor. */
function layoutOf(env: PieceEnv, shas: readonly string[], only: readonly string[] | null): StreamLayout {
  return env.memo(shas[0]!, `layout ${JSON.stringify([shas, only])}`, () =>
    streamedComparisonLayout(
      shas.map((sha) => runShape(env.model(sha))),
      only ?? undefined,
    ),
  );
}

const BOUNDS = ['bounds.values', 'bounds.sizes', 'bounds.guide', 'bounds.scale'] as const;

export interface SketchPiece extends Piece {
  readonly kind: 'stream-sketch';
  readonly only: readonly string[] | null;
  readonly pilotLen: number;
  /** Columns [from, to) of the layout. */
  readonly from: number;
  readonly to: number;
}

export interface SketchAnswer {
  readonly values: Float64Array;
  readonly sizes: Int32Array;
  readonly guide: Int32Array;
  readonly scale: Float64Array;
  readonly counts: Uint32Array;
  /** Per pilot block, per column of the range: PARTIAL numbers. */
  readonly partials: Float64Array;
}

export const sketchPiece: PieceKind<SketchPiece, SketchAnswer> = {
  compute(p, env) {
    const layout = layoutOf(env, p.scenarios, p.only);
    const sizes = streamSizes(layout.columns.length);
    const columns = layout.columns.slice(p.from, p.to);
    const views: BlockView[] = p.inputs.map((name) => ({
      values: env.input(name) as Float64Array,
      stride: p.pilotLen,
      offset: 0,
    }));
    const bounds = emptyBounds(columns.length, sizes.bounds);
    const scratch = new Float64Array(Math.max(p.pilotLen, sizes.block));
    pilotBounds(columns, views, p.pilotLen, bounds, 0, columns.length, scratch);
    const counts = emptyCounts(bounds);
    const blocks = streamBlocks(p.pilotLen, sizes.block);
    const per = columns.length * PARTIAL;
    const partials = new Float64Array(blocks.length * per);
    blocks.forEach(([from, to], b) => {
      const at = views.map((v) => ({ ...v, offset: from }));
      blockPartials(columns, at, to - from, bounds, counts, scratch, partials.subarray(b * per, (b + 1) * per));
    });
    return { values: bounds.values, sizes: bounds.sizes, guide: bounds.guide, scale: bounds.scale, counts, partials };
  },
};

export interface BlocksPiece extends Piece {
  readonly kind: 'stream-blocks';
  readonly only: readonly string[] | null;
  readonly seed: number;
  /** Trials [from, to): whole blocks past the pilot. */
  readonly from: number;
  readonly to: number;
  /** Count and summarize (false once a failure is known: only failures are looked for). */
  readonly stats: boolean;
}

export type BlocksAnswer =
  | { readonly partials: Float64Array; readonly counts: Uint32Array }
  | { readonly failures: ScenarioFailure[] };

export const blocksPiece: PieceKind<BlocksPiece, BlocksAnswer> = {
  compute(p, env) {
    const layout = layoutOf(env, p.scenarios, p.only);
    const sizes = streamSizes(layout.columns.length);
    const models = p.scenarios.map((sha) => env.model(sha));
    const runners = p.scenarios.map((sha, i) => env.memo(sha, 'runner', () => models[i]!.instantiate()));
    const buffers = models.map((m) => new Float64Array(m.recorded.length * m.time.times.length * sizes.block));
    let bounds: SketchBounds | undefined;
    if (p.stats) {
      const [values, sz, guide, scale] = BOUNDS.map((name) => env.input(name));
      bounds = {
        columns: layout.columns.length,
        capacity: sizes.bounds,
        values: values as Float64Array,
        sizes: sz as Int32Array,
        guide: guide as Int32Array,
        scale: scale as Float64Array,
      };
    }
    const counts = bounds ? new Uint32Array(countsLength(bounds)) : new Uint32Array(0);
    const blocks = streamBlocks(p.to - p.from, sizes.block);
    const per = layout.columns.length * PARTIAL;
    const partials = new Float64Array(bounds ? blocks.length * per : 0);
    const scratch = new Float64Array(sizes.block);
    const failures: ScenarioFailure[] = [];
    blocks.forEach(([a, b], k) => {
      const from = p.from + a;
      const to = p.from + b;
      const views = models.map((m, i): BlockView => {
        const view = { values: buffers[i]!, stride: to - from, offset: 0 };
        if (failures.some((f) => f.scenario === i)) return view;
        const f: TrialFailure | undefined = simulateInto(
          m,
          { seed: p.seed, from, to, runner: runners[i]! },
          buffers[i]!,
          to - from,
          from,
        );
        if (f) failures.push({ ...f, scenario: i });
        return view;
      });
      if (bounds && failures.length === 0)
        blockPartials(
          layout.columns,
          views,
          to - from,
          bounds,
          counts,
          scratch,
          partials.subarray(k * per, (k + 1) * per),
        );
    });
    return failures.length > 0 || !bounds ? { failures } : { partials, counts };
  },
};

/**
 * The stream of `models` (a comparison's base first) through `layout`'s
 * columns; `finish` makes the result from the merged state.
 */
export function streamedStart<T>(args: {
  readonly models: readonly Model[];
  readonly shas: readonly string[];
  readonly layout: StreamLayout;
  readonly only: readonly string[] | undefined;
  readonly trials: number;
  readonly seed: number;
  readonly sizing: PieceSizing;
  readonly alloc: Alloc;
  readonly failed: (failures: Failures) => Step<T>;
  readonly finish: (state: StreamState) => Step<T>;
}): Step<T> {
  const { models, shas, trials, seed, sizing, alloc } = args;
  const C = args.layout.columns.length;
  const sizes = streamSizes(C);
  const pilotLen = Math.min(sizes.pilot, trials);
  const only = args.only === undefined ? null : [...args.only];
  const failures = new Failures(models);
  const blocks = streamBlocks(trials, sizes.block);
  // Every block's moments, in block order: the pilot's from the sketch stage, the others from the blocks stage.
  const per = C * PARTIAL;
  const partials = alloc.f64(blocks.length * per);
  const bounds = emptyBounds(C, sizes.bounds, alloc);
  const counts = emptyCounts(bounds, alloc);
  const pilotNames = models.map((_, s) => `pilot${s}`);

  const blocksStage = (stats: boolean): Step<T> => {
    if (pilotLen >= trials) return failures.first ? args.failed(failures) : args.finish(state());
    const S = models.length;
    const maxSteps = Math.max(...models.map((m) => m.time.steps));
    const all = Math.ceil((trials - pilotLen) / sizes.block);
    const byWork = Math.floor((4 * sizing.trialSteps) / (sizes.block * (maxSteps + 1) * S));
    const byBalance = Math.ceil(all / (4 * sizing.parallelism));
    const perPiece = Math.max(1, Math.min(byWork, byBalance)) * sizes.block;
    const pieces: BlocksPiece[] = ranges(pilotLen, trials, Math.ceil((trials - pilotLen) / perPiece), perPiece).map(
      ([from, to]) => ({
        kind: 'stream-blocks',
        scenarios: shas,
        inputs: stats ? [...BOUNDS] : [],
        runs: (to - from) * S,
        only,
        seed,
        from,
        to,
        stats,
      }),
    );
    return {
      stage: {
        name: 'blocks',
        pieces,
        inputs: stats
          ? {
              'bounds.values': bounds.values,
              'bounds.sizes': bounds.sizes,
              'bounds.guide': bounds.guide,
              'bounds.scale': bounds.scale,
            }
          : {},
        wanted: (i) => failures.relevant(pieces[i]!.from) > 0,
        take(i, answer) {
          const a = answer as BlocksAnswer;
          if ('failures' in a) {
            for (const f of a.failures) failures.note(f, f.scenario);
            return;
          }
          partials.set(a.partials, (pieces[i]!.from / sizes.block) * per);
          for (let k = 0; k < a.counts.length; k++) {
            const x = a.counts[k]!;
            if (x !== 0) counts[k] = counts[k]! + x;
          }
        },
        next: () => (failures.first ? args.failed(failures) : args.finish(state())),
      },
    };
  };

  const state = (): StreamState => {
    const acc = new Float64Array(per);
    for (let b = 0; b < blocks.length; b++) mergePartials(acc, partials.subarray(b * per, (b + 1) * per), C);
    return { trials, acc, bounds, counts };
  };

  const sketchStage = (pilots: Float64Array[]): Step<T> => {
    const inputs: Record<string, Float64Array> = {};
    pilots.forEach((p, s) => {
      inputs[pilotNames[s]!] = p;
    });
    const pieces: SketchPiece[] = ranges(0, C, sizing.parallelism * 4).map(([from, to]) => ({
      kind: 'stream-sketch',
      scenarios: shas,
      inputs: pilotNames,
      runs: 0,
      only,
      pilotLen,
      from,
      to,
    }));
    const pilotBlocks = streamBlocks(pilotLen, sizes.block).length;
    const buckets = counts.length / C;
    return {
      stage: {
        name: 'sketch',
        pieces,
        inputs,
        wanted: () => true,
        take(i, answer) {
          const a = answer as SketchAnswer;
          const { from, to } = pieces[i]!;
          const n = to - from;
          copyBounds(bounds, from, { ...a, columns: n, capacity: bounds.capacity });
          counts.set(a.counts, from * buckets);
          for (let b = 0; b < pilotBlocks; b++)
            partials.set(a.partials.subarray(b * n * PARTIAL, (b + 1) * n * PARTIAL), b * per + from * PARTIAL);
        },
        next: () => blocksStage(true),
      },
    };
  };

  return {
    stage: simulateStage({
      models,
      shas,
      failures,
      seed,
      n: pilotLen,
      sizing,
      alloc,
      name: 'pilot',
      after: sketchStage,
      // Scenario 0 failing in the pilot is final; otherwise the scenarios before the failing one run on.
      failed: () => (failures.first!.scenario === 0 ? args.failed(failures) : blocksStage(false)),
    }),
  };
}
