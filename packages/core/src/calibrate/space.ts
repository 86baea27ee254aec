/*
 * The space a calibration samples in: each calibrated parameter as a normal
 * score z, mapped to its value by the parameter's own quantile function at
 * Φ(z). The prior there is N(0, R), R the normal-score correlation of the
 * scenario's copula (the identity without correlations), whatever the
 * marginals: mapping N(0, R) through Φ and the quantile functions is exactly
 * how a run draws. So the samplers perturb with Gaussian kernels and weigh by
 * a Gaussian density, and a posterior draw never leaves a parameter's
 * support (a uniform's bounds, a lognormal's positive half-line).
 */
import type { Model } from '../model/model.js';
import { varies } from '../model/parameters.js';
import { cholesky } from '../random/copula.js';
import { quantile, type Distribution } from '../random/distributions.js';
import { normalCdf } from '../random/normal.js';

/** Φ(z) kept inside (0, 1): far tails map to a bound's neighbourhood, never to an infinite quantile. */
const U_EDGE = 1e-15;

export interface CalibrationSpace {
  /** Calibrated parameters: per-trial, with a spread, not from a `parameters_from` sample. */
  readonly ids: readonly string[];
  /** Their indices in `Model.parameters`. */
  readonly indices: readonly number[];
  readonly distributions: readonly Distribution[];
  readonly d: number;
  /** Lower Cholesky factor of the prior correlation R, row-major d x d. */
  readonly prior: Float64Array;
}

export function calibrationSpace(model: Model): CalibrationSpace {
  const indices: number[] = [];
  model.parameters.forEach((p, i) => {
    if (p.per === 'trial' && !p.sample && varies(p.distribution)) indices.push(i);
  });
  const d = indices.length;
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) r[i * d + i] = 1;
  const c = model.correlation;
  if (c) {
    const m = c.members.length;
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) {
        const ia = indices.indexOf(c.members[a]!);
        const ib = indices.indexOf(c.members[b]!);
        if (ia >= 0 && ib >= 0) r[ia * d + ib] = c.normal[a * m + b]!;
      }
  }
  // The compiler refused correlations that are not positive definite.
  const prior = cholesky(r, d) ?? identity(d);
  return {
    ids: indices.map((i) => model.parameters[i]!.id),
    indices,
    distributions: indices.map((i) => model.parameters[i]!.distribution),
    d,
    prior,
  };
}

export function identity(d: number): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = 1;
  return m;
}

/** The parameter values of normal scores z (row `row` of a d-wide array) into `into` at the space's indices. */
export function valuesOf(space: CalibrationSpace, z: ArrayLike<number>, row: number, into: Float64Array): void {
  const { d, indices, distributions } = space;
  for (let i = 0; i < d; i++) {
    const u = Math.min(1 - U_EDGE, Math.max(U_EDGE, normalCdf(z[row * d + i]!)));
    into[indices[i]!] = quantile(distributions[i]!, u);
  }
}

/** y = L x for a lower-triangular row-major L (d x d): x and y distinct. */
export function lowerTimes(l: Float64Array, d: number, x: ArrayLike<number>, y: Float64Array, yAt = 0): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += l[i * d + j]! * x[j]!;
    y[yAt + i] = s;
  }
}

/** Solve L y = x (forward substitution) into y, reading x from `x[xAt..]`. */
export function lowerSolve(l: Float64Array, d: number, x: ArrayLike<number>, xAt: number, y: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let s = x[xAt + i]!;
    for (let j = 0; j < i; j++) s -= l[i * d + j]! * y[j]!;
    y[i] = s / l[i * d + i]!;
  }
}

/**
 * The lower Cholesky factor of `scale` times the weighted covariance of the
 * rows of z (n x d): a proposal kernel (twice the covariance: the mixture of
 * adaptive importance rounds, Beaumont et al. 2009; 2.38^2 / d / 2 of it:
 * ABC-SMC's Metropolis moves). A degenerate direction gets a small floor so
 * the factor exists.
 */
export function kernelFactor(z: Float64Array, w: Float64Array, n: number, d: number, scale = 2): Float64Array {
  const mean = new Float64Array(d);
  for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) mean[i] = mean[i]! + w[k]! * z[k * d + i]!;
  const cov = new Float64Array(d * d);
  for (let k = 0; k < n; k++) {
    const wk = w[k]!;
    if (wk === 0) continue;
    for (let i = 0; i < d; i++) {
      const di = z[k * d + i]! - mean[i]!;
      for (let j = 0; j <= i; j++) cov[i * d + j] = cov[i * d + j]! + wk * di * (z[k * d + j]! - mean[j]!);
    }
  }
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      const v = scale * cov[i * d + j]!;
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  for (let attempt = 0; attempt < 30; attempt++) {
    const l = cholesky(cov, d);
    if (l) return l;
    for (let i = 0; i < d; i++) cov[i * d + i] = cov[i * d + i]! + 1e-6 * 4 ** attempt;
  }
  return identity(d);
}
