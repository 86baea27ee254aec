import type {
  Problem,
  Result,
  SensitivityPlan,
  SensitivityResult,
  SensitivitySettings,
  SobolFailure,
  SobolResult,
} from '@foresight/core';
import type { PortableScenario } from './portable.js';

/**
 * Messages of a sensitivity job, one task kind with a `step`: every step
 * names the scenario and the settings, and each worker compiles and plans
 * them once (cached). The Sobol design's outputs and its bootstrap
 * replicates live in SharedArrayBuffers that the workers fill by ranges.
 */
export type SensitivityTask = SensitivityPlanTask | TornadoTask | SobolRowsTask | SobolBootstrapTask | SobolFinishTask;

interface SensitivityStep {
  readonly kind: 'sensitivity';
  readonly scenario: PortableScenario;
  readonly settings: SensitivitySettings;
}

/** Compile and plan: what the job needs to size its buffers and its tasks, or the problems. */
export interface SensitivityPlanTask extends SensitivityStep {
  readonly step: 'plan';
}
export interface SensitivityLayout {
  readonly plan: SensitivityPlan;
  /** Time steps of one model run. */
  readonly steps: number;
  /** Sobol: lengths of the design and bootstrap buffers (`SobolDesign`); 0 for a tornado. */
  readonly designLength: number;
  readonly bootstrapLength: number;
}
export type SensitivityPlanReply = Result<SensitivityLayout, Problem[]>;

/** A whole tornado: 2D + 1 deterministic runs, one task. */
export interface TornadoTask extends SensitivityStep {
  readonly step: 'tornado';
}
export type TornadoReply = Result<SensitivityResult, Problem[]>;

/** Rows [from, to) of every matrix of the Sobol design into `values`. */
export interface SobolRowsTask extends SensitivityStep {
  readonly step: 'rows';
  readonly values: Float64Array;
  readonly from: number;
  readonly to: number;
}
export interface SobolRowsReply {
  readonly failure: SobolFailure | undefined;
}

/** Bootstrap resamples [from, to) over the complete design `values`, into `boot`. */
export interface SobolBootstrapTask extends SensitivityStep {
  readonly step: 'bootstrap';
  readonly values: Float64Array;
  readonly boot: Float64Array;
  readonly from: number;
  readonly to: number;
}

/**
 * The document from the complete design and bootstrap (`elapsed_ms` is the
 * job's to set), or, as `sensitivity` refuses it, the problem of a number in
 * it that is not finite.
 */
export interface SobolFinishTask extends SensitivityStep {
  readonly step: 'finish';
  readonly values: Float64Array;
  readonly boot: Float64Array;
}
export type SobolFinishReply = Result<SobolResult, Problem[]>;
