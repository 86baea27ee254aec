/*
 * PostgreSQL for the suites that need it: a cluster of their own
 * (scripts/postgres-cluster.mjs). Without Debian's postgresql they skip,
 * unless FORESIGHT_REQUIRE_POSTGRES=1 (CI), when they fail.
 */
import { postgresBin } from '../../scripts/postgres-cluster.mjs';

export { startPostgres } from '../../scripts/postgres-cluster.mjs';
export type { PostgresCluster } from '../../scripts/postgres-cluster.mjs';

export const havePostgres = postgresBin() !== undefined;
if (!havePostgres && process.env['FORESIGHT_REQUIRE_POSTGRES'] === '1')
  throw new Error('FORESIGHT_REQUIRE_POSTGRES=1 but initdb and pg_ctl cannot be found (apt-get install postgresql)');
