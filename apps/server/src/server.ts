import type { FastifyInstance } from 'fastify';
import { build } from './app.js';
import type { BuildOptions } from './options.js';

export interface ListenOptions extends BuildOptions {
  /** Default 127.0.0.1: the API runs code-like documents, so it is local unless asked otherwise. */
  readonly host?: string;
  /** Default 3000; 0 picks a free port. */
  readonly port?: number;
}

/** Build the app and listen; resolves with the app and the address it listens on. */
export async function listen(options: ListenOptions = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await build(options);
  try {
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 3000 });
  } catch (e) {
    await app.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 3000);
  const host = options.host ?? '127.0.0.1';
  const shown = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shown}:${port}` };
}
