import { CalibrationResult, calibratePlan, ExploreResult, explorePlan } from '@foresight/core';
import { renderExploreChart } from '@foresight/report';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { JOB_ERRORS } from '../errors.js';
import { planned, runJob } from '../jobs.js';
import { prepare } from '../prepare.js';
import { CalibrateRequest, ExploreQuery, ExploreRequest } from '../schemas/api.js';

/**
 * `POST /calibrate` and `POST /explore`: `foresight calibrate` and `foresight
 * explore` over HTTP. Each analysis is planned here (usage and limit
 * problems are a 422 before any work is queued) and runs on the executor,
 * within the same budgets as every other analysis.
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
            ...JOB_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const { scenario, ...settings } = request.body;
        const model = prepare(ctx.catalog, scenario, 'scenario');
        const plan = planned(ctx, calibratePlan(model, settings, ctx.executor.sizing));
        const result = await runJob(ctx, reply, plan, 'trials or max_runs');
        return reply.type('application/json; charset=utf-8').send(result);
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
            ...JOB_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const { scenario, ...settings } = request.body;
        const model = prepare(ctx.catalog, scenario, 'scenario');
        const plan = planned(ctx, explorePlan(model, settings, ctx.executor.sizing));
        const result = await runJob(ctx, reply, plan, 'trials or bootstrap resamples');
        if (request.query.format === 'svg')
          return reply.type('image/svg+xml; charset=utf-8').send(renderExploreChart(result));
        return reply.type('application/json; charset=utf-8').send(result);
      },
    );
  };
