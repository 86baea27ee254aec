import {
  comparePlan,
  runPlan,
  type ComparisonResult,
  type Model,
  type Plan,
  type Problem,
  type Result,
  type RunResult,
} from '@foresight/core';
import { BusyError, ClosedError } from '@foresight/node';
import type { FastifyReply } from 'fastify';
import type { AppContext } from './context.js';
import { ApiError, problemsError } from './errors.js';
import { checkBudgets } from './limits.js';

class OverBudget extends Error {
  override readonly name = 'OverBudget';
}
class ClientGone extends Error {
  override readonly name = 'ClientGone';
}
class Closing extends Error {
  override readonly name = 'Closing';
}

/** A plan of a request, or its problems as a 422; checked against the server's budgets. */
export function planned<T>(ctx: AppContext, plan: Result<Plan<T>, Problem[]>): Plan<T> {
  if (!plan.ok) throw problemsError(plan.error);
  checkBudgets(plan.value, ctx.limits);
  return plan.value;
}

/**
 * Run one plan for a request on the executor, bounded by the time budget
 * (counted from the request's arrival, so time in the queue counts). The
 * plan is aborted when the budget runs out (504), when the client goes away
 * before the answer (nobody is waiting for it), or when the app closes
 * (503). A full queue is a 503 with Retry-After, an executor that cannot
 * reach its workers (Redis out of reach) a 503. Problems are a 422. `fewer`
 * says what to ask less of when the budget runs out.
 */
export async function runJob<T>(ctx: AppContext, reply: FastifyReply, plan: Plan<T>, fewer = 'trials'): Promise<T> {
  const budget = ctx.limits.timeBudgetMs;
  const controller = new AbortController();
  const left = Math.max(0, budget - reply.elapsedTime);
  const timer = setTimeout(() => controller.abort(new OverBudget()), left);
  const onClose = () => {
    if (!reply.raw.writableEnded) controller.abort(new ClientGone());
  };
  reply.raw.once('close', onClose);
  ctx.inflight.add(controller);
  const executor = ctx.executor;
  try {
    const result = await executor.run(plan, { signal: controller.signal });
    if (!result.ok) {
      if (result.error.every((p) => p.code === 'io'))
        throw new ApiError('unavailable', `the workers cannot be reached: ${result.error[0]?.message ?? ''}`, null, {
          'retry-after': '5',
        });
      throw problemsError(result.error);
    }
    return result.value;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof BusyError) {
      throw new ApiError(
        'busy',
        `the server is busy: ${executor.pending} jobs are running or queued; retry shortly`,
        { pending: executor.pending, max_queue: ctx.maxQueue ?? null },
        { 'retry-after': '1' },
      );
    }
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
    if (reason instanceof OverBudget) throw overBudget(budget, fewer);
    if (reason instanceof Closing || e instanceof ClosedError)
      throw new ApiError('busy', 'the server is shutting down', null);
    // Nobody reads this answer; it only tells the log why the job stopped.
    if (reason instanceof ClientGone)
      throw new ApiError('timeout', 'the client closed the connection before the answer; the job was stopped', null);
    throw e;
  } finally {
    clearTimeout(timer);
    reply.raw.off('close', onClose);
    ctx.inflight.delete(controller);
  }
}

/** The 504 of a request over its time budget; `fewer` says what to ask less of. */
export function overBudget(budget: number, fewer: string): ApiError {
  return new ApiError(
    'timeout',
    `the job took longer than the time budget of ${budget} ms (limits.timeBudgetMs) and was stopped; ask for fewer ${fewer}`,
    { budget_ms: budget },
  );
}

/** Stop every job in flight (the app is closing). */
export function abortAll(ctx: AppContext): void {
  for (const c of ctx.inflight) c.abort(new Closing());
}

/** The trials and seed a request asks for. */
export interface Asked {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
}

/** The plan of a run of a scenario, checked against the budgets. */
export const runPlanned = (ctx: AppContext, model: Model, asked: Asked): Plan<RunResult> =>
  planned(ctx, runPlan(model, { trials: asked.trials, seed: asked.seed }, ctx.executor.sizing));

/** A run of one scenario, from the cache when the same run was made lately. */
export async function runScenario(
  ctx: AppContext,
  reply: FastifyReply,
  model: Model,
  asked: Asked,
): Promise<RunResult> {
  const plan = runPlanned(ctx, model, asked);
  const cached = ctx.cache.get(plan.identity);
  if (cached) return cached;
  const result = await runJob(ctx, reply, plan);
  ctx.cache.set(plan.identity, result, plan.cost.result.amount);
  return result;
}

/** The plan of a comparison, checked against the budgets. */
export const comparePlanned = (
  ctx: AppContext,
  [base, ...alternatives]: readonly Model[],
  asked: Asked & { readonly outputs?: readonly string[] | undefined },
): Plan<ComparisonResult> => {
  if (base === undefined) throw new Error('a comparison needs a base scenario');
  return planned(
    ctx,
    comparePlan(
      base,
      alternatives,
      { trials: asked.trials, seed: asked.seed, outputs: asked.outputs },
      ctx.executor.sizing,
    ),
  );
};

/**
 * A comparison is made afresh (its paired differences need every trial), but
 * each of its runs is what a run of that scenario with the same trials and
 * seed gives, so they go into the cache for the charts that follow.
 */
export async function compareScenarios(
  ctx: AppContext,
  reply: FastifyReply,
  models: readonly Model[],
  asked: Asked & { readonly outputs?: readonly string[] | undefined },
): Promise<ComparisonResult> {
  const result = await runJob(ctx, reply, comparePlanned(ctx, models, asked));
  models.forEach((m, i) => {
    const run = result.runs[i];
    // A comparison streams sooner than a run of one of its scenarios: only exact runs are a run's result.
    if (run?.provenance.quantile_method !== 'exact') return;
    const plan = runPlan(m, { trials: result.trials, seed: result.seed });
    if (plan.ok) ctx.cache.set(plan.value.identity, run, plan.value.cost.result.amount);
  });
  return result;
}
