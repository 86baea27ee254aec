/*
 * PostgreSQL for the suites that need it: a cluster of their own
 * (scripts/postgres-cluster.mjs). Without Debian's postgresql they skip,
 * unless FORESIGHT_REQUIRE_POSTGRES=1 (CI), when they fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresCluster, postgresBin, startPostgres } from '../../scripts/postgres-cluster.mjs';

export { startPostgres };
export type { PostgresCluster };

export const havePostgres = postgresBin() !== undefined;
if (!havePostgres && process.env['FORESIGHT_REQUIRE_POSTGRES'] === '1')
  throw new Error('FORESIGHT_REQUIRE_POSTGRES=1 but initdb and pg_ctl cannot be found (apt-get install postgresql)');

/**
 * The stores a suite runs against, each test's own: SQLite in a temporary
 * folder, PostgreSQL in a database of a cluster the suite starts (in its
 * beforeAll) and stops, with the folders, after it.
 */
export function stores(prefix: string): {
  options(kind: 'sqlite' | 'postgres'): Promise<{ data?: string; database?: string }>;
  /** Folders removed after the suite. */
  readonly dirs: string[];
} {
  let cluster: PostgresCluster | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    if (havePostgres) cluster = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  let made = 0;
  return {
    dirs,
    async options(kind) {
      made++;
      if (kind === 'postgres') {
        if (!cluster) throw new Error('no PostgreSQL cluster');
        return { database: await cluster.database(`${prefix}_${made}`) };
      }
      const dir = mkdtempSync(join(tmpdir(), `foresight-${prefix}-`));
      dirs.push(dir);
      return { data: dir };
    },
  };
}
