import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/**
 * The workbench page: `page/index.html`, and the assets `page/build.mjs`
 * builds into `page/dist` (read once, when the app is built, from beside
 * `src` and `dist` alike), served with a Content-Security-Policy that
 * allows only this origin's scripts, styles, workers and requests. The
 * engine's worker alone may `eval`: core compiles a scenario's equations to
 * functions (from whitelisted syntax only), and a worker keeps the policy
 * its own script was served with. The editor (CodeMirror) adds its styles
 * as `<style>` elements: each page answer carries a fresh nonce for them,
 * in the policy and in a meta tag the script reads. Style attributes are
 * allowed (they cannot run script): the browser writes them itself when it
 * edits the editor's text, a paste for one.
 */
const pageDir = new URL('../../page/', import.meta.url);
const distDir = new URL('dist/', pageDir);

const policy = (nonce?: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
    nonce === undefined ? "style-src 'self'" : `style-src 'self' 'nonce-${nonce}'`,
    // Style attributes only: the browser's own editing of the editor's text writes some (a paste, say).
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
const POLICY = policy();
const WORKER_POLICY = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'self'";

const HTML = 'text/html; charset=utf-8';
const SVG = 'image/svg+xml; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';
/** The built assets' types, by extension. */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': TEXT,
};

function secure(reply: FastifyReply, policy: string): FastifyReply {
  return reply
    .header('content-security-policy', policy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cache-control', 'no-cache');
}

export const pageRoutes: FastifyPluginAsync = async (app) => {
  const html = readFileSync(new URL('index.html', pageDir), 'utf8');
  const favicon = readFileSync(new URL('favicon.svg', pageDir), 'utf8');
  // Built by `pnpm build`; without it the page says how to get it rather than failing the whole app.
  const assets = new Map<string, Buffer>();
  if (existsSync(distDir))
    for (const name of readdirSync(distDir)) assets.set(name, readFileSync(new URL(name, distDir)));

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    if (!assets.has('page.js'))
      return secure(reply, POLICY)
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The page is not built: run `pnpm build` (apps/server builds it into page/dist).');
    const nonce = randomBytes(16).toString('base64');
    return secure(reply, policy(nonce))
      .type(HTML)
      .send(html.replace('<meta name="csp-nonce" content="">', `<meta name="csp-nonce" content="${nonce}">`));
  });
  app.get('/favicon.svg', { schema: { hide: true } }, async (_request, reply) =>
    secure(reply, POLICY).type(SVG).send(favicon),
  );
  app.get<{ Params: { file: string } }>('/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params;
    const body = assets.get(file);
    if (body === undefined) return reply.callNotFound();
    const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
    return secure(reply, file.startsWith('worker.') ? WORKER_POLICY : POLICY)
      .type(type)
      .send(body);
  });
};
