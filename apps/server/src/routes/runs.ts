import { checkPlan } from '@foresight/check';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { sendJson } from '../answer.js';
import { JOB_ERRORS } from '../errors.js';
import { compareScenarios, planned, runJob, runScenario } from '../jobs.js';
import { prepare, prepareAll } from '../prepare.js';
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
          response: { 200: RunResult, ...JOB_ERRORS },
        },
      },
      async (request, reply) => {
        const { scenario, outputs } = request.body;
        const model = prepare(ctx.catalog, scenario, 'scenario', outputs);
        return sendJson(ctx, reply, await runScenario(ctx, reply, model, request.body));
      },
    );

    app.post(
      '/compare',
      {
        schema: {
          tags: ['runs'],
          summary: 'Compare alternatives with a base, trial by trial',
          body: CompareRequest,
          response: { 200: ComparisonResult, ...JOB_ERRORS },
        },
      },
      async (request, reply) => {
        const { base, alternatives, outputs } = request.body;
        const all = prepareAll(
          ctx.catalog,
          [[base, 'base'], ...alternatives.map((a, i) => [a, `alternatives[${i}]`] as const)],
          outputs,
        );
        return sendJson(ctx, reply, await compareScenarios(ctx, reply, all, { ...request.body, outputs }));
      },
    );

    app.post(
      '/check',
      {
        schema: {
          tags: ['runs'],
          summary: "Search a scenario's assumptions for counterexamples",
          body: CheckRequest,
          response: { 200: CheckReport, ...JOB_ERRORS },
        },
      },
      async (request, reply) => {
        const model = prepare(ctx.catalog, request.body.scenario, 'scenario');
        const { runs, seed } = request.body;
        const report = await runJob(ctx, reply, planned(ctx, checkPlan(model, { runs, seed }, ctx.executor.sizing)));
        return sendJson(ctx, reply, report);
      },
    );
  };
