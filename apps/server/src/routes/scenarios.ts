import { ScenarioDocument } from '@foresight/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ErrorResponse, problemsError } from '../errors.js';
import { notFound } from '../prepare.js';
import { ScenarioList } from '../schemas/api.js';

export const scenarioRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/scenarios',
      {
        schema: { tags: ['scenarios'], summary: "The server folder's scenarios", response: { 200: ScenarioList } },
      },
      async () => ctx.catalog.list(),
    );

    app.get(
      '/scenarios/:id',
      {
        schema: {
          tags: ['scenarios'],
          summary: 'One scenario, extends resolved',
          params: z.strictObject({ id: z.string() }),
          response: { 200: ScenarioDocument, 404: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request) => {
        const doc = ctx.catalog.document(request.params.id);
        if (doc === undefined) throw notFound(ctx.catalog, request.params.id);
        if (!doc.ok) throw problemsError(doc.error, `scenario '${request.params.id}'`);
        return doc.value;
      },
    );
  };
