import { DEFAULT_RUNS } from '@foresight/check';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { JOB_ERRORS } from '../errors.js';
import { compareScenarios, runJob, runScenario } from '../jobs.js';
import { checkCheckRequest, plannedRun } from '../limits.js';
import { prepare, prepareAll } from '../prepare.js';
import { CheckReport, ComparisonResult, RunResult } from '@foresight/core';
import { CheckRequest, CompareRequest, RunRequest } from '../schemas/api.js';

/** The routes that run the engine: run, compare, check (in the pool). */
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
        const p = prepare(ctx.catalog, scenario, 'scenario', outputs);
        return runScenario(ctx, reply, p, plannedRun([p.model], request.body, ctx.limits));
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
        const run = plannedRun(
          all.map((a) => a.model),
          request.body,
          ctx.limits,
        );
        return compareScenarios(ctx, reply, all, { ...run, ...(outputs !== undefined ? { outputs } : {}) });
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
        const p = prepare(ctx.catalog, request.body.scenario, 'scenario');
        const runs = request.body.runs ?? DEFAULT_RUNS;
        const seed = request.body.seed ?? p.model.document.seed ?? 1;
        checkCheckRequest(p.model, runs, ctx.limits);
        return runJob(ctx, reply, (job) => ctx.pool.check(p.portable, { runs, seed, ...job }));
      },
    );
  };
