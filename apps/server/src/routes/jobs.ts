import { gunzipSync } from 'node:zlib';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANALYSES } from '../analyses.js';
import type { AppContext } from '../context.js';
import { API_ERRORS, ApiError, type ApiErrorCode, ErrorResponse } from '../errors.js';
import { viewOf } from '../jobs/submit.js';
import { decodeCursor, encodeCursor, JobId, JobList, JobListQuery, JobView, ResultQuery } from '../schemas/jobs.js';
import { isFinal, type JobRecord } from '../store/index.js';

const view = (job: JobRecord) => viewOf(job, ANALYSES[job.kind]);

/** What asking for a job's result may answer besides it: no such job, no result (yet, or any more), or the job's own problem. */
const RESULT_ERRORS = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  410: ErrorResponse,
  422: ErrorResponse,
  503: ErrorResponse,
};

/**
 * The jobs of `Prefer: respond-async` requests: their status and progress,
 * their results (JSON, CSV, a chart), their events as they happen, a list,
 * and cancellation. Any replica sharing the store answers for any job.
 */
export const jobRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Open event streams end when the app closes, or the server would wait for them.
    const streams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...streams]) end();
    });

    const find = async (id: string): Promise<JobRecord> => {
      const job = await ctx.store.getJob(id);
      if (!job) throw new ApiError('not-found', `no job '${id}'`, null);
      return job;
    };

    app.get(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Jobs, newest first, filtered, a page at a time',
          querystring: JobListQuery,
          response: { 200: JobList, 400: ErrorResponse },
        },
      },
      async (request) => {
        const { kind, status, scenario, limit, cursor } = request.query;
        const after = cursor === undefined ? undefined : decodeCursor(cursor);
        if (cursor !== undefined && after === undefined)
          throw new ApiError(
            'bad-request',
            "the cursor is not one this server gave; pass the previous page's `next` as it is",
            [{ path: ['querystring', 'cursor'], message: 'not a cursor of this server' }],
          );
        const page = await ctx.store.listJobs({ kind, status, scenario, limit, after });
        return { jobs: page.jobs.map(view), next: page.next === undefined ? null : encodeCursor(page.next) };
      },
    );

    app.get(
      '/jobs/:id',
      {
        schema: {
          tags: ['jobs'],
          summary: 'A job: status, progress, times, the request, the problem when failed',
          params: JobId,
          response: { 200: JobView, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => view(await find(request.params.id)),
    );

    app.delete(
      '/jobs/:id',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Cancel a job: queued, it never runs; running, its pieces stop. A finished job stays as it is.',
          params: JobId,
          response: { 200: JobView, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const job = await ctx.jobs.cancel(request.params.id);
        if (!job) throw new ApiError('not-found', `no job '${request.params.id}'`, null);
        return view(job);
      },
    );

    /** The stored result's JSON, or the answer a job without one gets. */
    const resultOf = async (job: JobRecord): Promise<{ gzip: Buffer }> => {
      if (job.status === 'failed' && job.problem) {
        const code = (Object.hasOwn(API_ERRORS, job.problem.code) ? job.problem.code : 'internal') as ApiErrorCode;
        throw new ApiError(code, job.problem.message, job.problem.details as ApiError['details']);
      }
      if (job.result === 'evicted')
        throw new ApiError(
          'evicted',
          `the result of job '${job.id}' was evicted by the retention limits; send the request again to compute it`,
          null,
        );
      const stored = job.status === 'done' ? await ctx.store.getResult(job.id) : undefined;
      if (!stored)
        throw new ApiError('no-result', `job '${job.id}' is ${job.status}: it has no result`, { status: job.status });
      return stored;
    };

    app.get(
      '/jobs/:id/result',
      {
        schema: {
          tags: ['jobs'],
          summary: "A done job's result document (as the synchronous request answers it), or CSV",
          params: JobId,
          querystring: ResultQuery,
          response: {
            200: {
              description: 'The result document (JSON), or with `?format=csv` CSV',
              content: { 'application/json': { schema: z.unknown() }, 'text/csv': { schema: z.string() } },
            },
            ...RESULT_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const job = await find(request.params.id);
        const { gzip } = await resultOf(job);
        if (request.query.format === 'csv') {
          const csv = ANALYSES[job.kind]?.csv;
          if (!csv)
            throw new ApiError('bad-request', `a ${job.kind} job's result has no CSV form (runs and comparisons do)`);
          return reply.type('text/csv; charset=utf-8').send(csv(JSON.parse(gunzipSync(gzip).toString('utf8'))));
        }
        reply.type('application/json; charset=utf-8');
        // Sent as stored when the client takes gzip: nothing to decompress or serialise.
        if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
          return reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding').send(gzip);
        return reply.send(gunzipSync(gzip));
      },
    );

    app.get(
      '/jobs/:id/chart.svg',
      {
        schema: {
          tags: ['jobs'],
          summary: "A done job's chart: the fan chart of a run or comparison, the tornado or Sobol bars",
          params: JobId,
          response: {
            200: { description: 'The chart', content: { 'image/svg+xml': { schema: z.string() } } },
            ...RESULT_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const job = await find(request.params.id);
        const chart = ANALYSES[job.kind]?.chart;
        if (!chart) throw new ApiError('not-found', `a ${job.kind} job has no chart`, null);
        const { gzip } = await resultOf(job);
        return reply.type('image/svg+xml; charset=utf-8').send(chart(JSON.parse(gunzipSync(gzip).toString('utf8'))));
      },
    );

    app.get(
      '/jobs/:id/events',
      {
        schema: {
          tags: ['jobs'],
          summary:
            'Server-Sent Events: `progress` as pieces finish, then one of `done`, `failed`, `cancelled`, and the end. Each event is the job (as GET /jobs/{id}).',
          params: JobId,
          response: {
            200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
            400: ErrorResponse,
            404: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const first = await find(request.params.id);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let last = '';
        let closed = false;
        let stop = () => {};
        let seen = { attempts: -1, pieces: -1 };
        const send = (job: JobRecord) => {
          if (closed) return;
          // The store is written now and then, events as pieces finish: never send progress older than sent.
          if (!isFinal(job.status) && job.attempts === seen.attempts && job.progress.piecesDone < seen.pieces) return;
          seen = { attempts: job.attempts, pieces: job.progress.piecesDone };
          const data = JSON.stringify(view(job));
          if (data === last) return;
          last = data;
          const event = isFinal(job.status) ? job.status : job.status === 'queued' ? 'queued' : 'progress';
          res.write(`event: ${event}\ndata: ${data}\n\n`);
          if (isFinal(job.status)) finish();
        };
        const finish = () => {
          if (closed) return;
          closed = true;
          stop();
          res.end();
        };
        streams.add(finish);
        // A client that goes away stops listening; the job goes on.
        res.on('close', () => {
          closed = true;
          stop();
        });
        const unsubscribe = ctx.jobs.subscribe(first.id, send);
        // Jobs run by a replica change only in the store: read it now and then; and a comment keeps proxies open.
        const poll = setInterval(() => {
          ctx.store.getJob(first.id).then(
            (job) => job && send(job),
            () => {},
          );
        }, 1000);
        const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        stop = () => {
          streams.delete(finish);
          unsubscribe();
          clearInterval(poll);
          clearInterval(keepAlive);
        };
        send(first);
      },
    );
  };
