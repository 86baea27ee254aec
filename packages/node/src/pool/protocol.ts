import type { CheckReport, PairedPlan, Problem, Result, RunShape, TargetResult, TrialFailure } from '@foresight/core';
import type { PortableScenario } from './portable.js';
import type { SensitivityTask } from './sensitivity-protocol.js';

/**
 * Messages between the pool and its worker threads. Recorded values live in
 * SharedArrayBuffers that every thread of a job sees, so a task carries only
 * its range and a view of the shared buffer; packed statistics come back
 * transferred, one Float64Array per result.
 */
export type Task = PrepareTask | SimulateTask | StatsTask | TargetsTask | PairedTask | CheckTask | SensitivityTask;

/** Compile (cached per worker): the model's shape, or its problems. */
export interface PrepareTask {
  readonly kind: 'prepare';
  readonly scenario: PortableScenario;
}
export type PrepareReply = { readonly ok: true; readonly shape: RunShape } | { readonly ok: false; readonly problems: Problem[] };

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
