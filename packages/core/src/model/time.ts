import type { TimeSpec } from '../scenario/schema.js';

export interface TimeGrid {
  readonly start: number;
  readonly end: number;
  readonly dt: number;
  readonly report: number;
  /** Euler steps from start to end. */
  readonly steps: number;
  /** Steps between two reporting times. */
  readonly stepsPerReport: number;
  /** Step index of each reporting time (the last is always `steps`). */
  readonly reportSteps: Int32Array;
  readonly times: Float64Array;
}

/**
 * Times computed as start + k*dt (never accumulated), tidied to 15 significant
 * digits: 2020 + 3 * 0.1 reads 2020.3, while binary-exact grids (dt 1/1024) stay exact.
 */
export function timeAt(start: number, k: number, dt: number): number {
  return Number((start + k * dt).toPrecision(15));
}

/** A grid's sizes, known before it is built (so a compile can refuse one too large to build). */
export function gridSize(spec: TimeSpec): {
  dt: number;
  report: number;
  steps: number;
  stepsPerReport: number;
  reportTimes: number;
} {
  const dt = spec.dt ?? 1;
  const report = spec.report ?? 1;
  const steps = Math.round((spec.end - spec.start) / dt);
  const stepsPerReport = Math.max(1, Math.round(report / dt));
  return { dt, report, steps, stepsPerReport, reportTimes: Math.ceil(steps / stepsPerReport) + 1 };
}

export function timeGrid(spec: TimeSpec): TimeGrid {
  const { dt, report, steps, stepsPerReport } = gridSize(spec);
  const reportSteps: number[] = [];
  for (let k = 0; k <= steps; k += stepsPerReport) reportSteps.push(k);
  // The end is a reporting time even when report does not divide the horizon.
  if (reportSteps[reportSteps.length - 1] !== steps) reportSteps.push(steps);
  return {
    start: spec.start,
    end: spec.end,
    dt,
    report,
    steps,
    stepsPerReport,
    reportSteps: Int32Array.from(reportSteps),
    times: Float64Array.from(reportSteps, (k) => timeAt(spec.start, k, dt)),
  };
}

/** Index of `time` among the reporting times, or -1. */
export function reportIndex(grid: TimeGrid, time: number): number {
  const tol = 1e-9 * Math.max(1, Math.abs(time));
  for (let i = 0; i < grid.times.length; i++) if (Math.abs(grid.times[i]! - time) <= tol) return i;
  return -1;
}
