/*
 * The plan of scenario discovery: the per-trial rows of a run (drawn
 * parameters, shock event counts, the value the condition reads) in trial
 * ranges; PRIM over them (one piece); then bootstrap resamples in ranges,
 * resample r drawn from its own stream (seed, r, BOOTSTRAP_KEY), each
 * saying which inputs its box restricts. Merged in piece order: the same
 * bytes on every executor.
 */
import {
  type Condition,
  ExploreSettings,
  type ExploreResult,
  holds,
  parseCondition,
  type ExploreSettings as Settings,
} from '../explore/document.js';
import { prim, PRIM_DEFAULTS, primData, type PrimOptions } from '../explore/prim.js';
import { capProblems, type KeyPath, type Problem } from '../errors.js';
import { checkRunLimits, trialsAndSeed } from '../limits.js';
import type { Model } from '../model/model.js';
import { reportIndex } from '../model/time.js';
import { nameKey, RandomStream } from '../random/stream.js';
import { err, ok, type Result } from '../result.js';
import { ENGINE_VERSION } from '../version.js';
import { identityOf } from './cost.js';
import { rowLayout, rowsCost, type RowsAnswer, type RowsPiece, rowsPiece } from './per-trial.js';
import { placed, planScenario } from './scenario.js';
import { LOCAL_SIZING } from './sequential.js';
import { ranges, runRanges } from './trials.js';
import type { Piece, PieceKind, PieceRegistry, PieceSizing, Plan, Step } from './types.js';

export const BOOTSTRAP_KEY = nameKey('explore bootstrap');
export const DEFAULT_BOOTSTRAP = 20;

interface DataPiece extends Piece {
  readonly width: number;
  readonly condition: Condition;
  readonly options: PrimOptions;
}

export interface PrimPiece extends DataPiece {
  readonly kind: 'prim';
}

export interface PrimAnswer {
  /** Per trajectory box: coverage, density, mass, inputs restricted. */
  readonly trajectory: Float64Array;
  readonly chosen: number;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly pValues: Float64Array;
  /** Coverage, density and mass of the final box. */
  readonly stats: Float64Array;
}

export interface BootstrapPiece extends DataPiece {
  readonly kind: 'prim-bootstrap';
  readonly seed: number;
  readonly from: number;
  readonly to: number;
}

/** Inputs (columns 1 .. width - 2 of the rows) as [input][trial], and the cases. */
function dataOf(rows: Float64Array, width: number, condition: Condition, pick?: Uint32Array) {
  const total = rows.length / width;
  const n = pick ? pick.length : total;
  const d = width - 2;
  const x = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = pick ? pick[i]! : i;
    for (let j = 0; j < d; j++) x[j * n + i] = rows[t * width + 1 + j]!;
    y[i] = holds(condition, rows[t * width + width - 1]!) ? 1 : 0;
  }
  return primData(x, y, n, d);
}

export const primPiece: PieceKind<PrimPiece, PrimAnswer> = {
  compute(p, env) {
    const rows = env.input('rows') as Float64Array;
    const r = prim(dataOf(rows, p.width, p.condition), p.options);
    const restricted = (lo: Float64Array, hi: Float64Array) => {
      let c = 0;
      for (let j = 0; j < lo.length; j++) if (lo[j] !== -Infinity || hi[j] !== Infinity) c++;
      return c;
    };
    const trajectory = new Float64Array(r.trajectory.length * 4);
    r.trajectory.forEach((b, i) => trajectory.set([b.coverage, b.density, b.mass, restricted(b.lo, b.hi)], i * 4));
    return {
      trajectory,
      chosen: r.chosen,
      lo: r.box.lo,
      hi: r.box.hi,
      pValues: r.pValues,
      stats: Float64Array.of(r.box.coverage, r.box.density, r.box.mass),
    };
  },
};

export const bootstrapPiece: PieceKind<BootstrapPiece, Float64Array> = {
  compute(p, env) {
    const rows = env.input('rows') as Float64Array;
    const n = rows.length / p.width;
    const d = p.width - 2;
    const flags = new Float64Array((p.to - p.from) * d);
    const g = new RandomStream();
    const pick = new Uint32Array(n);
    for (let r = p.from; r < p.to; r++) {
      g.reset(p.seed, r, BOOTSTRAP_KEY);
      for (let i = 0; i < n; i++) pick[i] = Math.min(n - 1, Math.floor(g.next() * n));
      const box = prim(dataOf(rows, p.width, p.condition, pick), p.options).box;
      for (let j = 0; j < d; j++)
        flags[(r - p.from) * d + j] = box.lo[j] !== -Infinity || box.hi[j] !== Infinity ? 1 : 0;
    }
    return flags;
  },
};

export const EXPLORE_PIECES: PieceRegistry = {
  prim: primPiece as PieceKind,
  'prim-bootstrap': bootstrapPiece as PieceKind,
};

export interface ExplorePlan extends Plan<ExploreResult> {
  readonly condition: Condition;
}

/** Scenario discovery's plan: the condition and settings checked, cost counted, nothing run. */
export function explorePlan(
  model: Model,
  asked: Settings,
  sizing: PieceSizing = LOCAL_SIZING,
): Result<ExplorePlan, Problem[]> {
  const usage = (message: string, path: KeyPath = []): Problem => {
    const pos = model.source.locate(path);
    return { code: 'usage', message, file: pos.file, path, line: pos.line, column: pos.column };
  };
  const parsed = ExploreSettings.safeParse(asked);
  if (!parsed.success)
    return err(parsed.error.issues.map((i) => usage(`${i.path.join('.') || 'settings'}: ${i.message}`)));
  const settings = parsed.data;
  const condition = parseCondition(settings.where);
  if (typeof condition === 'string') return err([usage(condition)]);
  if (!model.recorded.includes(condition.variable))
    return err([
      usage(
        `'${condition.variable}' is not recorded by '${model.document.id}' (its outputs: ${model.outputs.join(', ')}); name an output`,
        ['outputs'],
      ),
    ]);
  if (reportIndex(model.time, condition.time) < 0)
    return err([usage(`${condition.time} is not a reporting time of '${model.document.id}'`, ['time'])]);
  const { trials, seed } = trialsAndSeed(model, { trials: settings.trials, seed: settings.seed });
  const limits = checkRunLimits(model, trials, 0);
  if (limits.length > 0) return err(limits);
  const layout = rowLayout(model, { outputs: [condition.variable], times: [condition.time] });
  if (!layout.ok) return layout;
  const width = layout.value.columns.length;
  const d = width - 2;
  if (d === 0) return err([usage(`'${model.document.id}' has no drawn parameter or shock to explore`, ['parameters'])]);
  const options: PrimOptions = {
    ...PRIM_DEFAULTS,
    peel: settings.peel ?? PRIM_DEFAULTS.peel,
    minMass: settings.min_mass ?? PRIM_DEFAULTS.minMass,
  };
  const resamples = settings.bootstrap ?? DEFAULT_BOOTSTRAP;
  const scenario = planScenario(model);
  const sha = scenario.sha256;
  const steps = model.time.steps;
  const inputs = layout.value.columns.slice(1, width - 1);
  return ok({
    kind: 'explore',
    condition,
    identity: identityOf('explore', [sha], { trials, seed, condition, options, resamples }),
    scenarios: [scenario],
    cost: rowsCost(
      model,
      trials,
      {
        amount: trials * width * 2,
        counted: 'trials x (inputs + 2), twice',
        fewer: 'ask for fewer trials',
        path: ['parameters'],
      },
      // The trade-off curve (at most log(min_mass) / log(1 - peel) + 1 boxes) and a restriction per input at most.
      {
        values: 4 * Math.ceil(Math.log(options.minMass) / Math.log(1 - options.peel) + 2) + 6 * d,
        bytes: 100 * Math.ceil(Math.log(options.minMass) / Math.log(1 - options.peel) + 2) + 220 * d + 2048,
        counted: `the trade-off curve and up to ${d} restrictions`,
      },
      (resamples + 1) * trials * d * 200,
    ),
    kinds: { 'per-trial-rows': rowsPiece as PieceKind, ...EXPLORE_PIECES },
    start(alloc) {
      const started = Date.now();
      const rows = alloc.f64(trials * width);
      const pieces: RowsPiece[] = runRanges(trials, steps, sizing).map(([from, to]) => ({
        kind: 'per-trial-rows',
        scenarios: [sha],
        inputs: [],
        runs: to - from,
        seed,
        from,
        to,
        outputs: [condition.variable],
        times: [condition.time],
      }));
      let first: { trial: number; problem: Problem } | undefined;
      const common = { scenarios: [sha], inputs: ['rows'], runs: 0, width, condition, options };
      const discover = (): Step<ExploreResult> => {
        let found: PrimAnswer | undefined;
        return {
          stage: {
            name: 'prim',
            pieces: [{ kind: 'prim', ...common } satisfies PrimPiece],
            inputs: { rows },
            wanted: () => true,
            take(_, answer) {
              found = answer as PrimAnswer;
            },
            next: () => bootstrap(found!),
          },
        };
      };
      const bootstrap = (found: PrimAnswer): Step<ExploreResult> => {
        if (resamples === 0) return { result: ok(documentOf(found, undefined)) };
        const flags = new Float64Array(resamples * d);
        const parts = ranges(0, resamples, sizing.parallelism * 2);
        const boot: BootstrapPiece[] = parts.map(([from, to]) => ({
          kind: 'prim-bootstrap',
          ...common,
          seed,
          from,
          to,
        }));
        return {
          stage: {
            name: 'bootstrap',
            pieces: boot,
            inputs: { rows },
            wanted: () => true,
            take(i, answer) {
              flags.set(answer as Float64Array, boot[i]!.from * d);
            },
            next: () => {
              const stability = new Float64Array(d);
              for (let r = 0; r < resamples; r++)
                for (let j = 0; j < d; j++) stability[j] = stability[j]! + flags[r * d + j]!;
              for (let j = 0; j < d; j++) stability[j] = stability[j]! / resamples;
              return { result: ok(documentOf(found, stability)) };
            },
          },
        };
      };
      const documentOf = (found: PrimAnswer, stability: Float64Array | undefined): ExploreResult => {
        let cases = 0;
        const range = inputs.map(() => [Infinity, -Infinity] as [number, number]);
        for (let t = 0; t < trials; t++) {
          if (holds(condition, rows[t * width + width - 1]!)) cases++;
          for (let j = 0; j < d; j++) {
            const v = rows[t * width + 1 + j]!;
            const r = range[j]!;
            if (v < r[0]) r[0] = v;
            if (v > r[1]) r[1] = v;
          }
        }
        const tr = found.trajectory;
        return {
          scenario: model.document.id,
          where: condition,
          trials,
          seed,
          cases,
          share: cases / trials,
          inputs,
          peel: options.peel,
          min_mass: options.minMass,
          bootstrap: resamples,
          trajectory: Array.from({ length: tr.length / 4 }, (_, i) => ({
            coverage: tr[i * 4]!,
            density: tr[i * 4 + 1]!,
            mass: tr[i * 4 + 2]!,
            restricted: tr[i * 4 + 3]!,
          })),
          chosen: found.chosen,
          box: {
            coverage: found.stats[0]!,
            density: found.stats[1]!,
            mass: found.stats[2]!,
            restrictions: inputs.flatMap((input, j) => {
              const lo = found.lo[j]!;
              const hi = found.hi[j]!;
              if (lo === -Infinity && hi === Infinity) return [];
              return [
                {
                  input,
                  min: lo === -Infinity ? null : lo,
                  max: hi === Infinity ? null : hi,
                  range: range[j]!,
                  p_value: found.pValues[j]!,
                  stability: stability ? stability[j]! : null,
                },
              ];
            }),
          },
          provenance: { engine: ENGINE_VERSION, document_sha256: sha, seed, trials, elapsed_ms: Date.now() - started },
        };
      };
      return {
        stage: {
          name: 'rows',
          pieces,
          inputs: {},
          outputs: {},
          wanted: (i) => !(first && first.trial < pieces[i]!.from),
          take(i, answer) {
            const a = answer as RowsAnswer;
            if ('failure' in a) {
              if (!first || a.failure.trial < first.trial) first = a.failure;
              return;
            }
            rows.set(a.rows, pieces[i]!.from * width);
          },
          next: () => (first ? { result: err(capProblems([placed(model, first.problem)])) } : discover()),
        },
      };
    },
  });
}
