import { CalibrationResult, ExploreResult } from '@foresight/core';
import { renderExploreChart } from '@foresight/report';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CALIBRATE, EXPLORE } from '../analyses.js';
import { sendJson } from '../answer.js';
import type { AppContext } from '../context.js';
import { JOB_ERRORS } from '../errors.js';
import { runJob } from '../jobs.js';
import { submitJob, wantsAsync } from '../jobs/submit.js';
import { ASYNC_ANSWERS } from '../schemas/jobs.js';
import { CalibrateRequest, ExploreQuery, ExploreRequest } from '../schemas/api.js';

/**
 * `POST /calibrate` and `POST /explore`: `foresight calibrate` and `foresight
 * explore` over HTTP. Each analysis is planned here (usage and limit
 * problems are a 422 before any work is queued) and runs on the executor,
 * within the same budgets as every other analysis; with `Prefer:
 * respond-async` it runs as a job (202, then `GET /jobs/{id}`).
 */
export const learnRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/calibrate',
      {
        schema: {
          tags: ['runs'],
          summary: "Condition a scenario's parameters on its observations: a posterior sample and the fit",
          body: CalibrateRequest,
          response: {
            200: {
              description: 'The calibration document',
              content: { 'application/json': { schema: CalibrationResult } },
            },
            ...ASYNC_ANSWERS,
            ...JOB_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const planned = await CALIBRATE.plan(ctx, request.body);
        if (wantsAsync(request)) return submitJob(ctx, request, reply, CALIBRATE, planned);
        const result = await runJob(ctx, reply, planned.plan, 'trials or max_runs');
        return sendJson(ctx, reply, result, 'trials or max_runs');
      },
    );

    app.post(
      '/explore',
      {
        schema: {
          tags: ['runs'],
          summary: 'Scenario discovery: which ranges of the assumptions lead to a condition (PRIM)',
          body: ExploreRequest,
          querystring: ExploreQuery,
          response: {
            200: {
              description: 'The discovery document, or with `?format=svg` its chart',
              content: { 'application/json': { schema: ExploreResult }, 'image/svg+xml': { schema: z.string() } },
            },
            ...ASYNC_ANSWERS,
            ...JOB_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const planned = await EXPLORE.plan(ctx, request.body);
        if (wantsAsync(request)) return submitJob(ctx, request, reply, EXPLORE, planned);
        const result = await runJob(ctx, reply, planned.plan, 'trials or bootstrap resamples');
        if (request.query.format === 'svg')
          return reply.type('image/svg+xml; charset=utf-8').send(renderExploreChart(result));
        return sendJson(ctx, reply, result, 'trials or bootstrap resamples');
      },
    );
  };
