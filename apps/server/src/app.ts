import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ENGINE_VERSION } from '@foresight/core';
import { createThreadExecutor } from '@foresight/node';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ANALYSES } from './analyses.js';
import { ResultCache } from './cache.js';
import { loadCatalog } from './catalog.js';
import { installCors } from './cors.js';
import type { AppContext } from './context.js';
import { installErrorHandlers, validatorCompiler } from './error-handler.js';
import { ApiError } from './errors.js';
import { abortAll } from './jobs.js';
import { DEFAULT_JOBS, JobManager } from './jobs/manager.js';
import { openApiTransforms } from './openapi.js';
import { DEFAULT_CACHE, DEFAULT_LIMITS, DEFAULT_POOL, DEFAULT_RATE_LIMIT, type BuildOptions } from './options.js';
import { chartRoutes } from './routes/charts.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { pageRoutes } from './routes/page.js';
import { runRoutes } from './routes/runs.js';
import { scenarioRoutes } from './routes/scenarios.js';
import { learnRoutes } from './routes/learn.js';
import { sensitivityRoutes } from './routes/sensitivity.js';
import { storedScenarioRoutes } from './routes/stored-scenarios.js';
import { openStore } from './store/index.js';
import { validateRoutes } from './routes/validate.js';

/**
 * The HTTP app, ready to `listen` or `inject`: the scenario folder is read
 * now; runs, comparisons, checks and sensitivity analyses are plans run on
 * an executor: the caller's, or one made here (worker threads, or worker
 * processes through Redis with `redis`) and closed with the app.
 *
 * ```ts
 * const app = await build({ scenarios: 'scenarios', limits: { trials: 50_000 } });
 * await app.listen({ port: 3000 });
 * ```
 */
export async function build(options: BuildOptions = {}): Promise<FastifyInstance> {
  const cwd = options.cwd ?? process.cwd();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const owned = options.executor === undefined;
  const poolOptions = { ...DEFAULT_POOL, ...options.pool };
  // BullMQ and its client load only for a server that uses them.
  const executor =
    options.executor ??
    (options.redis !== undefined
      ? (await import('@foresight/node/redis')).createRedisExecutor({
          url: options.redis,
          maxQueue: poolOptions.maxQueue,
        })
      : createThreadExecutor(poolOptions));
  const catalog = loadCatalog(options.scenarios ?? 'scenarios', cwd);
  const ownStore = options.store === undefined;
  let store: AppContext['store'];
  try {
    store = options.store ?? (await openStore({ data: options.data, database: options.database, cwd }));
  } catch (e) {
    if (owned) await executor.close();
    throw e;
  }

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytes,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  const jobOptions = { ...DEFAULT_JOBS, ...options.jobs };
  // A job's plan is made again from its stored request (after a restart too), by the analysis of its kind.
  const jobs = new JobManager(
    store,
    executor,
    jobOptions,
    async (job) => {
      const analysis = ANALYSES[job.kind];
      if (analysis === undefined) throw new ApiError('internal', `no analysis of kind '${job.kind}'`);
      return (await analysis.plan(ctx, job.request, job.pins)).plan;
    },
    app.log,
  );
  const ctx: AppContext = {
    catalog,
    executor,
    maxQueue: owned ? poolOptions.maxQueue : undefined,
    limits,
    cache: new ResultCache({ ...DEFAULT_CACHE, ...options.cache }),
    started: Date.now(),
    inflight: new Set(),
    store,
    jobs,
  };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, limits);
  installCors(app, options.cors ?? []);
  // Work stops before the server waits for its connections to end, or a long run would hold the close;
  // running jobs go back to the queue, to resume at the next start.
  app.addHook('preClose', async () => {
    abortAll(ctx);
    await jobs.close();
  });
  app.addHook('onClose', async () => {
    if (owned) await executor.close();
    if (ownStore) await store.close();
  });

  const limit = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  if (limit.max > 0) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.windowMs,
      allowList: (request) => !limit.loopback && isLoopback(request.ip),
      errorResponseBuilder: (_request, context) =>
        new ApiError(
          'rate-limited',
          `more than ${context.max} requests from this client in ${limit.windowMs / 1000} s; retry ${context.after === '0 seconds' ? 'now' : `in ${context.after}`}`,
          { max: context.max, window_ms: limit.windowMs },
        ),
    });
  }

  const transforms = openApiTransforms();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Foresight API',
        version: ENGINE_VERSION,
        description:
          'Seeded Monte Carlo scenario simulation over HTTP: run, compare, validate and check scenarios, find which assumptions matter, and draw fan charts. ' +
          'Results are the documents `foresight run|compare|check|sensitivity --format json` prints, identical for the same document and seed. ' +
          'Errors are `{ error: { code, message, details } }`.',
      },
      tags: [
        { name: 'runs', description: 'Run, compare, validate, check and analyse scenarios' },
        { name: 'scenarios', description: "The server folder's scenarios, and those users store" },
        {
          name: 'jobs',
          description: 'Analyses run in the background (`Prefer: respond-async`): status, progress, results',
        },
        { name: 'charts', description: 'Fan charts as SVG' },
        { name: 'meta', description: 'Health and API reference' },
      ],
    },
    ...transforms,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // One module per concern.
  await app.register(healthRoutes(ctx));
  await app.register(scenarioRoutes(ctx));
  await app.register(storedScenarioRoutes(ctx));
  await app.register(jobRoutes(ctx));
  await app.register(runRoutes(ctx));
  await app.register(validateRoutes(ctx));
  await app.register(sensitivityRoutes(ctx));
  await app.register(learnRoutes(ctx));
  await app.register(chartRoutes(ctx));
  await app.register(pageRoutes);
  await jobs.start();
  return app;
}

const isLoopback = (ip: string): boolean => ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
