import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

/**
 * The web page: one HTML file, a stylesheet and a script, read once from
 * `apps/server/page` (beside `src` and `dist` alike) when the app is built, and served as they are.
 */
const asset = (name: string): string => readFileSync(new URL(`../../page/${name}`, import.meta.url), 'utf8');

export const pageRoutes: FastifyPluginAsync = async (app) => {
  const files: [string, string, string][] = [
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/page.css', 'page.css', 'text/css; charset=utf-8'],
    ['/page.js', 'page.js', 'text/javascript; charset=utf-8'],
    ['/favicon.svg', 'favicon.svg', 'image/svg+xml; charset=utf-8'],
  ];
  for (const [url, name, type] of files) {
    const body = asset(name);
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'no-cache').send(body),
    );
  }
};
