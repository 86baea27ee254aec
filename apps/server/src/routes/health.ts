import { ENGINE_VERSION } from '@foresight/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { Health } from '../schemas/api.js';

/** Liveness: no work, no round trip to the executor, so it answers while every worker is busy. */
export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        schema: { tags: ['meta'], summary: 'Liveness, version and pool load', response: { 200: Health } },
      },
      async () => ({
        status: 'ok' as const,
        version: ENGINE_VERSION,
        uptime_s: Math.round((Date.now() - ctx.started) / 100) / 10,
        scenarios: ctx.catalog.ids.length,
        pool: { workers: ctx.executor.workers, pending: ctx.executor.pending, max_queue: ctx.maxQueue ?? -1 },
        cache: {
          entries: ctx.cache.size,
          bytes: ctx.cache.bytes,
          max_bytes: ctx.cache.bounds.bytes,
          hits: ctx.cache.hits,
          misses: ctx.cache.misses,
        },
      }),
    );
  };
