import { ScenarioDocument } from '@foresight/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ErrorResponse, problemsError } from '../errors.js';
import { notFound } from '../prepare.js';
import { ScenarioList, ScenarioQuery } from '../schemas/api.js';

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
          summary: 'One scenario, extends resolved; or with `?format=source` its file as written',
          params: z.strictObject({ id: z.string() }),
          querystring: ScenarioQuery,
          response: {
            200: {
              description:
                "The resolved document, or with `?format=source` the file as written (YAML or JSON; another tool's model as the scenario it imports to, in YAML)",
              content: {
                'application/json': { schema: ScenarioDocument },
                'application/yaml': { schema: z.string() },
              },
            },
            404: ErrorResponse,
            422: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (request.query.format === 'source') {
          // As written: `extends` unresolved, comments kept (a model of another tool: its imported YAML);
          // the workbench edits and resolves it itself.
          const entry = ctx.catalog.folder.entries.get(id);
          if (entry === undefined) throw notFound(ctx.catalog, id);
          const json = entry.file.endsWith('.json');
          return reply
            .type(json ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8')
            .send(entry.text);
        }
        const doc = ctx.catalog.document(id);
        if (doc === undefined) throw notFound(ctx.catalog, id);
        if (!doc.ok) throw problemsError(doc.error, `scenario '${id}'`);
        return reply.type('application/json; charset=utf-8').send(doc.value);
      },
    );
  };
