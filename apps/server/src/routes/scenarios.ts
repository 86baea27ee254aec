import { ScenarioDocument } from '@foresight/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ErrorResponse, problemsError } from '../errors.js';
import { compileStored, notFound } from '../prepare.js';
import { ScenarioList } from '../schemas/api.js';
import { infoOf, StoredScenarioInfo } from './stored-scenarios.js';

export const scenarioRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/scenarios',
      {
        schema: {
          tags: ['scenarios'],
          summary: "The server folder's scenarios, and the stored ones' ids and versions",
          response: { 200: ScenarioList.extend({ stored: z.array(StoredScenarioInfo) }) },
        },
      },
      async () => ({ ...ctx.catalog.list(), stored: (await ctx.store.listScenarios()).map(infoOf) }),
    );

    app.get(
      '/scenarios/:id',
      {
        schema: {
          tags: ['scenarios'],
          summary: 'One scenario, extends resolved: of the folder, or stored (its latest version, or `?version=`)',
          params: z.strictObject({ id: z.string() }),
          querystring: z.strictObject({
            version: z
              .string()
              .regex(/^[0-9a-f]{64}$/)
              .optional(),
          }),
          response: { 200: ScenarioDocument, 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const doc = ctx.catalog.document(id);
        if (doc !== undefined) {
          if (!doc.ok) throw problemsError(doc.error, `scenario '${id}'`);
          return doc.value;
        }
        const stored = await ctx.store.getScenario(id, request.query.version);
        if (!stored) throw notFound(ctx.catalog, id);
        // A folder scenario it extends may have changed since: its problems are the scenario's.
        const model = compileStored(ctx.catalog, stored);
        if (!model.ok) throw problemsError(model.error, `scenario '${id}'`);
        return reply.header('etag', `"${stored.version}"`).send(model.value.document);
      },
    );
  };
