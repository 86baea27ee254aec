/*
 * `correlations` of a document to a CorrelationModel: every id a per-trial
 * parameter that varies, no pair twice, and all pairs together a positive
 * definite matrix of normal scores (the Gaussian copula needs its Cholesky
 * factor). Every problem is reported, positioned.
 */
import type { KeyPath, Problem, ProblemCode } from '../errors.js';
import { cholesky, rankToNormal } from '../random/copula.js';
import type { CorrelationSpec } from '../scenario/schema.js';
import type { SourceDocument } from '../scenario/source.js';
import type { CorrelationModel } from './model.js';
import { varies, type ParameterInfo } from './parameters.js';

export function compileCorrelations(
  specs: readonly CorrelationSpec[] | undefined,
  params: readonly { readonly id: string; readonly info: ParameterInfo }[],
  isSymbol: (id: string) => boolean,
  src: SourceDocument,
): { correlation: CorrelationModel | undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (code: ProblemCode, message: string, path: KeyPath, atKey = false) => {
    const pos = src.locate(path, undefined, atKey);
    problems.push({ code, message, file: pos.file, path, line: pos.line, column: pos.column });
  };
  if (specs === undefined || specs.length === 0) return { correlation: undefined, problems };

  const pairs: { between: [number, number]; rho: number }[] = [];
  const seen = new Map<string, number>();
  specs.forEach((spec, i) => {
    const ends = spec.between.map((id, j) => {
      const path = ['correlations', i, 'between', j];
      const index = params.findIndex((p) => p.id === id);
      const p = params[index];
      if (p === undefined) {
        const what = isSymbol(id) ? `'${id}' is not a parameter` : `unknown parameter '${id}'`;
        report('unknown-symbol', `${what}: only per-trial parameters can be correlated`, path);
        return -1;
      }
      if (p.info.per !== 'trial') {
        report('schema', `'${id}' is drawn per ${p.info.per}: only per-trial parameters can be correlated`, path);
        return -1;
      }
      if (!varies(p.info.distribution)) {
        report('schema', `'${id}' is a constant: only parameters with a spread can be correlated`, path);
        return -1;
      }
      return index;
    });
    const [a, b] = ends as [number, number];
    if (a < 0 || b < 0) return;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    const prior = seen.get(key);
    if (prior !== undefined) {
      report(
        'schema',
        `${spec.between[0]} and ${spec.between[1]} are correlated twice (correlations[${prior}] and [${i}]); keep one`,
        ['correlations', i],
      );
      return;
    }
    seen.set(key, i);
    pairs.push({ between: [a, b], rho: spec.rho });
  });
  if (problems.length > 0) return { correlation: undefined, problems };

  const members = [...new Set(pairs.flatMap((p) => p.between))].sort((x, y) => x - y);
  const matrixOf = (subset: readonly { between: [number, number]; rho: number }[]): Float64Array => {
    const n = members.length;
    const m = new Float64Array(n * n);
    for (let k = 0; k < n; k++) m[k * n + k] = 1;
    for (const p of subset) {
      const i = members.indexOf(p.between[0]);
      const j = members.indexOf(p.between[1]);
      m[i * n + j] = m[j * n + i] = rankToNormal(p.rho);
    }
    return m;
  };
  const normal = matrixOf(pairs);
  const factor = cholesky(normal, members.length);
  if (factor === undefined) {
    const culprits = conflictingPairs(pairs, (subset) => cholesky(matrixOf(subset), members.length) !== undefined);
    const named = culprits
      .map((p) => `${params[p.between[0]]!.id} and ${params[p.between[1]]!.id} (${p.rho})`)
      .join(', ');
    const together = culprits.length === 1 ? 'is impossible' : 'are impossible together';
    report(
      'schema',
      `the correlations cannot all hold: ${named} ${together} (with the pairs not listed uncorrelated, ` +
        `the correlation matrix is not positive definite); weaken one of them`,
      ['correlations'],
      true,
    );
    return { correlation: undefined, problems };
  }
  return { correlation: { members, pairs, normal, cholesky: factor }, problems };
}

/**
 * A small set of pairs that is already impossible on its own: drop each pair
 * in turn and keep it dropped while what remains is still impossible. What
 * is left names the conflict rather than every correlation of the document.
 */
function conflictingPairs<T>(pairs: readonly T[], possible: (subset: readonly T[]) => boolean): T[] {
  let kept = [...pairs];
  for (const p of pairs) {
    const without = kept.filter((q) => q !== p);
    if (!possible(without)) kept = without;
  }
  return kept;
}
