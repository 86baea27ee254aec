import { SensitivityResult, sensitivityPlan } from '@foresight/core';
import { renderSensitivityChart } from '@foresight/report';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { sendJson } from '../answer.js';
import { JOB_ERRORS } from '../errors.js';
import { planned, runJob } from '../jobs.js';
import { prepare } from '../prepare.js';
import { SensitivityQuery, SensitivityRequest } from '../schemas/api.js';

/**
 * `POST /sensitivity`: a tornado or Sobol indices, as `foresight
 * sensitivity` gives them. The analysis is planned here (its usage and limit
 * problems are a 422 before any work is queued) and runs on the executor; with
 * `?format=svg` the answer is its chart, the CLI's `--chart`.
 */
export const sensitivityRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/sensitivity',
      {
        schema: {
          tags: ['runs'],
          summary: 'Which assumptions matter for one output: a tornado or Sobol indices',
          body: SensitivityRequest,
          querystring: SensitivityQuery,
          response: {
            200: {
              description: 'The result document, or with `?format=svg` its chart',
              content: { 'application/json': { schema: SensitivityResult }, 'image/svg+xml': { schema: z.string() } },
            },
            ...JOB_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const { scenario, ...settings } = request.body;
        const model = prepare(ctx.catalog, scenario, 'scenario');
        const plan = planned(ctx, sensitivityPlan(model, settings, ctx.executor.sizing));
        const result = await runJob(ctx, reply, plan, 'samples');
        if (request.query.format === 'svg')
          return reply.type('image/svg+xml; charset=utf-8').send(renderSensitivityChart(result));
        return sendJson(ctx, reply, result, 'samples');
      },
    );
  };
