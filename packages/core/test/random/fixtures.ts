/** Distributions and sampling shared by the distribution tests. */
import { makeSampler, type Distribution } from '../../src/random/distributions.js';
import { stream } from './stats.js';

export const N = 200_000;
export type Kind<K extends Distribution['kind']> = Extract<Distribution, { kind: K }>;
export const normal = (mean: number, sd: number, min = -Infinity, max = Infinity): Kind<'normal'> => ({
  kind: 'normal',
  mean,
  sd,
  min,
  max,
});
export const lognormal = (mu: number, sigma: number, min = 0, max = Infinity): Kind<'lognormal'> => ({
  kind: 'lognormal',
  mu,
  sigma,
  min,
  max,
});

export function sample(d: Distribution, n = N, seed = 11): Float64Array {
  const f = makeSampler(d);
  const rng = stream(seed, 0, 'x');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(rng);
  return out;
}

export const bounds = (d: Distribution): [number, number] =>
  'min' in d
    ? [d.min, d.max]
    : d.kind === 'bernoulli'
      ? [0, 1]
      : d.kind === 'constant'
        ? [d.value, d.value]
        : [Math.min(...d.values), Math.max(...d.values)];
