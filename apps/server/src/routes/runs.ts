import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CHECK, COMPARE, RUN } from '../analyses.js';
import type { AppContext } from '../context.js';
import { sendJson } from '../answer.js';
import { JOB_ERRORS } from '../errors.js';
import { ASYNC_ANSWERS } from '../schemas/jobs.js';
import { compareCached, runCached, runJob } from '../jobs.js';
import { submitJob, wantsAsync } from '../jobs/submit.js';
import { CheckReport, ComparisonResult, RunResult } from '@foresight/core';
import { CheckRequest, CompareRequest, RunRequest } from '../schemas/api.js';

/** The routes that run the engine: run, compare, check (plans on the executor). */
export const runRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/runs',
      {
        schema: {
          tags: ['runs'],
          summary: 'Run a scenario',
          body: RunRequest,
          response: { 200: RunResult, ...ASYNC_ANSWERS, ...JOB_ERRORS },
        },
      },
      async (request, reply) => {
        const planned = await RUN.plan(ctx, request.body);
        if (wantsAsync(request)) return submitJob(ctx, request, reply, RUN, planned);
        return sendJson(ctx, reply, await runCached(ctx, reply, planned.plan));
      },
    );

    app.post(
      '/compare',
      {
        schema: {
          tags: ['runs'],
          summary: 'Compare alternatives with a base, trial by trial',
          body: CompareRequest,
          response: { 200: ComparisonResult, ...ASYNC_ANSWERS, ...JOB_ERRORS },
        },
      },
      async (request, reply) => {
        const planned = await COMPARE.plan(ctx, request.body);
        if (wantsAsync(request)) return submitJob(ctx, request, reply, COMPARE, planned);
        return sendJson(ctx, reply, await compareCached(ctx, reply, planned.plan));
      },
    );

    app.post(
      '/check',
      {
        schema: {
          tags: ['runs'],
          summary: "Search a scenario's assumptions for counterexamples",
          body: CheckRequest,
          response: { 200: CheckReport, ...ASYNC_ANSWERS, ...JOB_ERRORS },
        },
      },
      async (request, reply) => {
        const planned = await CHECK.plan(ctx, request.body);
        if (wantsAsync(request)) return submitJob(ctx, request, reply, CHECK, planned);
        return sendJson(ctx, reply, await runJob(ctx, reply, planned.plan));
      },
    );
  };
