import type { CostMeasure, Plan, Problem } from '@foresight/core';
import { problemsError } from './errors.js';
import type { Limits } from './options.js';

const n = (x: number): string => x.toLocaleString('en-US');

/** Bytes for people: `32 MiB`, `1.05 GiB`, `512 KiB`. */
export function bytesText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n(bytes)} bytes` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

const problem = (m: Pick<CostMeasure, 'path' | 'at'>, message: string): Problem => ({
  code: 'limit',
  message,
  file: m.at.file,
  path: [...m.path],
  line: m.at.line,
  column: m.at.column,
});

/**
 * The server's budgets against what a plan costs (core counts it, and has
 * checked its own limits when it made the plan): trials per scenario (or
 * runs per assumption), time steps per scenario, trial-steps and stored
 * values and the answer's bytes per request. Every message names the budget
 * it is over and says what to ask less of. Throws a 422 `limit` error.
 */
export function checkBudgets(plan: Plan<unknown>, limits: Limits): void {
  const cost = plan.cost;
  const problems: Problem[] = [];
  const trials = cost.trials;
  if (trials !== undefined) {
    const [budget, what, key] =
      plan.kind === 'check'
        ? [limits.checkRuns, 'runs per assumption', 'limits.checkRuns']
        : [limits.trials, 'trials per scenario', 'limits.trials'];
    if (trials.amount > budget)
      problems.push(problem(trials, `${trials.counted} is over the server's limit of ${n(budget)} ${what} (${key})`));
  }
  for (const s of cost.steps) {
    if (s.steps > limits.steps) {
      problems.push(
        problem(
          { path: ['time'], at: s.at },
          `'${s.scenario}' has ${n(s.steps)} time steps, over the server's limit of ${n(limits.steps)} (limits.steps); raise dt or shorten the horizon`,
        ),
      );
    }
  }
  const work = cost.trialSteps;
  if (work.amount > limits.work) {
    problems.push(
      problem(
        work,
        `${work.counted} is ${n(work.amount)} trial-steps, over the server's limit of ${n(limits.work)} trial-steps per request (limits.work)${work.fewer ? `; ${work.fewer}` : ''}`,
      ),
    );
  }
  const stored = cost.storedValues;
  if (stored.amount > limits.storedValues) {
    problems.push(
      problem(
        stored,
        `${n(stored.amount)} stored values (${stored.counted}) is over the server's limit of ${n(limits.storedValues)} per request (limits.storedValues)${stored.fewer ? `; ${stored.fewer}` : ''}`,
      ),
    );
  }
  const result = cost.result;
  if (result.amount > limits.resultBytes) {
    problems.push(
      problem(
        result,
        `the answer would be up to ${bytesText(result.amount)} of JSON (${result.counted}: ${n(result.values)} numbers), ` +
          `over the server's limit of ${bytesText(limits.resultBytes)} per answer (limits.resultBytes)${result.fewer ? `; ${result.fewer}` : ''}`,
      ),
    );
  }
  if (problems.length > 0) throw problemsError(problems);
}
