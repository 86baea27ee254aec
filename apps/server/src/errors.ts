import { formatProblem, ProblemDocument, type Problem } from '@foresight/core';
import { z } from 'zod';
import { describe } from './schemas/registry.js';

/**
 * The registry of API error codes: `error.code` of every error response is
 * one of these, with its HTTP status. Pinned by a test; clients match on them.
 */
export const API_ERRORS = {
  'bad-request': {
    status: 400,
    meaning: 'the request does not match its schema (details: the issues, each with its path)',
  },
  'malformed-json': { status: 400, meaning: 'the body is not well-formed JSON' },
  'not-found': {
    status: 404,
    meaning: 'no such route, or no such scenario id in the server folder (details: the known ids)',
  },
  'body-too-large': { status: 413, meaning: 'the body is over the size limit (details: the limit in bytes)' },
  'unsupported-media-type': {
    status: 415,
    meaning: 'a body that is not application/json (POST /validate also takes YAML text: application/yaml, text/plain)',
  },
  'invalid-scenario': { status: 422, meaning: 'a scenario has problems (details: the problem list the CLI prints)' },
  'invalid-request': {
    status: 422,
    meaning: 'the request cannot be carried out on these scenarios (details: the problems)',
  },
  limit: { status: 422, meaning: 'over a work limit; the message names it (details: the problems, code limit)' },
  busy: { status: 503, meaning: 'the job queue is full; retry after the Retry-After header' },
  unavailable: {
    status: 503,
    meaning:
      'the workers cannot be reached (the Redis of `--redis` is out of reach); retry after the Retry-After header',
  },
  timeout: { status: 504, meaning: 'the job took longer than the time budget and was stopped' },
  internal: { status: 500, meaning: 'a fault in the server; nothing about the request' },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** One way the request body, query or path differs from its schema. */
export const RequestIssue = z.strictObject({
  /** Where in the request: `body`, `querystring` or `params`, then the key path. */
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type RequestIssue = z.infer<typeof RequestIssue>;

export const ErrorResponse = describe(
  z.strictObject({
    error: z.strictObject({
      code: z.enum(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]),
      message: z.string(),
      details: z.union([z.array(ProblemDocument), z.array(RequestIssue), z.record(z.string(), z.unknown()), z.null()]),
    }),
  }),
  'Error',
  'Every error: a code from the registry (docs/http-api.md, Errors), a message for people, and details: the problem list for 422, the request issues for 400, else an object or null.',
);
export type ErrorResponse = z.infer<typeof ErrorResponse>;
/** The error answers of a route that runs a job: bad request, unknown scenario, body too large, invalid or over a limit, busy or unavailable, timeout. */
export const JOB_ERRORS = {
  400: ErrorResponse,
  404: ErrorResponse,
  413: ErrorResponse,
  422: ErrorResponse,
  503: ErrorResponse,
  504: ErrorResponse,
};
export type ErrorDetails = ErrorResponse['error']['details'];

/** An answer other than success, thrown from a handler and rendered by the error handler. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: ErrorDetails;
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: ApiErrorCode, message: string, details: ErrorDetails = null, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
  get status(): number {
    return API_ERRORS[this.code].status;
  }
  toResponse(): ErrorResponse {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** A 422 that carries engine problems, typed, so that several can be gathered into one. */
export class ProblemsError extends ApiError {
  readonly problems: readonly Problem[];
  constructor(code: ApiErrorCode, message: string, problems: readonly Problem[]) {
    super(code, message, [...problems]);
    this.problems = problems;
  }
}

/**
 * Problems from the engine as a 422: `limit` when every one is over a limit,
 * `invalid-request` when every one is about the request (`usage`), else
 * `invalid-scenario`. The message shows the first as the CLI prints it.
 */
export function problemsError(problems: readonly Problem[], what = 'the scenario'): ProblemsError {
  const codes = new Set(problems.map((p) => p.code));
  const code: ApiErrorCode =
    codes.size === 1 && codes.has('limit')
      ? 'limit'
      : codes.size === 1 && codes.has('usage')
        ? 'invalid-request'
        : 'invalid-scenario';
  const first = problems[0];
  const head =
    code === 'limit'
      ? 'over a limit'
      : code === 'invalid-request'
        ? 'the request cannot be carried out'
        : `${what} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more in details)` : '';
  return new ProblemsError(code, first ? `${head}: ${formatProblem(first)}${more}` : head, problems);
}
