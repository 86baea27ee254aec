import { z } from 'zod';
import { ErrorResponse } from '../errors.js';
import { JOB_STATUSES, type JobRecord } from '../store/index.js';
import { describe } from './registry.js';

/** A job id: the server makes them (20 URL-safe characters); anything else in the path is a 400. */
export const JobId = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id is letters, digits, _ and -'),
});

const time = z.string().nullable();

export const JobView = describe(
  z.strictObject({
    id: z.string(),
    kind: describe(z.string(), undefined, '`run`, `compare`, `check`, `sensitivity`, `calibrate` or `explore`.'),
    status: z.enum(JOB_STATUSES),
    progress: describe(
      z.strictObject({
        pieces: z.number(),
        pieces_done: z.number(),
        runs: z.number(),
        runs_done: z.number(),
      }),
      undefined,
      "Pieces of the job's plan and model runs (trials) done of those known so far; a later stage adds to both.",
    ),
    created_at: z.string(),
    started_at: time,
    finished_at: time,
    request: describe(z.unknown(), undefined, 'The request as it was sent.'),
    scenarios: describe(z.array(z.string()), undefined, 'The scenario ids the request names.'),
    versions: describe(
      z.array(z.string()),
      undefined,
      'The document hashes (sha256) of the scenarios the job ran: for a stored scenario, its version.',
    ),
    problem: describe(
      z.strictObject({ status: z.number(), code: z.string(), message: z.string(), details: z.unknown() }).nullable(),
      undefined,
      'Why a failed job failed: the error the request would have been answered with (`GET /jobs/{id}/result` answers it).',
    ),
    result: describe(
      z.enum(['none', 'stored', 'evicted']),
      undefined,
      '`stored` once done; `evicted` when the retention limits removed it (the job record stays).',
    ),
    result_bytes: z.number().nullable(),
    attempts: describe(z.number(), undefined, 'Times the job was started: more than 1 when a restart resumed it.'),
    links: z.strictObject({
      self: z.string(),
      result: z.string(),
      events: z.string(),
      chart: z.string().optional(),
      csv: z.string().optional(),
    }),
  }),
  'Job',
  'An analysis run in the background: status, progress, times, the request, and where its result is.',
);
export type JobView = z.infer<typeof JobView>;

export const JobList = describe(
  z.strictObject({
    jobs: z.array(JobView),
    next: describe(
      z.string().nullable(),
      undefined,
      'The cursor of the next page (pass it as `cursor`), or null on the last page.',
    ),
  }),
  'JobList',
  'Jobs, newest first, a page at a time.',
);

export const JobListQuery = z.strictObject({
  kind: z
    .string()
    .regex(/^[a-z-]{1,40}$/)
    .optional(),
  status: z.enum(JOB_STATUSES).optional(),
  scenario: z.string().min(1).max(200).optional(),
  limit: describe(z.coerce.number().int().min(1).max(200).default(20), undefined, 'Jobs per page (default 20).'),
  cursor: describe(z.string().max(100).optional(), undefined, '`next` of the page before.'),
});

export const ResultQuery = z.strictObject({
  format: describe(
    z.enum(['json', 'csv']).optional(),
    undefined,
    '`json` (default): the result document; `csv`: long-format CSV (runs and comparisons), as `--format csv`.',
  ),
});

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A job as the API shows it. */
export function jobView(job: JobRecord, has: { chart: boolean; csv: boolean }): JobView {
  const self = `/jobs/${job.id}`;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: {
      pieces: job.progress.pieces,
      pieces_done: job.progress.piecesDone,
      runs: job.progress.runs,
      runs_done: job.progress.runsDone,
    },
    created_at: new Date(job.createdAt).toISOString(),
    started_at: iso(job.startedAt),
    finished_at: iso(job.finishedAt),
    request: job.request,
    scenarios: [...job.scenarios],
    versions: [...job.versions],
    problem: job.problem,
    result: job.result,
    result_bytes: job.resultBytes,
    attempts: job.attempts,
    links: {
      self,
      result: `${self}/result`,
      events: `${self}/events`,
      ...(has.chart ? { chart: `${self}/chart.svg` } : {}),
      ...(has.csv ? { csv: `${self}/result?format=csv` } : {}),
    },
  };
}

/** A page's cursor: opaque to clients (base64url of the position); anything else is a 400. */
export const encodeCursor = (seq: number): string => Buffer.from(`seq:${seq}`).toString('base64url');

export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** What a route that takes `Prefer: respond-async` answers besides its result: the job (202), or a client over its cap (429). */
export const ASYNC_ANSWERS = {
  202: describe(
    JobView,
    undefined,
    'With `Prefer: respond-async`: the job made (or the one an identical request made), at its `Location`.',
  ),
  429: ErrorResponse,
};
