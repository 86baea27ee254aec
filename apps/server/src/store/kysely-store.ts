/*
 * The one implementation of the store, over kysely: every query is built
 * (and parameterised) here, once, for SQLite and PostgreSQL alike. The
 * dialects differ in one place: claiming a queued job takes a row lock on
 * PostgreSQL (`FOR UPDATE SKIP LOCKED`), so replicas sharing the database
 * never take the same job; SQLite writes one at a time anyway.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, Dialect, JobsTable } from './schema.js';
import {
  JOB_STATUSES,
  type Finish,
  type JobFilter,
  type JobPage,
  type JobProgress,
  type JobRecord,
  type JobStatus,
  type JobStore,
  type NewJob,
  type ResultState,
  type Retention,
  type StoredProblem,
  type StoredResult,
  type StoredScenario,
} from './types.js';

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function toRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as JobStatus,
    identity: row.identity,
    request: JSON.parse(row.request) as unknown,
    scenarios: JSON.parse(row.scenarios) as string[],
    versions: JSON.parse(row.versions) as string[],
    pins: JSON.parse(row.pins) as Record<string, string>,
    client: row.client,
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    progress: {
      pieces: Number(row.pieces),
      piecesDone: Number(row.pieces_done),
      runs: Number(row.runs),
      runsDone: Number(row.runs_done),
    },
    problem: parse<StoredProblem>(row.problem),
    result: row.result_state as ResultState,
    resultBytes: row.result_bytes === null ? null : Number(row.result_bytes),
    attempts: Number(row.attempts),
    owner: row.owner,
    heartbeatAt: row.heartbeat_at === null ? null : Number(row.heartbeat_at),
  };
}

const ACTIVE: JobStatus[] = ['queued', 'running'];

export class KyselyStore implements JobStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {}

  async insertJob(job: NewJob): Promise<JobRecord> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('jobs')
        .values({
          id: job.id,
          kind: job.kind,
          status: 'queued',
          identity: job.identity,
          request: JSON.stringify(job.request),
          scenarios: JSON.stringify(job.scenarios),
          versions: JSON.stringify(job.versions),
          pins: JSON.stringify(job.pins),
          client: job.client,
          created_at: job.createdAt,
          pieces: 0,
          pieces_done: 0,
          runs: 0,
          runs_done: 0,
          result_state: 'none',
          attempts: 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const names = [...new Set(job.scenarios)];
      if (names.length > 0)
        await tx
          .insertInto('job_scenarios')
          .values(names.map((scenario) => ({ job_seq: Number(row.seq), scenario })))
          .execute();
      return toRecord(row);
    });
  }

  async getJob(id: string): Promise<JobRecord | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findReusable(identity: string): Promise<JobRecord | undefined> {
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('identity', '=', identity)
      .where((eb) =>
        eb.or([eb('status', 'in', ACTIVE), eb.and([eb('status', '=', 'done'), eb('result_state', '=', 'stored')])]),
      )
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async listJobs(filter: JobFilter): Promise<JobPage> {
    let q = this.db.selectFrom('jobs').selectAll();
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.after !== undefined) q = q.where('seq', '<', filter.after);
    const scenario = filter.scenario;
    if (scenario !== undefined)
      q = q.where('seq', 'in', (eb) =>
        eb.selectFrom('job_scenarios').select('job_seq').where('scenario', '=', scenario),
      );
    const rows = await q
      .orderBy('seq', 'desc')
      .limit(filter.limit + 1)
      .execute();
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      jobs: page.map(toRecord),
      next: rows.length > filter.limit && last !== undefined ? Number(last.seq) : undefined,
    };
  }

  async countActive(client: string): Promise<number> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('client', '=', client)
      .where('status', 'in', ACTIVE)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const r of rows)
      if ((JOB_STATUSES as readonly string[]).includes(r.status)) counts[r.status as JobStatus] = Number(r.n);
    return counts;
  }

  async claimNext(owner: string, now: number): Promise<JobRecord | undefined> {
    const pg = this.dialect === 'postgres';
    const row = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        owner,
        started_at: now,
        heartbeat_at: now,
        attempts: eb('attempts', '+', 1),
      }))
      .where('seq', '=', (eb) => {
        const oldest = eb.selectFrom('jobs').select('seq').where('status', '=', 'queued').orderBy('seq').limit(1);
        return pg ? oldest.forUpdate().skipLocked() : oldest;
      })
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async heartbeat(id: string, owner: string, progress: JobProgress | undefined, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({
        heartbeat_at: now,
        ...(progress
          ? {
              pieces: progress.pieces,
              pieces_done: progress.piecesDone,
              runs: progress.runs,
              runs_done: progress.runsDone,
            }
          : {}),
      })
      .where('id', '=', id)
      .where('owner', '=', owner)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async finish(id: string, owner: string, end: Finish, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('jobs')
        .set({
          status: end.status,
          finished_at: now,
          problem: end.problem ? JSON.stringify(end.problem) : null,
          ...(end.result ? { result_state: 'stored', result_bytes: end.result.bytes } : {}),
          ...(end.progress
            ? {
                pieces: end.progress.pieces,
                pieces_done: end.progress.piecesDone,
                runs: end.progress.runs,
                runs_done: end.progress.runsDone,
              }
            : {}),
        })
        .where('id', '=', id)
        .where('owner', '=', owner)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      if (end.result)
        await tx
          .insertInto('results')
          .values({
            job_id: id,
            gzip: end.result.gzip,
            bytes: end.result.bytes,
            stored_bytes: end.result.gzip.byteLength,
            finished_at: now,
          })
          .execute();
      return true;
    });
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set((eb) => ({ status: 'queued', owner: null, heartbeat_at: null, attempts: eb('attempts', '-', 1) }))
      .where('id', '=', id)
      .where('owner', '=', owner)
      .where('status', '=', 'running')
      .execute();
  }

  async cancel(id: string, now: number): Promise<JobRecord | undefined> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'cancelled', finished_at: now })
      .where('id', '=', id)
      .where('status', 'in', ACTIVE)
      .execute();
    return this.getJob(id);
  }

  async runningOwners(): Promise<string[]> {
    const rows = await this.db.selectFrom('jobs').select('owner').distinct().where('status', '=', 'running').execute();
    return rows.flatMap((r) => (r.owner === null ? [] : [r.owner]));
  }

  async recover(
    which: { readonly staleBefore: number } | { readonly owners: readonly string[] },
    maxAttempts: number,
    now: number,
    problem: StoredProblem,
  ): Promise<{ resumed: string[]; failed: string[] }> {
    if ('owners' in which && which.owners.length === 0) return { resumed: [], failed: [] };
    return this.db.transaction().execute(async (tx) => {
      const stale = await tx
        .selectFrom('jobs')
        .select(['id', 'attempts'])
        .where('status', '=', 'running')
        .where((eb) =>
          'owners' in which
            ? eb('owner', 'in', which.owners)
            : eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', Math.floor(which.staleBefore))]),
        )
        .execute();
      const resumed = stale.filter((j) => Number(j.attempts) < maxAttempts).map((j) => j.id);
      const failed = stale.filter((j) => Number(j.attempts) >= maxAttempts).map((j) => j.id);
      if (resumed.length > 0)
        await tx
          .updateTable('jobs')
          .set({ status: 'queued', owner: null, heartbeat_at: null })
          .where('id', 'in', resumed)
          .where('status', '=', 'running')
          .execute();
      if (failed.length > 0) {
        await tx
          .updateTable('jobs')
          .set({ status: 'failed', finished_at: now, owner: null, problem: JSON.stringify(problem) })
          .where('id', 'in', failed)
          .where('status', '=', 'running')
          .execute();
      }
      return { resumed, failed };
    });
  }

  async getResult(id: string): Promise<StoredResult | undefined> {
    const row = await this.db
      .selectFrom('results')
      .select(['gzip', 'bytes'])
      .where('job_id', '=', id)
      .executeTakeFirst();
    return row && { gzip: Buffer.from(row.gzip), bytes: Number(row.bytes) };
  }

  async enforceRetention(retention: Retention, now: number): Promise<string[]> {
    // Whole milliseconds: PostgreSQL's bigint takes no fraction.
    const cutoff = Math.floor(now - retention.maxAgeMs);
    return this.db.transaction().execute(async (tx) => {
      const old = await tx.selectFrom('results').select('job_id').where('finished_at', '<', cutoff).execute();
      const evicted = old.map((r) => r.job_id);
      const usage = await tx
        .selectFrom('results')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('stored_bytes'), eb.lit(0)).as('bytes'))
        .where('finished_at', '>=', cutoff)
        .executeTakeFirstOrThrow();
      let over = Number(usage.bytes) - retention.maxBytes;
      // Oldest first, a batch at a time, until what is left fits.
      let after: { finished_at: number; job_id: string } | undefined;
      while (over > 0) {
        let q = tx
          .selectFrom('results')
          .select(['job_id', 'finished_at', 'stored_bytes'])
          .where('finished_at', '>=', cutoff);
        const from = after;
        if (from)
          q = q.where((eb) =>
            eb.or([
              eb('finished_at', '>', from.finished_at),
              eb.and([eb('finished_at', '=', from.finished_at), eb('job_id', '>', from.job_id)]),
            ]),
          );
        const batch = await q.orderBy('finished_at').orderBy('job_id').limit(256).execute();
        if (batch.length === 0) break;
        for (const r of batch) {
          if (over <= 0) break;
          evicted.push(r.job_id);
          over -= Number(r.stored_bytes);
          after = { finished_at: Number(r.finished_at), job_id: r.job_id };
        }
      }
      for (let i = 0; i < evicted.length; i += 500) {
        const ids = evicted.slice(i, i + 500);
        await tx.deleteFrom('results').where('job_id', 'in', ids).execute();
        await tx.updateTable('jobs').set({ result_state: 'evicted' }).where('id', 'in', ids).execute();
      }
      return evicted;
    });
  }

  async resultUsage(): Promise<{ bytes: number; results: number }> {
    const row = await this.db
      .selectFrom('results')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number | string>('stored_bytes'), eb.lit(0)).as('bytes'),
        eb.fn.countAll<number | string>().as('results'),
      ])
      .executeTakeFirstOrThrow();
    return { bytes: Number(row.bytes), results: Number(row.results) };
  }

  async putScenario(s: StoredScenario): Promise<void> {
    await this.db.transaction().execute(async (tx: Transaction<Database>) => {
      await tx
        .insertInto('scenario_versions')
        .values({ id: s.id, version: s.version, source: s.source, format: s.format, created_at: s.createdAt })
        .onConflict((oc) => oc.columns(['id', 'version']).doUpdateSet({ source: s.source, format: s.format }))
        .execute();
      await tx
        .insertInto('scenario_heads')
        .values({ id: s.id, version: s.version })
        .onConflict((oc) => oc.column('id').doUpdateSet({ version: s.version }))
        .execute();
    });
  }

  async getScenario(id: string, version?: string): Promise<StoredScenario | undefined> {
    const row = await (version !== undefined
      ? this.db
          .selectFrom('scenario_versions as v')
          .selectAll('v')
          .where('v.id', '=', id)
          .where('v.version', '=', version)
      : this.db
          .selectFrom('scenario_versions as v')
          .innerJoin('scenario_heads as h', (j) => j.onRef('h.id', '=', 'v.id').onRef('h.version', '=', 'v.version'))
          .selectAll('v')
          .where('v.id', '=', id)
    ).executeTakeFirst();
    return row && scenarioOf(row);
  }

  async deleteScenario(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const head = await tx.deleteFrom('scenario_heads').where('id', '=', id).executeTakeFirst();
      await tx.deleteFrom('scenario_versions').where('id', '=', id).execute();
      return Number(head.numDeletedRows) > 0;
    });
  }

  async listScenarios(): Promise<readonly StoredScenario[]> {
    const rows = await this.db
      .selectFrom('scenario_versions as v')
      .innerJoin('scenario_heads as h', (j) => j.onRef('h.id', '=', 'v.id').onRef('h.version', '=', 'v.version'))
      .selectAll('v')
      .orderBy('v.id')
      .execute();
    return rows.map(scenarioOf);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function scenarioOf(row: {
  id: string;
  version: string;
  source: string;
  format: string;
  created_at: number;
}): StoredScenario {
  return {
    id: row.id,
    version: row.version,
    source: row.source,
    format: row.format === 'json' ? 'json' : 'yaml',
    createdAt: Number(row.created_at),
  };
}
