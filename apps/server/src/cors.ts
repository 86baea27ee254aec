import type { FastifyInstance } from 'fastify';

/**
 * Cross-origin access for pages served elsewhere (a dashboard, a notebook in
 * the browser): off unless origins are given; `*` allows any. Preflight
 * requests get 204 with what the API accepts; an origin not on the list gets
 * no CORS headers, so its browser refuses the answer.
 */
export function installCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const any = origins.includes('*');
  const allowed = (origin: string | undefined): origin is string =>
    origin !== undefined && (any || origins.includes(origin));
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!allowed(origin)) return;
    void reply
      .header('access-control-allow-origin', any ? '*' : origin)
      .header('vary', 'origin')
      .header('access-control-expose-headers', 'retry-after');
  });
  app.options('*', { schema: { hide: true } }, async (request, reply) => {
    if (!allowed(request.headers.origin)) return reply.code(404).send();
    return reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '600')
      .send();
  });
}
