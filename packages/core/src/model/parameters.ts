import type { ParameterSpec } from '../scenario/schema.js';
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

/** Whether every draw from `d` is above 0 (a log-normal's are: its floor 0 has probability 0). */
export function positive(d: Distribution): boolean {
  if (d.kind === 'lognormal') return d.min >= 0;
  return quantile(d, 0) > 0;
}
