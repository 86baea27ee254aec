import type {
  CheckReport,
  OutputSummary,
  PairedPlan,
  Problem,
  Result,
  RunShape,
  ScenarioFailure,
  SketchBounds,
  StreamColumn,
  TargetResult,
  TrialFailure,
} from '@foresight/core';
import type { PortableScenario } from './portable.js';
import type { SensitivityTask } from './sensitivity-protocol.js';

/**
 * Messages between the pool and its worker threads. Recorded values live in
 * SharedArrayBuffers that every thread of a job sees, so a task carries only
 * its range and a view of the shared buffer; packed statistics come back
 * transferred, one Float64Array per result.
 */
export type Task =
  | PrepareTask
  | SimulateTask
  | StatsTask
  | TargetsTask
  | PairedTask
  | CheckTask
  | BoundsTask
  | StreamTask
  | FinishRunTask
  | FinishPairedTask
  | SensitivityTask;

/** Compile (cached per worker): the model's shape, or its problems. */
export interface PrepareTask {
  readonly kind: 'prepare';
  readonly scenario: PortableScenario;
}
export type PrepareReply =
  | { readonly ok: true; readonly shape: RunShape }
  | { readonly ok: false; readonly problems: Problem[] };

/** Trials [from, to) into `values` ([row][time][trial], `stride` trials). */
export interface SimulateTask {
  readonly kind: 'simulate';
  readonly scenario: PortableScenario;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly values: Float64Array;
  readonly stride: number;
}
export interface SimulateReply {
  readonly failure: TrialFailure | undefined;
}

/** Exact statistics of output columns [from, to) over `n` trials: packed, transferred. */
export interface StatsTask {
  readonly kind: 'stats';
  readonly shape: RunShape;
  readonly values: Float64Array;
  readonly n: number;
  readonly from: number;
  readonly to: number;
}

export interface TargetsTask {
  readonly kind: 'targets';
  readonly scenario: PortableScenario;
  readonly values: Float64Array;
  readonly n: number;
}
export type TargetsReply = TargetResult[];

/** Paired statistics of plan columns [from, to): packed, transferred. */
export interface PairedTask {
  readonly kind: 'paired';
  readonly plan: PairedPlan;
  readonly quantiles: readonly number[];
  readonly base: Float64Array;
  readonly alt: Float64Array;
  readonly n: number;
  readonly from: number;
  readonly to: number;
}

export interface CheckTask {
  readonly kind: 'check';
  readonly scenario: PortableScenario;
  readonly runs: number | undefined;
  readonly seed: number | undefined;
}
export type CheckReply = Result<CheckReport, Problem[]>;

/** Streamed runs: sketch bounds of columns [from, to) from the pilot (the first `pilotLen` trials of each scenario). */
export interface BoundsTask {
  readonly kind: 'bounds';
  readonly columns: readonly StreamColumn[];
  readonly pilots: readonly Float64Array[];
  readonly pilotLen: number;
  readonly bounds: SketchBounds;
  readonly from: number;
  readonly to: number;
}

/**
 * Trials [from, to) (whole blocks) of scenarios [0, relevant): simulated
 * (or read from the pilot), and with `stats` summarized: one partial per
 * block and column comes back (transferred), counts are added to the shared
 * `counts`. A failure comes back instead, per scenario its first one.
 */
export interface StreamTask {
  readonly kind: 'stream';
  readonly scenarios: readonly PortableScenario[];
  readonly relevant: number;
  readonly stats: boolean;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** Trials per block (streamSizes). */
  readonly block: number;
  readonly pilots: readonly Float64Array[];
  readonly pilotLen: number;
  readonly columns: readonly StreamColumn[];
  readonly bounds: SketchBounds;
  readonly counts: Uint32Array;
}
export interface StreamFailures {
  readonly failures: ScenarioFailure[];
}

interface StreamedState {
  readonly acc: Float64Array;
  readonly bounds: SketchBounds;
  readonly counts: Uint32Array;
  readonly trials: number;
}

/** A streamed run's outputs and targets from the merged state (its columns start at `first`). */
export interface FinishRunTask extends StreamedState {
  readonly kind: 'finish-run';
  readonly scenario: PortableScenario;
  readonly shape: RunShape;
  readonly first: number;
}
export interface FinishRunReply {
  readonly outputs: Record<string, OutputSummary>;
  readonly targets: TargetResult[];
  readonly rankError: number;
}

/** Packed paired statistics of one alternative, its rank error appended as the last value (transferred). */
export interface FinishPairedTask extends StreamedState {
  readonly kind: 'finish-paired';
  readonly plan: PairedPlan;
  readonly quantiles: readonly number[];
  readonly first: number;
}
