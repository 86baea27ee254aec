/*
 * An assumption check as a plan: one piece per assumption (each searched
 * with its own seed, seed + index, and shrunk on its own), merged in the
 * document's order.
 */
import {
  checkSearchLimits,
  checkSearchOperations,
  err,
  ok,
  seedOf,
  type AssumptionResult,
  type CheckReport,
  type Problem,
  type Result,
} from '@foresight/core';
import {
  checkReportSize,
  grouped,
  identityOf,
  LOCAL_SIZING,
  measure,
  planScenario,
  resultMeasure,
  stepsOf,
  type Piece,
  type PieceKind,
  type PieceRegistry,
  type PieceSizing,
  type Plan,
} from '@foresight/core/plans';
import type { Model } from '@foresight/core';
import { checkAssumption, checkContext } from './check.js';

export interface CheckOptions {
  /** Property runs per assumption (default 200). */
  readonly runs?: number | undefined;
  /** fast-check seed (default: the scenario's seed, else 1). */
  readonly seed?: number | undefined;
}

export const DEFAULT_RUNS = 200;

export interface AssumptionPiece extends Piece {
  readonly kind: 'check-assumption';
  /** The assumption's index in the document. */
  readonly index: number;
  readonly checkRuns: number;
  readonly seed: number;
}

export interface AssumptionAnswer {
  readonly result: AssumptionResult;
  /** Trials the search simulated. */
  readonly trials: number;
}

export const assumptionPiece: PieceKind<AssumptionPiece, AssumptionAnswer> = {
  compute(p, env) {
    const sha = p.scenarios[0]!;
    const ctx = checkContext(env.model(sha));
    const result = checkAssumption(ctx, p.index, p.checkRuns, p.seed);
    return { result, trials: ctx.trials };
  },
};

export const CHECK_PIECES: PieceRegistry = { 'check-assumption': assumptionPiece as PieceKind };

/**
 * The plan of an assumption check: refused with `limit` problems, before any
 * trial runs, when its runs and shrinking would be over the work limits.
 */
export function checkPlan(
  model: Model,
  options: CheckOptions = {},
  // One piece per assumption, whatever the executor.
  _sizing: PieceSizing = LOCAL_SIZING,
): Result<Plan<CheckReport>, Problem[]> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const seed = seedOf(model, options.seed);
  const limits = checkSearchLimits(model, runs);
  if (limits.length > 0) return err(limits);
  const scenario = planScenario(model);
  const assumptions = model.document.assumptions ?? [];
  const probes = assumptions.reduce((sum, a) => sum + ('holds' in a ? runs : 2 * runs), 0);
  const pieces: AssumptionPiece[] = assumptions.map((a, index) => ({
    kind: 'check-assumption',
    scenarios: [scenario.sha256],
    inputs: [],
    runs: 'holds' in a ? runs : 2 * runs,
    index,
    checkRuns: runs,
    seed,
  }));
  const k = assumptions.length;
  return ok({
    kind: 'check',
    identity: identityOf('check', [scenario.sha256], { runs, seed }),
    scenarios: [scenario],
    cost: {
      runs: measure(model, [], probes, `${grouped(probes)} trials`),
      trials: measure(model, [], runs, `${grouped(runs)} runs`),
      trialSteps: measure(
        model,
        ['assumptions'],
        probes * model.time.steps,
        `${grouped(runs)} runs over ${k} assumptions`,
      ),
      storedValues: measure(model, [], 0, 'nothing held'),
      result: resultMeasure(
        model,
        ['assumptions'],
        checkReportSize(model),
        `${k} assumptions, each with a counterexample of ${grouped(model.time.steps + 1)} steps`,
        'check fewer assumptions at a time, or use fewer steps (a larger dt)',
      ),
      operations: checkSearchOperations(model, runs),
      steps: stepsOf([model]),
    },
    kinds: CHECK_PIECES,
    start() {
      const results: AssumptionResult[] = [];
      let trials = 0;
      return {
        stage: {
          name: 'assumptions',
          pieces,
          inputs: {},
          wanted: () => true,
          take(i, answer) {
            const a = answer as AssumptionAnswer;
            results[i] = a.result;
            trials += a.trials;
          },
          next: () => ({
            result: ok({
              scenario: model.document.id,
              seed,
              runs,
              trials,
              assumptions: results,
              violated: results.filter((r) => r.status === 'violated').length,
            }),
          }),
        },
      };
    },
  });
}
