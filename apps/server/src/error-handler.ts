import { didYouMean, issueWords } from '@foresight/core';
import type { FastifyError, FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { z } from 'zod';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ApiError, type RequestIssue } from './errors.js';
import {
  ChartQuery,
  CheckRequest,
  CompareRequest,
  RunRequest,
  SensitivityQuery,
  SensitivityRequest,
} from './schemas/api.js';
import type { Limits } from './options.js';

type Validation = NonNullable<FastifyError['validation']>;

/**
 * The route schemas' validation, as fastify-type-provider-zod's, but with
 * every issue worded by the core's error map (never zod's own "Invalid
 * input: expected ..."), the words `foresight validate` uses.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { error: issueWords });
    if (result.success) return { value: result.data };
    const error: FastifySchemaValidationError[] = result.error.issues.map((issue) => {
      const { path, code, message, ...params } = issue;
      return {
        keyword: code,
        instancePath: `/${path.map(String).join('/')}`,
        schemaPath: `#/${path.map(String).join('/')}/${code}`,
        message,
        params,
      };
    });
    return { error };
  };

const pathOf = (context: string | undefined, instancePath: string): (string | number)[] => [
  context ?? 'body',
  ...instancePath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replaceAll('~1', '/').replaceAll('~0', '~'))),
];

/** Every key of a request body or query, from their schemas, for a "did you mean" on a typo. */
const REQUEST_KEYS = [
  ...new Set(
    [RunRequest, CompareRequest, CheckRequest, SensitivityRequest, SensitivityQuery, ChartQuery].flatMap((s) =>
      Object.keys(s.shape),
    ),
  ),
];

function issuesOf(validation: Validation, context: string | undefined): RequestIssue[] {
  return validation.flatMap((v) => {
    const path = pathOf(context, v.instancePath);
    const keys =
      v.keyword === 'unrecognized_keys' && Array.isArray(v.params['keys'])
        ? (v.params['keys'] as unknown[])
        : undefined;
    if (!keys) return [{ path, message: v.message ?? 'invalid' }];
    return keys.map((k) => ({
      path: [...path, String(k)],
      message: `unknown key '${String(k)}'${didYouMean(String(k), REQUEST_KEYS)}`,
    }));
  });
}

const where = (path: readonly (string | number)[]): string =>
  path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/**
 * Every failure becomes `{ error: { code, message, details } }` with a status
 * from the registry: requests that do not parse or match their schema (400,
 * replacing fastify's own validation answer), bodies over the limit (413),
 * unknown routes (404). Anything unexpected is a 500 whose body says nothing
 * about the fault (it goes to the log), never a stack trace.
 */
export function installErrorHandlers(app: FastifyInstance, limits: Limits): void {
  // JSON only: a text/plain body would otherwise arrive as a string and fail its schema obscurely.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '')
      return done(new ApiError('malformed-json', 'the body is empty; send a JSON object'), undefined);
    try {
      done(null, JSON.parse(text, refuseProtoKeys));
    } catch (e) {
      done(
        e instanceof ApiError
          ? e
          : new ApiError('malformed-json', `the body is not valid JSON: ${describeJsonError(e, text)}`),
        undefined,
      );
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    void reply
      .code(404)
      .send(
        new ApiError('not-found', `no route ${request.method} ${path}; the API is described at /docs`).toResponse(),
      );
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const send = (e: ApiError) => reply.code(e.status).headers(e.headers).send(e.toResponse());
    if (error instanceof ApiError) {
      if (error.status >= 500) request.log.warn({ code: error.code }, error.message);
      return send(error);
    }
    if (hasZodFastifySchemaValidationErrors(error) || Array.isArray(error.validation)) {
      const issues = issuesOf(error.validation ?? [], error.validationContext);
      const summary = issues.map((i) => `${where(i.path)}: ${i.message}`).join('; ');
      return send(new ApiError('bad-request', `the request does not match its schema: ${summary}`, issues));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(
          new ApiError('body-too-large', `the body is over the limit of ${limits.bodyBytes} bytes (limits.bodyBytes)`, {
            limit_bytes: limits.bodyBytes,
          }),
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(
          new ApiError(
            'unsupported-media-type',
            `send the body as JSON, with content-type: application/json (got ${String(request.headers['content-type'])})`,
          ),
        );
      default:
        break;
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return send(new ApiError('bad-request', error.message));
    } else {
      request.log.error({ err: error }, 'unexpected error');
    }
    return send(new ApiError('internal', `internal error (request ${request.id}); the server log has the details`));
  });
}

/** As fastify's own parser: a `__proto__` key, or a `constructor.prototype`, would reach object prototypes downstream. */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (
    key === '__proto__' ||
    (key === 'constructor' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'prototype'))
  ) {
    throw new ApiError('malformed-json', `the key '${key}' is not allowed in a request`);
  }
  return value;
}

/** JSON.parse's message, with the line and column of its position when it gives one. */
function describeJsonError(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
