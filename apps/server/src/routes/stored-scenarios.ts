import { planScenario } from '@foresight/core/plans';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ApiError, ErrorResponse, problemsError } from '../errors.js';
import { compileStored } from '../prepare.js';
import { describe } from '../schemas/registry.js';
import type { StoredScenario } from '../store/index.js';

/** Media types a scenario's text is taken as: JSON, or YAML under any of its names. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

export const StoredId = z.strictObject({
  // The format's scenario id: the document's own `id` must be the same.
  id: z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'a scenario id is lower-case letters, digits and -'),
});

export const StoredScenarioInfo = describe(
  z.strictObject({
    id: z.string(),
    version: describe(
      z.string(),
      undefined,
      "The sha256 of the document as resolved and validated (a run's provenance `document_sha256`).",
    ),
    format: z.enum(['yaml', 'json']),
    created_at: z.string(),
  }),
  'StoredScenario',
  'A scenario a user stored: its id and the version now current.',
);

export const infoOf = (s: StoredScenario) => ({
  id: s.id,
  version: s.version,
  format: s.format,
  created_at: new Date(s.createdAt).toISOString(),
});

/**
 * `PUT /scenarios/{id}` and `DELETE /scenarios/{id}`: scenarios of the
 * users' own, kept in the store beside the server's folder (whose
 * scenarios stay read-only). A stored scenario may `extends` a folder
 * scenario; each document it was given is a version, named by its hash;
 * requests name it by id like a folder scenario.
 */
export const storedScenarioRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // The text is kept as sent, so problems point into it and GET gives it back: parsed here, not by the app's parsers.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(['application/json', ...YAML_TYPES], { parseAs: 'string' }, (_request, body, done) =>
      done(null, typeof body === 'string' ? body : body.toString('utf8')),
    );

    const readOnly = (id: string) =>
      new ApiError(
        'read-only',
        `'${id}' is a scenario of the server's folder, which requests cannot change; store yours under another id (it may extends '${id}')`,
        null,
      );

    app.put(
      '/scenarios/:id',
      {
        bodyLimit: ctx.limits.scenarioBytes,
        schema: {
          tags: ['scenarios'],
          summary: 'Store a scenario of your own (YAML or JSON); it may extends a folder scenario',
          params: StoredId,
          body: describe(
            z.string(),
            'ScenarioText',
            'The scenario file as text: YAML (`content-type: application/yaml`) or JSON.',
          ),
          response: {
            200: StoredScenarioInfo,
            201: StoredScenarioInfo,
            400: ErrorResponse,
            409: ErrorResponse,
            413: ErrorResponse,
            415: ErrorResponse,
            422: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (ctx.catalog.ids.includes(id)) throw readOnly(id);
        const type =
          String(request.headers['content-type'] ?? '')
            .split(';')[0]
            ?.trim()
            .toLowerCase() ?? '';
        const candidate: StoredScenario = {
          id,
          version: '',
          source: request.body,
          format: type === 'application/json' ? 'json' : 'yaml',
          createdAt: Date.now(),
        };
        const model = compileStored(ctx.catalog, candidate);
        if (!model.ok) throw problemsError(model.error, `scenario '${id}'`);
        const own = model.value.document.id;
        if (own !== id) {
          const at = model.value.source.locate(['id']);
          throw problemsError([
            {
              code: 'usage',
              message: `the document's id is '${own}', but it is stored as '${id}': make them the same`,
              file: at.file,
              path: ['id'],
              line: at.line,
              column: at.column,
            },
          ]);
        }
        const stored = { ...candidate, version: planScenario(model.value).sha256 };
        const before = await ctx.store.getScenario(id);
        await ctx.store.putScenario(stored);
        return reply
          .code(before ? 200 : 201)
          .header('etag', `"${stored.version}"`)
          .header('location', `/scenarios/${id}`)
          .send(infoOf(stored));
      },
    );

    app.delete(
      '/scenarios/:id',
      {
        schema: {
          tags: ['scenarios'],
          summary: 'Remove a stored scenario and its versions (jobs that ran it keep their results)',
          params: StoredId,
          response: { 204: z.null(), 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (ctx.catalog.ids.includes(id)) throw readOnly(id);
        if (!(await ctx.store.deleteScenario(id))) throw new ApiError('not-found', `no stored scenario '${id}'`, null);
        return reply.code(204).send(null);
      },
    );
  };
