/*
 * What a sensitivity analysis will do, worked out before any run: the
 * settings checked, the factors, the number of model runs. Callers state the
 * count (or refuse) before they commit to the work.
 */
import { didYouMean } from '../did-you-mean.js';
import { requestProblem, type KeyPath, type Problem, type ProblemCode } from '../errors.js';
import { issueWords } from '../scenario/issue-words.js';
import type { Model } from '../model/model.js';
import { varies } from '../model/parameters.js';
import { reportIndex } from '../model/time.js';
import { err, ok, type Result } from '../result.js';
import { RUN_LIMITS, seedOf } from '../limits.js';
import { SensitivitySettings } from './document.js';

export const SENSITIVITY_DEFAULTS = {
  method: 'tornado',
  samples: 1024,
  resamples: 1000,
  percentiles: [0.1, 0.9],
} as const;

/** A factor: one parameter, or a group of correlated ones varied together. Indices into `Model.parameters`. */
export interface PlannedFactor {
  readonly id: string;
  readonly parameters: readonly number[];
}

export interface SensitivityPlan {
  readonly method: 'tornado' | 'sobol';
  readonly output: string;
  /** The reporting time and its index in `Model.time.times`. */
  readonly at: number;
  readonly atIndex: number;
  readonly seed: number;
  /**
   * Tornado: every per-trial parameter with a spread, one each. Sobol: the
   * same, except that correlated parameters form one factor per connected group.
   */
  readonly factors: readonly PlannedFactor[];
  /** Model runs the analysis makes: 2D + 1 (tornado), N (D + 2) (Sobol). */
  readonly runs: number;
  readonly samples: number;
  readonly resamples: number;
  readonly overTime: boolean;
  readonly percentiles: readonly [number, number];
  /** Engine operations of the runs and, for Sobol, the bootstrap. */
  readonly operations: number;
}

/** Check the settings against the model and count the work. */
export function planSensitivity(model: Model, settings: SensitivitySettings): Result<SensitivityPlan, Problem[]> {
  const problems: Problem[] = [];
  const at0 = model.source.locate([]);
  const problem = (code: ProblemCode, message: string) =>
    problems.push({ code, message, file: at0.file, path: [], line: at0.line, column: at0.column });
  // The settings are the request's: problems with them are placed there, by key.
  const asked = (message: string, key: string, code: ProblemCode = 'usage') =>
    problems.push(requestProblem(message, [key], code));
  const parsed = SensitivitySettings.safeParse(settings, { error: issueWords });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(requestProblem(issue.message, issue.path as KeyPath));
    return err(problems);
  }
  const s = parsed.data;
  const method = s.method ?? SENSITIVITY_DEFAULTS.method;
  const doc = model.document;

  const symbol = model.symbols.get(s.output);
  if (symbol === undefined || symbol.kind === 'time') {
    const ids = [...model.symbols.values()].filter((x) => x.kind !== 'time').map((x) => x.id);
    asked(
      `output '${s.output}' is not a stock, variable, parameter, series or shock of '${doc.id}'${didYouMean(s.output, ids)}`,
      'output',
    );
  }
  const times = model.time.times;
  const at = s.at ?? times[times.length - 1]!;
  const atIndex = reportIndex(model.time, at);
  if (atIndex < 0) asked(`${at} is not a reporting time of '${doc.id}' (${describeTimes(times)})`, 'at');
  if (method === 'tornado') {
    for (const key of ['samples', 'resamples', 'over_time'] as const) {
      if (s[key] !== undefined) asked(`${key} applies to the sobol method, not tornado`, key);
    }
  } else if (s.percentiles !== undefined) {
    asked('percentiles applies to the tornado method, not sobol', 'percentiles');
  }

  const uncertain = model.parameters.flatMap((p, i) => (p.per === 'trial' && varies(p.distribution) ? [i] : []));
  if (uncertain.length === 0) problem('usage', `'${doc.id}' has no per-trial parameter with a spread: nothing to vary`);
  if (problems.length > 0) return err(problems);

  const factors: PlannedFactor[] =
    method === 'tornado'
      ? uncertain.map((i) => ({ id: model.parameters[i]!.id, parameters: [i] }))
      : groupFactors(model, uncertain);
  const samples = s.samples ?? SENSITIVITY_DEFAULTS.samples;
  const runs = method === 'tornado' ? 2 * factors.length + 1 : samples * (factors.length + 2);
  const overTime = s.over_time ?? false;
  if (method === 'sobol') {
    if (runs > RUN_LIMITS.maxTrials) {
      problem(
        'limit',
        `${samples} samples x (${factors.length} factor${factors.length === 1 ? '' : 's'} + 2) = ${runs} runs is over the limit of ${RUN_LIMITS.maxTrials}; lower --samples`,
      );
    }
    const stored = runs * (overTime ? times.length : 1);
    if (stored > RUN_LIMITS.maxStoredValues) {
      problem(
        'limit',
        `${runs} runs x ${overTime ? times.length : 1} times is over the limit of ${RUN_LIMITS.maxStoredValues} stored values`,
      );
    }
  }
  // The runs, and for Sobol the bootstrap: every resample draws N rows and reweighs D + 2 designs at each time (about 15 operations a row and design).
  const resamples = s.resamples ?? SENSITIVITY_DEFAULTS.resamples;
  const bootstrap =
    method === 'sobol' ? 15 * resamples * samples * (factors.length + 2) * (overTime ? times.length : 1) : 0;
  const operations = runs * model.trialOperations + bootstrap;
  if (problems.length === 0 && operations > RUN_LIMITS.maxOperations) {
    problem(
      'limit',
      `${runs} runs and ${method === 'sobol' ? `${resamples} resamples` : 'no resampling'} are about ${operations.toPrecision(3)} operations, over the limit of ${RUN_LIMITS.maxOperations} (maxOperations); lower --samples or --resamples`,
    );
  }
  if (problems.length > 0) return err(problems);
  return ok({
    method,
    output: s.output,
    at: times[atIndex]!,
    atIndex,
    seed: seedOf(model, s.seed),
    factors,
    runs,
    samples,
    resamples,
    overTime,
    percentiles: s.percentiles ?? SENSITIVITY_DEFAULTS.percentiles,
    operations,
  });
}

/**
 * Sobol factors: correlated parameters cannot be varied one without the
 * other, so each connected group of the correlation graph is one factor;
 * groups (and uncorrelated parameters) are independent of each other, as
 * the estimators need. In declaration order of each group's first member.
 */
function groupFactors(model: Model, uncertain: readonly number[]): PlannedFactor[] {
  const root = new Map(uncertain.map((i) => [i, i]));
  const find = (i: number): number => {
    let r = i;
    while (root.get(r) !== r) r = root.get(r)!;
    return r;
  };
  for (const pair of model.correlation?.pairs ?? []) {
    const [a, b] = pair.between.map(find) as [number, number];
    if (a !== b) root.set(Math.max(a, b), Math.min(a, b));
  }
  const groups = new Map<number, number[]>();
  for (const i of uncertain) {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  }
  return [...groups.values()].map((members) => ({
    id: members.map((i) => model.parameters[i]!.id).join(' + '),
    parameters: members,
  }));
}

function describeTimes(times: Float64Array): string {
  if (times.length <= 6) return Array.from(times).join(', ');
  return `${times[0]}, ${times[1]}, ..., ${times[times.length - 1]}`;
}
