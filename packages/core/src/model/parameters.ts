import type { KeyPath, ProblemCode } from '../errors.js';
import { nameKey } from '../random/stream.js';
import type { RandomStream } from '../random/stream.js';
import type { ParameterSpec, ScenarioDocument } from '../scenario/schema.js';
import {
  lognormalFromPercentiles,
  normalFromPercentiles,
  quantile,
  type Distribution,
} from '../random/distributions.js';

export interface ParameterInfo {
  readonly distribution: Distribution;
  readonly per: 'trial' | 'step' | 'event';
  readonly unit: string | undefined;
}

/** Normalise every parameter form of the format to one Distribution. */
export function parameterInfo(spec: ParameterSpec): ParameterInfo {
  if (typeof spec === 'number')
    return { distribution: { kind: 'constant', value: spec }, per: 'trial', unit: undefined };
  const per = spec.per ?? 'trial';
  const unit = spec.unit;
  if (!('dist' in spec)) return { distribution: { kind: 'constant', value: spec.value }, per, unit };
  const d = ((): Distribution => {
    switch (spec.dist) {
      case 'uniform':
        return { kind: 'uniform', min: spec.min, max: spec.max };
      case 'normal': {
        const m =
          spec.p5 !== undefined && spec.p95 !== undefined
            ? normalFromPercentiles(spec.p5, spec.p95)
            : { mean: spec.mean ?? 0, sd: spec.sd ?? 1 };
        return { kind: 'normal', mean: m.mean, sd: m.sd, min: spec.min ?? -Infinity, max: spec.max ?? Infinity };
      }
      case 'lognormal': {
        const m =
          spec.p5 !== undefined && spec.p95 !== undefined
            ? lognormalFromPercentiles(spec.p5, spec.p95)
            : { mu: spec.mu ?? 0, sigma: spec.sigma ?? 1 };
        return { kind: 'lognormal', mu: m.mu, sigma: m.sigma, min: spec.min ?? 0, max: spec.max ?? Infinity };
      }
      case 'triangular':
        return { kind: 'triangular', min: spec.min, mode: spec.mode, max: spec.max };
      case 'pert':
        return { kind: 'pert', min: spec.min, mode: spec.mode, max: spec.max };
      case 'bernoulli':
        return { kind: 'bernoulli', p: spec.p };
      case 'discrete':
        return { kind: 'discrete', values: spec.values, weights: spec.weights ?? spec.values.map(() => 1) };
      default:
        return spec satisfies never;
    }
  })();
  return { distribution: d, per, unit };
}

/**
 * Whether draws from `d` can differ: false for constants and for forms that
 * collapse to one value (uniform with min = max, Bernoulli with p 0 or 1, a
 * single discrete value).
 */
export function varies(d: Distribution): boolean {
  return d.kind !== 'constant' && quantile(d, 0) !== quantile(d, 1);
}

/** The stream every column of a `parameters_from` sample draws its row from: (seed, trial, SAMPLE_KEY). */
export const SAMPLE_KEY = nameKey('parameters_from');

/** Row floor(u n) of a sample column: columns drawing the same u take the same row. */
export function rowSampler(column: Float64Array): (rng: RandomStream) => number {
  const n = column.length;
  return (rng) => column[Math.min(n - 1, Math.floor(rng.next() * n))]!;
}

/**
 * Replace the parameters a `parameters_from` sample names by its columns
 * (joint rows, see `ParameterModel.sample`); the problems of the sample.
 */
export function applySample(
  doc: ScenarioDocument,
  params: { id: string; info: ParameterInfo; sample?: Float64Array }[],
): { code: ProblemCode; message: string; path: KeyPath }[] {
  const from = doc.parameters_from;
  if (from === undefined) return [];
  if (typeof from === 'string')
    return [
      {
        code: 'io',
        message: `the sample '${from}' was not read: give the scenario as a file (its folder holds the sample), or write its columns and rows in`,
        path: ['parameters_from'],
      },
    ];
  const problems: { code: ProblemCode; message: string; path: KeyPath }[] = [];
  const correlated = new Set((doc.correlations ?? []).flatMap((c) => c.between));
  const seen = new Set<string>();
  from.columns.forEach((id, j) => {
    const path = ['parameters_from', 'columns', j];
    const p = params.find((x) => x.id === id);
    if (seen.has(id)) problems.push({ code: 'schema', message: `column '${id}' appears twice`, path });
    else if (!p)
      problems.push({
        code: 'unknown-symbol',
        message: `sample column '${id}' is not a parameter of the scenario`,
        path,
      });
    else if (p.info.per !== 'trial')
      problems.push({
        code: 'schema',
        message: `'${id}' is drawn per ${p.info.per}; a sample sets per-trial parameters`,
        path,
      });
    else if (correlated.has(id))
      problems.push({
        code: 'schema',
        message: `'${id}' is in a correlation; a sample's rows carry its dependence already`,
        path,
      });
    seen.add(id);
  });
  from.rows.forEach((r, i) => {
    if (r.length !== from.columns.length && problems.length < 10)
      problems.push({
        code: 'schema',
        message: `row ${i + 1} has ${r.length} values for ${from.columns.length} columns`,
        path: ['parameters_from', 'rows', i],
      });
  });
  if (problems.length > 0) return problems;
  from.columns.forEach((id, j) => {
    const p = params.find((x) => x.id === id)!;
    const sample = Float64Array.from(from.rows, (r) => r[j]!);
    p.sample = sample;
    p.info = { ...p.info, distribution: { kind: 'discrete', values: [...sample], weights: from.rows.map(() => 1) } };
  });
  return [];
}

/** Whether every draw from `d` is above 0 (a log-normal's are: its floor 0 has probability 0). */
export function positive(d: Distribution): boolean {
  if (d.kind === 'lognormal') return d.min >= 0;
  return quantile(d, 0) > 0;
}
