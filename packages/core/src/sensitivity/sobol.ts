/*
 * Sobol indices by the Saltelli design: base matrices A and B of N rows, and
 * for each factor i the matrix AB_i, A with factor i's columns taken from B;
 * N (D + 2) model runs in all.
 *
 * The base matrices are the scenario's own draws: row j of A holds the
 * per-trial parameter values trial j of an ordinary run with the seed draws
 * (correlations included), row j of B those of trial N + j. Everything else
 * random in a trial (per-step parameters, Poisson shock event times) is
 * noise, drawn from the streams of the row's own trial: trial j for A and
 * every AB_i, trial N + j for B. So f(A) is exactly the first N trials of a
 * run, the noise is part of the model rather than a factor, and a factor's
 * total index includes its interactions with the noise.
 */
import type { Problem } from '../errors.js';
import { compile } from '../model/compile.js';
import type { Model } from '../model/model.js';
import { timeAt } from '../model/time.js';
import { ok, type Result } from '../result.js';
import { grouped } from '../text.js';
import type { SobolFactor, SobolOverTime, SobolResult, SobolSeries } from './document.js';
import {
  bootstrapLength,
  bootstrapReplicates,
  intervalsOf,
  type DesignOutputs,
  type IntervalEstimates,
} from './estimators.js';
import type { SensitivityPlan } from './plan.js';
import { sobolWarnings } from './warnings.js';

export const CONFIDENCE = 0.95;

export type SobolBody = Pick<
  SobolResult,
  'samples' | 'resamples' | 'confidence' | 'mean' | 'variance' | 'factors' | 'over_time' | 'notes' | 'warnings' | 'runs'
>;

/** The first run of a range of rows that produced a non-finite value: its row, and the problem. */
export interface SobolFailure {
  readonly row: number;
  readonly problem: Problem;
}

/**
 * The Saltelli design of a plan, in pieces that any thread can compute: rows
 * of the design into one flat buffer, ranges of bootstrap resamples into
 * another, then the indices from both. Each piece is a pure function of its
 * range (row j draws from trials j and N + j, resample r from its own
 * stream), so the result is the same however the ranges are split, ordered
 * or spread over threads. A design holds a runner and scratch buffers: one
 * per thread, the buffers `y` and `boot` shared.
 */
export interface SobolDesign {
  /** Values the design's outputs take: [matrix][kept time][row], matrix 0 is A, 1 is B, 2 + i is AB_i. */
  readonly designLength: number;
  /** Values the bootstrap replicates take (see `bootstrapLength`). */
  readonly bootstrapLength: number;
  /**
   * Rows [from, to) of every matrix into `y`, row by row, and in a row A, B,
   * then each AB_i: the first run that fails is the one a single pass over
   * every row meets first within the range. `y` holds `stride` rows per
   * series from row `offset` on (the whole design: N and 0; a range of it:
   * to - from and from).
   */
  rows(from: number, to: number, y: Float64Array, stride: number, offset: number): SobolFailure | undefined;
  /** Resamples [from, to) of the bootstrap over a complete `y`, into `boot` (`stride` resamples a series from `offset` on). */
  bootstrap(y: Float64Array, from: number, to: number, boot: Float64Array, stride: number, offset: number): void;
  /** The indices, intervals, notes and warnings from a complete `y` and `boot`. */
  finish(y: Float64Array, boot: Float64Array): SobolBody;
}

export function sobolDesign(input: Model, plan: SensitivityPlan): Result<SobolDesign, Problem[]> {
  // The runner records what the model records: narrow to the output when it is not among them.
  const model = input.recorded.includes(plan.output) ? ok(input) : narrowed(input, plan.output);
  if (!model.ok) return model;
  const m = model.value;
  const { samples: n, seed } = plan;
  const factors = plan.factors;
  const d = factors.length;
  const p = m.parameters.length;
  const times = m.time.times.length;
  const row = m.recorded.indexOf(plan.output);
  const kept = plan.overTime ? Array.from({ length: times }, (_, t) => t) : [plan.atIndex];
  const K = kept.length;

  const runner = m.given();
  const rowA = new Float64Array(p);
  const rowB = new Float64Array(p);
  const mixed = new Float64Array(p);
  const out = new Float64Array(m.recorded.length * times);
  /** The design at each kept time, as views of `y`. */
  const designsOf = (y: Float64Array): DesignOutputs[] =>
    kept.map((_, k) => {
      const series = (matrix: number) => y.subarray((matrix * K + k) * n, (matrix * K + k + 1) * n);
      return { a: series(0), b: series(1), ab: factors.map((_, i) => series(2 + i)) };
    });

  return ok({
    designLength: (d + 2) * K * n,
    bootstrapLength: bootstrapLength(K, d, plan.resamples),
    rows(from, to, y, stride, offset) {
      const evaluate = (matrix: number, j: number, trial: number, inputs: Float64Array): SobolFailure | undefined => {
        const failed = runner.run(seed, trial, inputs, out, 0, 1);
        if (failed >= 0)
          return { row: j, problem: nonFinite(m, runner.values, describeRow(plan, matrix, j, trial), failed) };
        for (let k = 0; k < K; k++) y[(matrix * K + k) * stride + j - offset] = out[row * times + kept[k]!]!;
        return undefined;
      };
      for (let j = from; j < to; j++) {
        runner.draw(seed, j, rowA);
        runner.draw(seed, n + j, rowB);
        const fail = evaluate(0, j, j, rowA) ?? evaluate(1, j, n + j, rowB);
        if (fail) return fail;
        for (let i = 0; i < d; i++) {
          mixed.set(rowA);
          for (const k of factors[i]!.parameters) mixed[k] = rowB[k]!;
          const f = evaluate(2 + i, j, j, mixed);
          if (f) return f;
        }
      }
      return undefined;
    },
    bootstrap(y, from, to, boot, stride, offset) {
      bootstrapReplicates(designsOf(y), seed, from, to, boot, stride, offset);
    },
    finish(y, boot) {
      const estimates = intervalsOf(designsOf(y), boot, plan.resamples, CONFIDENCE);
      const headline = estimates[plan.overTime ? plan.atIndex : 0]!;
      const names = (f: (typeof factors)[number]) => f.parameters.map((k) => m.parameters[k]!.id);
      const unsorted: SobolFactor[] = factors.map((f, i) => ({
        id: f.id,
        parameters: names(f),
        first: index(headline.first[i]!, headline.firstLow[i]!, headline.firstHigh[i]!),
        total: index(headline.total[i]!, headline.totalLow[i]!, headline.totalHigh[i]!),
      }));
      // Largest total first; undefined (null) last; ties keep declaration order.
      const key = (i: number) => unsorted[i]!.total.estimate ?? -Infinity;
      const order = unsorted.map((_, i) => i).sort((x, z) => (key(x) === key(z) ? 0 : key(z) > key(x) ? 1 : -1));
      const sorted = order.map((i) => unsorted[i]!);
      const overTime = plan.overTime ? seriesOf(m, order, factors, estimates) : undefined;

      const notes = sobolNotes(m, plan);
      const warnings = sobolWarnings(plan, sorted, headline, overTime);
      return {
        samples: n,
        resamples: plan.resamples,
        confidence: CONFIDENCE,
        mean: headline.mean,
        variance: headline.variance,
        factors: sorted,
        ...(overTime ? { over_time: overTime } : {}),
        notes,
        warnings,
        runs: plan.runs,
      };
    },
  });
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function index(estimate: number, low: number, high: number) {
  return { estimate: orNull(estimate), low: orNull(low), high: orNull(high) };
}

function seriesOf(
  m: Model,
  order: readonly number[],
  factors: SensitivityPlan['factors'],
  estimates: readonly IntervalEstimates[],
): SobolOverTime {
  const column = (i: number, pick: (e: IntervalEstimates) => Float64Array) => estimates.map((e) => orNull(pick(e)[i]!));
  const series: SobolSeries[] = order.map((i) => ({
    id: factors[i]!.id,
    first: column(i, (e) => e.first),
    first_low: column(i, (e) => e.firstLow),
    first_high: column(i, (e) => e.firstHigh),
    total: column(i, (e) => e.total),
    total_low: column(i, (e) => e.totalLow),
    total_high: column(i, (e) => e.totalHigh),
  }));
  return {
    times: Array.from(m.time.times),
    mean: estimates.map((e) => e.mean),
    variance: estimates.map((e) => e.variance),
    factors: series,
  };
}

function sobolNotes(m: Model, plan: SensitivityPlan): string[] {
  const n = plan.samples;
  const d = plan.factors.length;
  const notes = [
    `${n} samples x (${d} factor${d === 1 ? '' : 's'} + 2) = ${grouped(plan.runs)} model runs (Saltelli design); first-order indices by ` +
      `Saltelli et al. 2010, total indices by Jansen 1999, on the output centred on its mean`,
    `base matrices are the scenario's own draws: row j of A is trial j of a run with seed ${plan.seed}, row j of B is trial ${n} + j`,
    `${Math.round(CONFIDENCE * 100)}% intervals: percentile bootstrap over rows, ${plan.resamples} resamples, seeded`,
  ];
  const noise = [
    ...m.parameters.filter((x) => x.per !== 'trial').map((x) => x.id),
    ...m.shocks.filter((s) => s.rate !== undefined).map((s) => s.id),
  ];
  if (noise.length > 0) {
    notes.push(
      `noise (${noise.join(', ')}) is drawn from the streams of each row's own trial, AB rows sharing A's: ` +
        'it is part of the model, not a factor; it counts in the variance, and interactions with it count in each total index',
    );
  }
  const groups = plan.factors.filter((f) => f.parameters.length > 1);
  if (groups.length > 0) {
    notes.push(
      `correlated parameters form one factor each group (${groups.map((g) => g.id).join('; ')}): the estimators need ` +
        'independent factors, and groups are independent of each other; a group is sampled jointly through its copula ' +
        'and its indices are those of the group as a whole',
    );
  }
  return notes;
}

function describeRow(plan: SensitivityPlan, matrix: number, j: number, trial: number): string {
  const which = matrix === 0 ? 'A' : matrix === 1 ? 'B' : `AB (${plan.factors[matrix - 2]!.id} from B)`;
  return `Sobol row ${j} of ${which}, noise of trial ${trial}, seed ${plan.seed}`;
}

function narrowed(model: Model, output: string): Result<Model, Problem[]> {
  return compile({ ...model.document, outputs: [output] }, model.source);
}

function nonFinite(m: Model, values: Float64Array, where: string, step: number): Problem {
  const bad = m.evaluated.find((s) => !Number.isFinite(values[s.slot]!));
  const id = bad?.id ?? '?';
  const section = bad?.kind === 'stock' ? 'stocks' : 'variables';
  const pos = m.source.locate([section, id]);
  const inputs = m.parameters
    .filter((x) => x.per === 'trial')
    .map((x) => `${x.id}=${values[x.slot]}`)
    .join(', ');
  return {
    code: 'non-finite',
    message: `${bad?.kind ?? 'value'} '${id}' is ${bad ? values[bad.slot] : NaN} at t=${timeAt(m.time.start, step, m.time.dt)} in ${where}; parameters: ${inputs}`,
    file: pos.file,
    path: [section, id],
    line: pos.line,
    column: pos.column,
  };
}
