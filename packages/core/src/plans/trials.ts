/*
 * Trials in pieces: ranges of trials of one or more scenarios, simulated
 * anywhere (every draw comes from a stream of (seed, trial, name)), and the
 * failure a single thread would report, whatever order the pieces ran in.
 */
import type { Problem } from '../errors.js';
import type { Model } from '../model/model.js';
import { simulateInto, type TrialFailure } from '../simulate/simulate.js';
import { firstFailure, type ScenarioFailure } from '../summarize/stream-run.js';
import { placed } from './scenario.js';
import type { Alloc, Piece, PieceEnv, PieceKind, PieceSizing, Stage, Step } from './types.js';

/** [from, to) split into at most `parts` consecutive ranges, each at least `min` long (but the last). */
export function ranges(from: number, to: number, parts: number, min = 1): [number, number][] {
  const n = to - from;
  if (n <= 0) return [];
  const size = Math.max(min, Math.ceil(n / Math.max(1, parts)));
  const out: [number, number][] = [];
  for (let a = from; a < to; a += size) out.push([a, Math.min(to, a + size)]);
  return out;
}

/** Ranges of `n` runs of `steps` steps for an executor: a few per worker, none much over its trial-steps. */
export function runRanges(n: number, steps: number, sizing: PieceSizing, min = 16): [number, number][] {
  const parts = Math.max(sizing.parallelism * 8, Math.ceil((n * (steps + 1)) / sizing.trialSteps));
  return ranges(0, n, parts, min);
}

/**
 * The failure running scenarios one after another reports: the first
 * scenario that fails at all, at its lowest failing trial. Pieces that could
 * not lower it are not wanted.
 */
export class Failures {
  first: ScenarioFailure | undefined;
  constructor(
    readonly models: readonly Model[],
    /** Scenarios that run at all (a comparison stops before one over its limits). */
    readonly count = models.length,
  ) {}

  /** Scenarios (a prefix) still worth running for trials from `from` on. */
  relevant(from: number): number {
    const f = this.first;
    return !f ? this.count : from < f.trial ? f.scenario + 1 : f.scenario;
  }

  note(f: TrialFailure, scenario: number): void {
    this.first = firstFailure(this.first, { ...f, problem: placed(this.models[scenario]!, f.problem), scenario });
  }

  get problems(): Problem[] {
    return this.first ? [this.first.problem] : [];
  }
}

export interface SimulatePiece extends Piece {
  readonly kind: 'simulate';
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** The stage output of all `n` trials ([row][time][trial]) the piece writes in place where it can. */
  readonly output: string;
  readonly n: number;
}

/**
 * Recorded values of trials [from, to), laid out [row][time][trial - from]
 * (or `written`: in place, in the stage's output); or the first failing trial.
 */
export type SimulateAnswer =
  | { readonly values: Float64Array }
  | { readonly written: true }
  | { readonly failure: TrialFailure };

/** A model's trial runner, kept with it by the executor. */
export const runnerOf = (env: PieceEnv, sha: string) => {
  const model = env.model(sha);
  return { model, runner: env.memo(sha, 'runner', () => model.instantiate()) };
};

export const simulatePiece: PieceKind<SimulatePiece, SimulateAnswer> = {
  compute(p, env) {
    const { model, runner } = runnerOf(env, p.scenarios[0]!);
    const options = { seed: p.seed, from: p.from, to: p.to, runner };
    const all = env.output(p.output) as Float64Array | undefined;
    if (all) {
      const failure = simulateInto(model, options, all, p.n, 0);
      return failure ? { failure } : { written: true };
    }
    const len = p.to - p.from;
    const values = new Float64Array(model.recorded.length * model.time.times.length * len);
    const failure = simulateInto(model, options, values, len, p.from);
    return failure ? { failure } : { values };
  },
};

/**
 * Trials [0, n) of each scenario into one array per scenario ([row][time][trial],
 * allocated by the executor), in ranges; `after` is given the arrays, or is
 * not called when a trial failed.
 */
export function simulateStage<T>(args: {
  readonly models: readonly Model[];
  readonly shas: readonly string[];
  readonly failures: Failures;
  readonly seed: number;
  readonly n: number;
  readonly sizing: PieceSizing;
  readonly alloc: Alloc;
  readonly name?: string;
  readonly after: (values: Float64Array[]) => Step<T>;
  readonly failed: () => Step<T>;
}): Stage<T> {
  const { models, shas, failures, seed, n } = args;
  const running = models.slice(0, failures.count);
  const values = running.map((m) => args.alloc.f64(m.recorded.length * m.time.times.length * n));
  const pieces: SimulatePiece[] = [];
  const scenarioOf: number[] = [];
  const outputs: Record<string, Float64Array> = {};
  running.forEach((m, s) => {
    const output = `values${s}`;
    outputs[output] = values[s]!;
    for (const [from, to] of runRanges(n, m.time.steps, args.sizing)) {
      pieces.push({
        kind: 'simulate',
        scenarios: [shas[s]!],
        inputs: [],
        outputs: [output],
        runs: to - from,
        seed,
        from,
        to,
        output,
        n,
      });
      scenarioOf.push(s);
    }
  });
  return {
    name: args.name ?? 'simulate',
    pieces,
    inputs: {},
    outputs,
    wanted: (i) => failures.relevant(pieces[i]!.from) > scenarioOf[i]!,
    take(i, answer) {
      const a = answer as SimulateAnswer;
      const s = scenarioOf[i]!;
      if ('failure' in a) failures.note(a.failure, s);
      else if ('values' in a) copyTrials(a.values, values[s]!, pieces[i]!.from, pieces[i]!.to - pieces[i]!.from, n);
    },
    next: () => (failures.first ? args.failed() : args.after(values)),
  };
}

/** A block of `len` trials ([row][time][trial]) into the run's array of `n` trials, at trial `from`. */
export function copyTrials(block: Float64Array, all: Float64Array, from: number, len: number, n: number): void {
  const rows = block.length / len;
  for (let r = 0; r < rows; r++) all.set(block.subarray(r * len, (r + 1) * len), r * n + from);
}
