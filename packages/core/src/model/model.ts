import type { Distribution } from '../random/distributions.js';
import type { ScenarioDocument } from '../scenario/schema.js';
import type { SourceDocument } from '../scenario/source.js';
import type { TimeGrid } from './time.js';

export type SymbolKind = 'time' | 'parameter' | 'series' | 'stock' | 'variable' | 'shock';

export interface SymbolInfo {
  readonly id: string;
  readonly kind: SymbolKind;
  /** Index into the trial's value vector. */
  readonly slot: number;
  readonly unit: string | undefined;
}

export interface ParameterModel {
  readonly id: string;
  readonly slot: number;
  /** `event`: drawn for each event of the shocks whose `severity` names it, never read by an expression. */
  readonly per: 'trial' | 'step' | 'event';
  readonly distribution: Distribution;
  /** nameKey(id): the stream of this parameter is (seed, trial, key). */
  readonly key: number;
  /**
   * The parameter's column of a `parameters_from` sample, in row order: a
   * trial draws row floor(u n) from the stream (seed, trial, SAMPLE_KEY),
   * which every column shares, so a trial takes one whole row. `distribution`
   * is then the column as a discrete distribution (for quantiles and checks).
   */
  readonly sample?: Float64Array;
}

export interface ShockModel {
  readonly id: string;
  readonly slot: number;
  readonly key: number;
  /** Fixed event times inside the window (sorted, capped at max_events), or undefined for Poisson shocks. */
  readonly at: Float64Array | undefined;
  /** Events per year: a number, or the slot of a per-trial parameter. */
  readonly rate: { readonly value: number } | { readonly slot: number } | undefined;
  /** The window events count in, [from, until]: -Infinity and Infinity where it is open. */
  readonly from: number;
  readonly until: number;
  /** Years for an event's weight to halve: a number (Infinity: no decay) or the slot of a per-trial parameter. */
  readonly halfLife: { readonly value: number } | { readonly slot: number };
  /**
   * Each event's weight: a number (1 by default), the slot of a per-trial
   * parameter (one weight for every event of the trial), or a per-event
   * parameter (its index in `Model.parameters`) drawn for each event from the
   * stream (seed, trial, `key`) of this shock's severities.
   */
  readonly severity:
    | { readonly value: number }
    | { readonly slot: number }
    | { readonly parameter: number; readonly key: number };
  readonly maxEvents: number;
}

/**
 * The declared correlations of a model (format addition `correlations`),
 * sampled through a Gaussian copula. Indices refer to `Model.parameters`.
 */
export interface CorrelationModel {
  /** Indices of the correlated parameters, in declaration order. */
  readonly members: readonly number[];
  /** Each declared pair as parameter indices with its Spearman rank correlation. */
  readonly pairs: readonly { readonly between: readonly [number, number]; readonly rho: number }[];
  /** The members' normal-score correlation matrix, row-major (members x members): 2 sin(pi rho / 6). */
  readonly normal: Float64Array;
  /** Its lower Cholesky factor, row-major. */
  readonly cholesky: Float64Array;
}

/** Generated code: one trial, all steps, writing the recorded values of column `col`. */
export type TrialFunction = (v: Float64Array, out: Float64Array, col: number, stride: number) => number;

/** A compiled scenario: everything a run needs, built once and reused for every trial. */
export interface Model {
  readonly document: ScenarioDocument;
  readonly source: SourceDocument;
  readonly time: TimeGrid;
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  readonly slotCount: number;
  readonly parameters: readonly ParameterModel[];
  readonly shocks: readonly ShockModel[];
  /** Stocks and variables in evaluation order: the symbols checked for non-finite values. */
  readonly evaluated: readonly SymbolInfo[];
  /** The ids written per reporting time, in buffer order (outputs first, then what targets need). */
  readonly recorded: readonly string[];
  /**
   * For each variable a target compares `over: year`, the recorded row (a
   * hidden name) whose value at reporting time x is the variable's integral
   * over [x, x + 1] (0 where x + 1 is past the end).
   */
  readonly annualTotals: ReadonlyMap<string, string>;
  readonly outputs: readonly string[];
  /** The work of one trial in operations (expression nodes, draws, shock events): what run limits count. */
  readonly trialOperations: number;
  /** Builds the trial function over fresh per-run state (streams, shock buffers). */
  readonly instantiate: () => TrialRunner;
  /**
   * A runner for one trial with chosen inputs instead of random draws (for
   * `foresight check`); its code is generated on the first call.
   */
  readonly probe: () => ProbeRunner;
  /**
   * A runner that takes every per-trial parameter's value from the caller and
   * draws the rest (per-step parameters, Poisson shock events) from the
   * trial's own streams, as a run does (for sensitivity analysis). It runs
   * the run's own generated trial function.
   */
  readonly given: () => GivenRunner;
  /** The declared correlations, or undefined when the document has none. */
  readonly correlation: CorrelationModel | undefined;
  /** The generated source, for inspection and debugging. */
  readonly generatedSource: string;
}

export interface TrialRunner {
  /**
   * Run trial `trial` into column `col` of `out` ([recorded][time][col], `stride`
   * columns). Returns -1, or the step at which a value became non-finite.
   */
  run(seed: number, trial: number, out: Float64Array, col: number, stride: number): number;
  /** The value vector after the last `run` (to explain a non-finite failure). */
  readonly values: Float64Array;
  /** Event times of each shock in the last trial run. */
  shockEvents(index: number): Float64Array;
}

/** Called after each step's variables with the step index and the value vector; return true to stop. */
export type ProbeStep = (step: number, values: Float64Array) => boolean | undefined;

/** The inputs of one probed trial, each indexed like `Model.parameters` / `Model.shocks`. */
export interface ProbeInput {
  /** Value of each per-trial parameter, constants included (entries of per-step parameters are ignored). */
  readonly trial: ArrayLike<number>;
  /**
   * Sequence of each per-step parameter, one value per step (steps + 1), and
   * of each per-event parameter, one value per event of a shock whose severity
   * it is; a shorter one repeats its last value.
   */
  readonly steps: readonly (ArrayLike<number> | undefined)[];
  /** Event times of each Poisson shock; ignored for shocks with fixed `at` times. */
  readonly shocks: readonly (ArrayLike<number> | undefined)[];
}

export interface ProbeRunner {
  /**
   * Run one trial from `input`, calling `onStep` at every step (before stocks
   * advance). Returns -1 when every step ran, else the step at which `onStep`
   * stopped it or a value became non-finite.
   */
  run(input: ProbeInput, onStep: ProbeStep): number;
  /** The value vector after the last step run. */
  readonly values: Float64Array;
}

export interface GivenRunner {
  /**
   * The per-trial parameter values that trial `trial` of a run with `seed`
   * draws (correlations included), into `into`, indexed like
   * `Model.parameters`; entries of per-step parameters are set to NaN.
   */
  draw(seed: number, trial: number, into: Float64Array): void;
  /**
   * Run trial `trial` into column `col` of `out` as `TrialRunner.run` does,
   * but with per-trial parameter values from `inputs` (indexed like
   * `Model.parameters`; per-step entries are ignored). With the values `draw`
   * gives for the same trial, the recorded outputs equal the run's.
   */
  run(seed: number, trial: number, inputs: ArrayLike<number>, out: Float64Array, col: number, stride: number): number;
  /** The value vector after the last `run`. */
  readonly values: Float64Array;
}
