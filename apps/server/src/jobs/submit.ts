import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Analysis, Planned } from '../analyses.js';
import type { AppContext } from '../context.js';
import { jobView, type JobView } from '../schemas/jobs.js';
import type { JobRecord } from '../store/index.js';

/** Whether a request asks to be answered at once with a job (RFC 7240: `Prefer: respond-async`). */
export const wantsAsync = (request: FastifyRequest): boolean => {
  const prefer = request.headers.prefer;
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return text.split(',').some(
    (p) =>
      p
        .trim()
        .split(/[;=\s]/)[0]
        ?.toLowerCase() === 'respond-async',
  );
};

// biome-ignore lint/suspicious/noExplicitAny: any analysis
export const viewOf = (job: JobRecord, analysis: Analysis<any, any> | undefined): JobView =>
  jobView(job, { chart: analysis?.chart !== undefined, csv: analysis?.csv !== undefined });

/**
 * Queue a job for a planned request and answer 202 with its Location (or
 * the job already made for an identical request). The plan was checked
 * against the budgets when it was made (its result's bytes included:
 * `limits.resultBytes`), so every refusal comes before a job exists.
 */
export async function submitJob(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  // biome-ignore lint/suspicious/noExplicitAny: any analysis
  analysis: Analysis<any, any>,
  planned: Planned<unknown>,
): Promise<FastifyReply> {
  const { job } = await ctx.jobs.submit(analysis.kind, request.body, planned, request.ip);
  return reply
    .code(202)
    .header('location', `/jobs/${job.id}`)
    .header('preference-applied', 'respond-async')
    .send(viewOf(job, analysis));
}
