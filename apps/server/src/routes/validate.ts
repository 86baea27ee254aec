import { parseSource, prepareSource, type Model, type Problem, type Result } from '@foresight/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { ApiError, ErrorResponse } from '../errors.js';
import { compileRef, inlineLabel } from '../prepare.js';
import { ValidateRequest, ValidateResponse } from '../schemas/api.js';
import { describe } from '../schemas/registry.js';

/** Content types of a scenario file's text, the body of `POST /validate` as an editor or `curl --data-binary @file.yaml` sends it. */
export const SCENARIO_TEXT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

const ScenarioText = describe(
  z.string(),
  undefined,
  'The text of a scenario file (YAML or JSON), sent with Content-Type application/yaml, text/yaml or text/plain.',
);

/** An id is short, with no colon and no line break; any scenario text has a colon. */
const isText = (s: string): boolean => s.length > 200 || /[:\n]/.test(s);

/**
 * `POST /validate`: every problem of a scenario, as `foresight validate`
 * reports them, without running it: a folder id, a document, or a file's
 * text (the body itself, or the `scenario` string of a JSON body).
 */
export const validateRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Only this route takes text: the others answer 415 to anything but JSON.
    app.addContentTypeParser(SCENARIO_TEXT_TYPES, { parseAs: 'string' }, (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') done(new ApiError('bad-request', 'the body is empty; send the text of a scenario'));
      else done(null, text);
    });

    app.post(
      '/validate',
      {
        schema: {
          tags: ['runs'],
          summary: 'Check a scenario without running it',
          body: z.union([ValidateRequest, ScenarioText]),
          response: { 200: ValidateResponse, 400: ErrorResponse, 404: ErrorResponse, 413: ErrorResponse },
        },
      },
      async (request) => {
        const { body } = request;
        const ref = typeof body === 'string' ? body : body.scenario;
        const model =
          typeof ref === 'string' && isText(ref) ? fromText(ctx, ref) : compileRef(ctx.catalog, ref, 'scenario');
        return model.ok ? { valid: true, errors: [] } : { valid: false, errors: model.error };
      },
    );
  };

/** A scenario file's text, parsed as `foresight validate` parses a file; parents come from the server's folder. */
function fromText(ctx: AppContext, text: string): Result<Model, Problem[]> {
  const src = parseSource(text, `${inlineLabel('scenario')}.yaml`);
  return src.ok ? prepareSource(src.value, { resolve: ctx.catalog.resolve }) : src;
}
