import { formatProblem } from '@foresight/core';
import { describeStore, listen } from '@foresight/server';
import { EXIT, type CliIO } from '../io.js';
import type { ServeCommandOptions } from '../options.js';

/**
 * `foresight serve`: the HTTP app of @foresight/server on a port, until
 * SIGINT or SIGTERM (or `until`, for tests), then a clean close: jobs in
 * flight are stopped and the executor closed. The server package is
 * imported here only, so no other command loads fastify.
 */
export async function serveCommand(io: CliIO, opts: ServeCommandOptions, until?: Promise<unknown>): Promise<number> {
  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen({
      host: opts.host,
      port: opts.port,
      scenarios: opts.scenarios,
      cwd: io.cwd,
      pool: opts.workers !== undefined ? { workers: opts.workers } : {},
      ...(opts.redis !== undefined ? { redis: opts.redis } : {}),
      ...(opts.cors !== undefined ? { cors: opts.cors } : {}),
      ...(opts.database !== undefined ? { database: opts.database } : { data: opts.data }),
      rateLimit: { max: opts.rateLimit, loopback: opts.rateLimitLoopback === true },
      jobs: {
        ...(opts.jobConcurrency !== undefined ? { concurrency: opts.jobConcurrency } : {}),
        ...(opts.jobsPerClient !== undefined ? { perClient: opts.jobsPerClient } : {}),
      },
      logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel, stream: process.stderr },
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = e instanceof Error ? e.message : String(e);
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
      io.stderr(`cannot listen on ${opts.host}:${opts.port}: ${code}\n`);
    else io.stderr(`cannot start the server: ${code !== undefined ? `${code} ` : ''}${message}\n`);
    return EXIT.badInput;
  }
  const { app, url } = running;
  const list = await app.inject({ url: '/scenarios' });
  const folder = list.json<{ scenarios: unknown[]; problems: Parameters<typeof formatProblem>[0][] }>();
  for (const p of folder.problems) io.stderr(`${formatProblem(p)}\n`);
  io.stdout(
    `foresight: serving ${folder.scenarios.length} scenarios from ${opts.scenarios} at ${url}  (page ${url}/, API reference ${url}/docs; jobs in ${describeStore({ database: opts.database, data: opts.data, cwd: io.cwd })})\n`,
  );

  const stop =
    until ??
    new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
  await stop;
  await app.close();
  return EXIT.ok;
}
