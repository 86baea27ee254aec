import {
  checkRunLimits,
  storedValues,
  trialsAndSeed,
  type Model,
  type Problem,
  type SensitivityPlan,
} from '@foresight/core';
import { problemsError } from './errors.js';
import type { Limits } from './options.js';

const n = (x: number): string => x.toLocaleString('en-US');

function at(model: Model, path: (string | number)[], message: string): Problem {
  const pos = model.source.locate(path);
  return { code: 'limit', message, file: pos.file, path, line: pos.line, column: pos.column };
}

/** The server's limit on a scenario's time steps. */
function stepsProblems(m: Model, limits: Limits): Problem[] {
  if (m.time.steps <= limits.steps) return [];
  return [
    at(
      m,
      ['time'],
      `'${m.document.id}' has ${n(m.time.steps)} time steps, over the server's limit of ${n(limits.steps)} (limits.steps); raise dt or shorten the horizon`,
    ),
  ];
}

/**
 * The server's limits on running `models` with `trials` each, then the
 * engine's own (checkRunLimits); every message names the limit it is over.
 * Throws a 422 `limit` error.
 */
export function checkRunRequest(models: readonly Model[], trials: number, limits: Limits): void {
  const first = firstOf(models);
  const problems: Problem[] = [];
  if (trials > limits.trials) {
    problems.push(
      at(
        first,
        ['trials'],
        `${n(trials)} trials is over the server's limit of ${n(limits.trials)} trials per scenario (limits.trials)`,
      ),
    );
  }
  for (const m of models) problems.push(...stepsProblems(m, limits));
  const work = models.reduce((sum, m) => sum + trials * m.time.steps, 0);
  if (work > limits.work) {
    const what =
      models.length === 1
        ? `${n(trials)} trials x ${n(first.time.steps)} steps`
        : `${models.length} scenarios x ${n(trials)} trials x their steps`;
    problems.push(
      at(
        first,
        ['trials'],
        `${what} is ${n(work)} trial-steps, over the server's limit of ${n(limits.work)} trial-steps per request (limits.work); ask for fewer trials or scenarios`,
      ),
    );
  }
  const stored = models.reduce((sum, m) => sum + storedValues(m, trials), 0);
  if (stored > limits.storedValues) {
    problems.push(
      at(
        first,
        ['outputs'],
        `${n(stored)} stored values (trials x outputs x reporting times) is over the server's limit of ${n(limits.storedValues)} per request (limits.storedValues); ask for fewer outputs or trials`,
      ),
    );
  }
  if (problems.length === 0) for (const m of models) problems.push(...checkRunLimits(m, trials));
  if (problems.length > 0) throw problemsError(problems);
}

/** The scenario whose trials, seed and positions a request's limit problems take: its first. */
function firstOf(models: readonly Model[]): Model {
  const first = models[0];
  if (first === undefined) throw new Error('a run or comparison names at least one scenario');
  return first;
}

/**
 * The trials and seed of a run or comparison of `models` (the request's,
 * else the first scenario's), checked against the limits (checkRunRequest).
 */
export function plannedRun(
  models: readonly Model[],
  asked: { trials?: number | undefined; seed?: number | undefined },
  limits: Limits,
): { trials: number; seed: number } {
  const run = trialsAndSeed(firstOf(models), asked);
  checkRunRequest(models, run.trials, limits);
  return run;
}

/** The limits on a check: runs per assumption, and its trial-steps (a monotone run is two trials; shrinking comes on top). */
export function checkCheckRequest(model: Model, runs: number, limits: Limits): void {
  const problems: Problem[] = [];
  if (runs > limits.checkRuns) {
    problems.push(
      at(
        model,
        [],
        `${n(runs)} runs is over the server's limit of ${n(limits.checkRuns)} runs per assumption (limits.checkRuns)`,
      ),
    );
  }
  const trials = (model.document.assumptions ?? []).reduce((sum, a) => sum + ('holds' in a ? runs : 2 * runs), 0);
  const work = trials * model.time.steps;
  if (work > limits.work) {
    problems.push(
      at(
        model,
        ['assumptions'],
        `${n(runs)} runs over ${model.document.assumptions?.length ?? 0} assumptions is ${n(work)} trial-steps, over the server's limit of ${n(limits.work)} trial-steps per request (limits.work)`,
      ),
    );
  }
  if (problems.length > 0) throw problemsError(problems);
}

/**
 * The limits on a sensitivity analysis of `model` as planned: its time
 * steps, its model runs x steps (limits.work), and the values it holds (the
 * design's outputs at the times it keeps, and for Sobol the bootstrap's
 * replicates: limits.storedValues). The engine's own limits were checked by
 * the plan. Throws a 422 `limit` error.
 */
export function checkSensitivityRequest(model: Model, plan: SensitivityPlan, limits: Limits): void {
  const problems = stepsProblems(model, limits);
  const steps = model.time.steps;
  const d = plan.factors.length;
  const factors = `${d} factor${d === 1 ? '' : 's'}`;
  const runs =
    plan.method === 'sobol'
      ? `${n(plan.samples)} samples x (${factors} + 2) = ${n(plan.runs)} model runs`
      : `2 x ${factors} + 1 = ${n(plan.runs)} model runs`;
  const work = plan.runs * steps;
  if (work > limits.work) {
    problems.push(
      at(
        model,
        [],
        `${runs} x ${n(steps)} steps is ${n(work)} trial-steps, over the server's limit of ${n(limits.work)} trial-steps per request (limits.work); ask for fewer samples`,
      ),
    );
  }
  if (plan.method === 'sobol') {
    const kept = plan.overTime ? model.time.times.length : 1;
    const stored = plan.runs * kept + 2 * d * kept * plan.resamples;
    if (stored > limits.storedValues) {
      problems.push(
        at(
          model,
          [],
          `${n(stored)} stored values (model runs x times kept, plus 2 x factors x times kept x resamples) is over the server's limit of ${n(limits.storedValues)} per request (limits.storedValues); ask for fewer samples, resamples or no over_time`,
        ),
      );
    }
  }
  if (problems.length > 0) throw problemsError(problems);
}
