import type { ComparisonResult, Problem, Result, RunResult } from '@foresight/core';
import { PoolBusyError, PoolClosedError, type JobOptions } from '@foresight/node';
import type { FastifyReply } from 'fastify';
import type { AppContext } from './context.js';
import { ApiError, problemsError } from './errors.js';
import type { Prepared } from './prepare.js';

class OverBudget extends Error {
  override readonly name = 'OverBudget';
}
class ClientGone extends Error {
  override readonly name = 'ClientGone';
}
class Closing extends Error {
  override readonly name = 'Closing';
}

/**
 * Run one pool job for a request, bounded by the time budget (counted from
 * the request's arrival, so time in the queue counts). The job is aborted
 * when the budget runs out (504), when the client goes away before the
 * answer (nobody is waiting for it), or when the app closes (503). A full
 * queue is a 503 with Retry-After. Problems are a 422. `fewer` says what
 * to ask less of when the budget runs out.
 */
export async function runJob<T>(
  ctx: AppContext,
  reply: FastifyReply,
  job: (options: JobOptions) => Promise<Result<T, Problem[]>>,
  fewer = 'trials',
): Promise<T> {
  const budget = ctx.limits.timeBudgetMs;
  const controller = new AbortController();
  const left = Math.max(0, budget - reply.elapsedTime);
  const timer = setTimeout(() => controller.abort(new OverBudget()), left);
  const onClose = () => {
    if (!reply.raw.writableEnded) controller.abort(new ClientGone());
  };
  reply.raw.once('close', onClose);
  ctx.inflight.add(controller);
  try {
    const result = await job({ signal: controller.signal });
    if (!result.ok) throw problemsError(result.error);
    return result.value;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof PoolBusyError) {
      throw new ApiError(
        'busy',
        `the server is busy: ${ctx.pool.pending} jobs are running or queued; retry shortly`,
        { pending: ctx.pool.pending, max_queue: ctx.maxQueue ?? null },
        { 'retry-after': '1' },
      );
    }
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
    if (reason instanceof OverBudget) {
      throw new ApiError(
        'timeout',
        `the job took longer than the time budget of ${budget} ms (limits.timeBudgetMs) and was stopped; ask for fewer ${fewer}`,
        { budget_ms: budget },
      );
    }
    if (reason instanceof Closing || e instanceof PoolClosedError)
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

/** Stop every job in flight (the app is closing). */
export function abortAll(ctx: AppContext): void {
  for (const c of ctx.inflight) c.abort(new Closing());
}

/** A run of one scenario, from the cache when the same run was made lately. */
export async function runScenario(
  ctx: AppContext,
  reply: FastifyReply,
  p: Prepared,
  run: { trials: number; seed: number },
): Promise<RunResult> {
  const key = ctx.cache.key(p.portable, run.trials, run.seed);
  const cached = ctx.cache.get(key);
  if (cached) return cached;
  const result = await runJob(ctx, reply, (job) => ctx.pool.run(p.portable, { ...run, ...job }));
  ctx.cache.set(key, result);
  return result;
}

/**
 * A comparison is made afresh (its paired differences need every trial), but
 * each of its runs is what a run of that scenario with the same trials and
 * seed gives, so they go into the cache for the charts that follow.
 */
export async function compareScenarios(
  ctx: AppContext,
  reply: FastifyReply,
  [base, ...alternatives]: readonly Prepared[],
  options: { trials: number; seed: number; outputs?: readonly string[] },
): Promise<ComparisonResult> {
  if (base === undefined) throw new Error('a comparison needs a base scenario');
  const result = await runJob(ctx, reply, (job) =>
    ctx.pool.compare(
      base.portable,
      alternatives.map((a) => a.portable),
      { ...options, ...job },
    ),
  );
  [base, ...alternatives].forEach((p, i) => {
    const run = result.runs[i];
    if (run) ctx.cache.set(ctx.cache.key(p.portable, options.trials, options.seed), run);
  });
  return result;
}
