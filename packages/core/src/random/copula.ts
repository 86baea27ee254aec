/*
 * The Gaussian copula behind `correlations`. Each correlated parameter takes
 * the first uniform of its own stream, as an uncorrelated one would; the
 * uniforms become normal scores z = Φ⁻¹(u), are mixed by the Cholesky factor
 * of the normal-score correlation matrix (z' = L z), mapped back to uniforms
 * u' = Φ(z') and through each parameter's own quantile function. Every u' is
 * uniform, so every marginal is exactly as declared; only the dependence
 * between them changes.
 *
 * A document states Spearman's rank correlation ρ. For a Gaussian copula it
 * depends only on the normal-score correlation r, as ρ = (6/π)·asin(r/2),
 * whatever the marginals (for continuous ones), so r = 2·sin(πρ/6) realises
 * the requested rank correlation exactly; ties in a discrete marginal lower
 * the rank correlation it can reach.
 */
import { normalCdf, normalQuantile } from './normal.js';
import type { RandomStream } from './stream.js';

/** The normal-score correlation whose Gaussian copula has Spearman rank correlation `rho`. */
export function rankToNormal(rho: number): number {
  return 2 * Math.sin((Math.PI * rho) / 6);
}

/** Spearman's rank correlation of the Gaussian copula with normal-score correlation `r`. */
export function normalToRank(r: number): number {
  return (6 / Math.PI) * Math.asin(r / 2);
}

/**
 * Smallest Cholesky pivot accepted. Below it the matrix is singular to
 * working precision and L z would amplify rounding into the draws.
 */
export const MIN_PIVOT = 1e-10;

/**
 * The lower Cholesky factor of the n×n symmetric matrix `m` (row-major), or
 * undefined when `m` is not positive definite.
 */
export function cholesky(m: ArrayLike<number>, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = m[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
    if (!(d > MIN_PIVOT)) return undefined;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = m[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * A correlated uniform stays within the range a stream's own uniform can
 * take, (0, 1) with 53-bit resolution: L z can reach further into a tail than
 * any single draw, and Φ would round it to exactly 0 or 1, where an unbounded
 * quantile function is infinite.
 */
const U_MIN = 2 ** -53;
const U_MAX = 1 - 2 ** -53;

/**
 * Correlate n independent uniforms in place through the Cholesky factor `l`
 * of a normal-score correlation matrix; `z` is scratch of length n.
 */
export function correlateUniforms(l: Float64Array, n: number, u: Float64Array, z: Float64Array): void {
  for (let i = 0; i < n; i++) z[i] = normalQuantile(u[i]!);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += l[i * n + k]! * z[k]!;
    const p = normalCdf(s);
    u[i] = p < U_MIN ? U_MIN : p > U_MAX ? U_MAX : p;
  }
}

/**
 * Draws one correlated set per call from the members' streams (one uniform
 * each), into `values`, without allocating.
 */
export class CopulaSampler {
  readonly values: Float64Array;
  private readonly u: Float64Array;
  private readonly z: Float64Array;

  constructor(
    private readonly l: Float64Array,
    private readonly quantiles: readonly ((p: number) => number)[],
    private readonly streams: readonly RandomStream[],
  ) {
    const n = quantiles.length;
    this.values = new Float64Array(n);
    this.u = new Float64Array(n);
    this.z = new Float64Array(n);
  }

  sample(): Float64Array {
    const n = this.quantiles.length;
    for (let k = 0; k < n; k++) this.u[k] = this.streams[k]!.next();
    correlateUniforms(this.l, n, this.u, this.z);
    for (let k = 0; k < n; k++) this.values[k] = this.quantiles[k]!(this.u[k]!);
    return this.values;
  }
}
