/*
 * The store's tables as kysely sees them, and the migrations that make
 * them: run at start-up, in order, each once (kysely records them in
 * `kysely_migration`). A migration is never edited once released: a change
 * is a new one. The two dialects differ only where their types do (an
 * auto-incrementing key, a byte column).
 */
import type { ColumnType, Generated, Kysely, Migration, MigrationProvider } from 'kysely';

/** Whole numbers of milliseconds or counts: PostgreSQL's bigint, read back as a number (see open.ts). */
type Int = ColumnType<number, number, number>;

export interface JobsTable {
  /** Order of creation: pages and the queue follow it. */
  seq: Generated<number>;
  id: string;
  kind: string;
  status: string;
  identity: string;
  /** JSON. */
  request: string;
  /** JSON array of scenario ids. */
  scenarios: string;
  /** JSON array of document hashes. */
  versions: string;
  /** JSON object: the version of each stored scenario the request names, read again when the job resumes. */
  pins: string;
  client: string;
  created_at: Int;
  started_at: Int | null;
  finished_at: Int | null;
  pieces: Int;
  pieces_done: Int;
  runs: Int;
  runs_done: Int;
  /** JSON of a StoredProblem. */
  problem: string | null;
  result_state: string;
  result_bytes: Int | null;
  attempts: Int;
  owner: string | null;
  heartbeat_at: Int | null;
}

export interface JobScenariosTable {
  job_seq: Int;
  scenario: string;
}

export interface ResultsTable {
  job_id: string;
  gzip: Buffer;
  bytes: Int;
  stored_bytes: Int;
  finished_at: Int;
}

export interface ScenarioVersionsTable {
  id: string;
  version: string;
  source: string;
  format: string;
  created_at: Int;
}

export interface ScenarioHeadsTable {
  id: string;
  version: string;
}

export interface Database {
  jobs: JobsTable;
  job_scenarios: JobScenariosTable;
  results: ResultsTable;
  scenario_versions: ScenarioVersionsTable;
  scenario_heads: ScenarioHeadsTable;
}

export type Dialect = 'sqlite' | 'postgres';

// Migrations see the database untyped: the tables are what they make.
// biome-ignore lint/suspicious/noExplicitAny: kysely's migrations take an untyped database
type Untyped = Kysely<any>;

const initial = (dialect: Dialect): Migration => ({
  async up(db: Untyped) {
    const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
    await db.schema
      .createTable('jobs')
      .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('identity', 'text', (c) => c.notNull())
      .addColumn('request', 'text', (c) => c.notNull())
      .addColumn('scenarios', 'text', (c) => c.notNull())
      .addColumn('versions', 'text', (c) => c.notNull())
      .addColumn('pins', 'text', (c) => c.notNull())
      .addColumn('client', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .addColumn('pieces', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('pieces_done', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('runs', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('runs_done', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('problem', 'text')
      .addColumn('result_state', 'text', (c) => c.notNull().defaultTo('none'))
      .addColumn('result_bytes', 'bigint')
      .addColumn('attempts', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('owner', 'text')
      .addColumn('heartbeat_at', 'bigint')
      .execute();
    await db.schema.createIndex('jobs_identity').on('jobs').columns(['identity', 'seq']).execute();
    await db.schema.createIndex('jobs_status').on('jobs').columns(['status', 'seq']).execute();
    await db.schema.createIndex('jobs_kind').on('jobs').columns(['kind', 'seq']).execute();
    await db.schema.createIndex('jobs_client').on('jobs').columns(['client', 'status']).execute();

    await db.schema
      .createTable('job_scenarios')
      .addColumn('job_seq', 'bigint', (c) => c.notNull().references('jobs.seq').onDelete('cascade'))
      .addColumn('scenario', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('job_scenarios_pk', ['scenario', 'job_seq'])
      .execute();

    await db.schema
      .createTable('results')
      .addColumn('job_id', 'text', (c) => c.primaryKey().references('jobs.id').onDelete('cascade'))
      .addColumn('gzip', bytes, (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('stored_bytes', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('results_age').on('results').columns(['finished_at', 'job_id']).execute();

    await db.schema
      .createTable('scenario_versions')
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('scenario_versions_pk', ['id', 'version'])
      .execute();
    await db.schema
      .createTable('scenario_heads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Untyped) {
    for (const t of ['scenario_heads', 'scenario_versions', 'results', 'job_scenarios', 'jobs'])
      await db.schema.dropTable(t).ifExists().execute();
  },
});

/** Every migration, by name in the order they run. */
export const migrations = (dialect: Dialect): MigrationProvider => ({
  getMigrations: async () => ({ '0001-jobs-results-scenarios': initial(dialect) }),
});
