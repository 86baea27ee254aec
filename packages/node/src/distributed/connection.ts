/*
 * Redis connections of the distributed executor and its workers: one
 * ioredis client per BullMQ Queue, Worker and QueueEvents (constructed here
 * and passed in, as BullMQ wants from ES modules), each told where it is.
 */
import type { Problem } from '@foresight/core';
import { Redis } from 'ioredis';

/** The queue every submitter and worker of one Redis shares unless told otherwise. */
export const DEFAULT_QUEUE = 'foresight';

/** A Redis URL as it may be shown: no user name or password. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '<redis>';
  }
}

/** ioredis options from a `redis://[user:password@]host[:port][/db]` (or `rediss://`) URL. */
export function redisOptions(url: string): {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls?: object;
} {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new TypeError(`${shownUrl(url)} is not a redis:// or rediss:// URL`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isSafeInteger(db) || db < 0) throw new TypeError(`${shownUrl(url)}: the database is a whole number`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** A client that never gives up reconnecting (workers, QueueEvents), or fails commands fast while disconnected (submitters). */
export function client(url: string, name: string, blocking: boolean): Redis {
  return new Redis({
    ...redisOptions(url),
    connectionName: name,
    connectTimeout: 3_000,
    maxRetriesPerRequest: blocking ? null : 1,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
    lazyConnect: true,
  });
}

/** The `io` problem of a Redis that cannot be reached or was lost. */
export function redisProblem(url: string, message: string): Problem {
  return { code: 'io', message, file: shownUrl(url), path: [], line: 1, column: 1 };
}
