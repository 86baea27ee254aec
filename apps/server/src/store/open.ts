import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { migrations, type Database, type Dialect } from './schema.js';
import { KyselyStore } from './kysely-store.js';
import type { JobStore } from './types.js';

export interface StoreOptions {
  /**
   * A PostgreSQL URL (`postgres://user@host:port/db`): several servers may
   * share it. Without it, SQLite in `data`.
   */
  readonly database?: string | undefined;
  /**
   * The folder of the SQLite file (`foresight.db`), made when missing
   * (`foresight serve` gives `.foresight`). Without it and without
   * `database`, an SQLite database in memory: jobs last as long as the app.
   */
  readonly data?: string | undefined;
  /** Where a relative `data` starts. */
  readonly cwd?: string | undefined;
}

export const SQLITE_FILE = 'foresight.db';

/** Where a store's data lives, for messages: the SQLite file, or the PostgreSQL URL without its password. */
export function describeStore(options: StoreOptions): string {
  if (options.database !== undefined) {
    try {
      const url = new URL(options.database);
      url.password = '';
      return url.toString();
    } catch {
      return 'postgres';
    }
  }
  if (options.data === undefined) return 'memory';
  return resolve(options.cwd ?? process.cwd(), options.data, SQLITE_FILE);
}

/**
 * Open the store (SQLite by default, PostgreSQL with `database`) and bring
 * its tables up to date: every migration not yet run runs now, in order.
 */
export async function openStore(options: StoreOptions = {}): Promise<JobStore> {
  const dialect: Dialect = options.database !== undefined ? 'postgres' : 'sqlite';
  const db = new Kysely<Database>({
    dialect: dialect === 'postgres' ? await postgres(options.database ?? '') : await sqlite(options),
  });
  try {
    const migrator = new Migrator({ db, provider: migrations(dialect) });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error !== undefined || failed)
      throw new Error(
        `the store's migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return new KyselyStore(db, dialect);
}

async function sqlite(options: StoreOptions): Promise<SqliteDialect> {
  const { default: SQLite } = await import('better-sqlite3');
  let file = ':memory:';
  if (options.data !== undefined) {
    const dir = resolve(options.cwd ?? process.cwd(), options.data);
    mkdirSync(dir, { recursive: true });
    file = resolve(dir, SQLITE_FILE);
  }
  const database = new SQLite(file);
  // Readers never wait for the writer; a second connection waits for a lock rather than failing.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new SqliteDialect({ database });
}

async function postgres(url: string): Promise<PostgresDialect> {
  const { default: pg } = await import('pg');
  const int8 = 20;
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    // bigint columns hold milliseconds and counts, all below 2^53: numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection lost while idle is logged by the pool's user, not thrown at the process.
  pool.on('error', () => {});
  // Fail at start when the database cannot be reached, not at the first request.
  const client = await pool.connect().catch(async (e: unknown) => {
    await pool.end();
    throw e;
  });
  client.release();
  return new PostgresDialect({ pool });
}
