/*
 * Observations as a calibration reads them: one entry per observed point
 * (a series' points each count), with where its value is recorded, its error
 * model, and the per-trial quantities the samplers need: the log-likelihood
 * (normal and lognormal errors) and the distance to a band (relative
 * tolerances; 1 is its edge).
 */
import type { KeyPath } from '../errors.js';
import type { Model } from '../model/model.js';
import { reportIndex } from '../model/time.js';

/** How far an observation may lie from the model's value. */
export type ErrorModel =
  | { readonly kind: 'sd'; readonly width: number }
  | { readonly kind: 'log_sd'; readonly width: number }
  | { readonly kind: 'tolerance'; readonly width: number };

/** Relative tolerance of an observation that names no error model (the targets' default). */
export const DEFAULT_TOLERANCE = 0.05;

/** 97.5th percentile of the standard normal: a normal error's band for `fit` is value ± 1.96 sd. */
const Z975 = 1.959963984540054;

export interface Evidence {
  readonly variable: string;
  /** `year`: the variable's integral over [time, time + 1] (a flow's annual total), as targets compare it. */
  readonly over: 'year' | undefined;
  readonly time: number;
  readonly value: number;
  readonly relativeTo: number | undefined;
  readonly error: ErrorModel;
  readonly source: string | undefined;
  /** Where it is written: `observations[2].points[5]`, `targets[0]`. */
  readonly path: KeyPath;
  /** Offsets into one trial's recorded values ([recorded][time], stride 1). */
  readonly at: number;
  readonly base: number;
}

/**
 * The evidence of a model: its observations, and with `targets` its targets
 * read as band observations (their tolerance, default 0.05).
 */
export function evidenceOf(model: Model, targets: boolean): Evidence[] {
  const doc = model.document;
  const times = model.time.times.length;
  // Over a year, the row of the variable's integral over [x, x + 1] at reporting time x (as targets read it).
  const rowOf = (variable: string, over: 'year' | undefined) =>
    over === 'year' ? (model.annualTotals.get(variable) ?? variable) : variable;
  const offset = (row: string, t: number) => model.recorded.indexOf(row) * times + reportIndex(model.time, t);
  const out: Evidence[] = [];
  const push = (
    variable: string,
    over: 'year' | undefined,
    time: number,
    value: number,
    relativeTo: number | undefined,
    error: ErrorModel,
    source: string | undefined,
    path: KeyPath,
  ) => {
    const row = rowOf(variable, over);
    out.push({
      variable,
      over,
      time,
      value,
      relativeTo,
      error,
      source,
      path,
      at: offset(row, time),
      base: relativeTo === undefined ? -1 : offset(row, relativeTo),
    });
  };
  (doc.observations ?? []).forEach((o, i) => {
    const error: ErrorModel =
      o.sd !== undefined
        ? { kind: 'sd', width: o.sd }
        : o.log_sd !== undefined
          ? { kind: 'log_sd', width: o.log_sd }
          : { kind: 'tolerance', width: o.tolerance ?? DEFAULT_TOLERANCE };
    if (o.time !== undefined && o.value !== undefined)
      push(o.variable, o.over, o.time, o.value, o.relative_to, error, o.source, ['observations', i]);
    (o.points ?? []).forEach((p, j) => {
      const own: ErrorModel = p[2] !== undefined ? { kind: 'sd', width: p[2] } : error;
      push(o.variable, o.over, p[0]!, p[1]!, o.relative_to, own, o.source, ['observations', i, 'points', j]);
    });
  });
  if (targets)
    (doc.targets ?? []).forEach((t, i) =>
      push(
        t.variable,
        t.over,
        t.time,
        t.value,
        t.relative_to,
        { kind: 'tolerance', width: t.tolerance ?? DEFAULT_TOLERANCE },
        t.source,
        ['targets', i],
      ),
    );
  return out;
}

/** The model's counterpart of an observation in one trial's recorded values. */
export function observed(e: Evidence, values: Float64Array): number {
  const x = values[e.at]!;
  return e.base < 0 ? x : x / values[e.base]!;
}

/** log p(value | y) up to a constant: normal and lognormal errors (0 for a band). */
export function logLikelihood(e: Evidence, y: number): number {
  switch (e.error.kind) {
    case 'sd': {
      const r = (y - e.value) / e.error.width;
      return Number.isFinite(r) ? -0.5 * r * r : -Infinity;
    }
    case 'log_sd': {
      if (!(y > 0) || !(e.value > 0)) return -Infinity;
      const r = (Math.log(y) - Math.log(e.value)) / e.error.width;
      return Number.isFinite(r) ? -0.5 * r * r : -Infinity;
    }
    case 'tolerance':
      return 0;
  }
}

/** A band's distance: |y / value - 1| / tolerance (|y| / tolerance where value is 0); 0 for other errors. */
export function bandDistance(e: Evidence, y: number): number {
  if (e.error.kind !== 'tolerance') return 0;
  const d = (e.value === 0 ? Math.abs(y) : Math.abs(y / e.value - 1)) / e.error.width;
  return Number.isNaN(d) ? Infinity : d;
}

/**
 * Whether y fits the observation: inside a band, or within 1.96 error sds
 * (the central 95% of a normal or lognormal error).
 */
export function fits(e: Evidence, y: number): boolean {
  switch (e.error.kind) {
    case 'sd':
      return Math.abs(y - e.value) <= Z975 * e.error.width;
    case 'log_sd':
      return y > 0 && e.value > 0 && Math.abs(Math.log(y / e.value)) <= Z975 * e.error.width;
    case 'tolerance':
      return bandDistance(e, y) <= 1;
  }
}

/** `workforce@2025 / @2020 = 3.436 ± 5%`, for messages. */
export function describeEvidence(e: Evidence): string {
  const ratio = e.relativeTo === undefined ? '' : ` / @${e.relativeTo}`;
  const year = e.over === 'year' ? ' over the year' : '';
  const width =
    e.error.kind === 'tolerance'
      ? `± ${Number((e.error.width * 100).toPrecision(6))}%`
      : e.error.kind === 'sd'
        ? `(sd ${e.error.width})`
        : `(log sd ${e.error.width})`;
  return `${e.variable}@${e.time}${ratio}${year} = ${e.value} ${width}`;
}
