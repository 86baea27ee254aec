/*
 * What the server keeps between requests and across restarts: jobs (an
 * analysis asked for with `Prefer: respond-async`, its status, progress and
 * problem), their results, and the scenarios users stored. One interface,
 * two databases (SQLite in a file, PostgreSQL shared by replicas), one
 * implementation over kysely (`kysely-store.ts`).
 */

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Whether a job can still change (a queued or running job is active; the others are final). */
export const isFinal = (status: JobStatus): boolean => status !== 'queued' && status !== 'running';

/** An error answer kept with a failed job: what the synchronous request would have answered. */
export interface StoredProblem {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: unknown;
}

export interface JobProgress {
  readonly pieces: number;
  readonly piecesDone: number;
  readonly runs: number;
  readonly runsDone: number;
}

/** Whether a job's result is in the store: not yet (or never), kept, or evicted by retention. */
export type ResultState = 'none' | 'stored' | 'evicted';

export interface JobRecord {
  readonly id: string;
  /** `run`, `compare`, `check`, `sensitivity`, ... */
  readonly kind: string;
  readonly status: JobStatus;
  /** The plan's identity: equal identities give equal results. */
  readonly identity: string;
  /** The request as received (scenario ids, inline documents, options). */
  readonly request: unknown;
  /** The scenario ids the request names (folder or stored ones), for `GET /jobs?scenario=`. */
  readonly scenarios: readonly string[];
  /** The document hashes of the scenarios the plan ran: the versions of stored scenarios. */
  readonly versions: readonly string[];
  /** The version each stored scenario the request names was read at: a resumed job reads the same. */
  readonly pins: Readonly<Record<string, string>>;
  /** Who asked (the client's address): the per-client cap counts its active jobs. */
  readonly client: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly progress: JobProgress;
  readonly problem: StoredProblem | null;
  readonly result: ResultState;
  /** Bytes of the result document (JSON), once done. */
  readonly resultBytes: number | null;
  /** Times the job was started (more than 1 after a restart resumed it). */
  readonly attempts: number;
  /** The server instance running it, and when it last said so. */
  readonly owner: string | null;
  readonly heartbeatAt: number | null;
}

/** What a new job is made of; the store fills in the rest. */
export type NewJob = Pick<
  JobRecord,
  'id' | 'kind' | 'identity' | 'request' | 'scenarios' | 'versions' | 'pins' | 'client' | 'createdAt'
>;

export interface JobFilter {
  readonly kind?: string | undefined;
  readonly status?: JobStatus | undefined;
  readonly scenario?: string | undefined;
  readonly limit: number;
  /** The position after which the page starts (from `next` of the page before). */
  readonly after?: number | undefined;
}

export interface JobPage {
  readonly jobs: readonly JobRecord[];
  /** Where the next page starts, or undefined on the last page. */
  readonly next: number | undefined;
}

/** A result as stored: the document's JSON, gzip-compressed. */
export interface StoredResult {
  readonly gzip: Buffer;
  /** Bytes of the JSON before compression. */
  readonly bytes: number;
}

export interface Retention {
  /** Compressed result bytes kept in all; past it, the oldest results are evicted. */
  readonly maxBytes: number;
  /** Results older than this (ms since their job finished) are evicted. */
  readonly maxAgeMs: number;
}

export interface StoredScenario {
  readonly id: string;
  /** The sha256 of the document as resolved and validated (provenance's `document_sha256`). */
  readonly version: string;
  /** The text as sent (YAML or JSON). */
  readonly source: string;
  /** `yaml` or `json`. */
  readonly format: 'yaml' | 'json';
  readonly createdAt: number;
}

export interface Finish {
  readonly status: 'done' | 'failed' | 'cancelled';
  readonly problem?: StoredProblem | undefined;
  readonly result?: StoredResult | undefined;
  /** Progress at the end (written with the status, so the final record is never behind the last event). */
  readonly progress?: JobProgress | undefined;
}

export interface JobStore {
  /** `sqlite` or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';
  insertJob(job: NewJob): Promise<JobRecord>;
  getJob(id: string): Promise<JobRecord | undefined>;
  /** The newest job of this identity that is queued, running, or done with its result kept. */
  findReusable(identity: string): Promise<JobRecord | undefined>;
  listJobs(filter: JobFilter): Promise<JobPage>;
  /** Jobs queued or running that a client asked for. */
  countActive(client: string): Promise<number>;
  /** Jobs by status, for /health. */
  countByStatus(): Promise<Record<JobStatus, number>>;
  /** Atomically take the oldest queued job for `owner` (running, attempts + 1), or undefined. */
  claimNext(owner: string, now: number): Promise<JobRecord | undefined>;
  /**
   * Record progress (and a heartbeat) of a job `owner` runs; false when the
   * job is no longer running for it (cancelled meanwhile): the runner stops.
   */
  heartbeat(id: string, owner: string, progress: JobProgress | undefined, now: number): Promise<boolean>;
  /** End a job `owner` runs, storing its result or problem; false when it was no longer running for it. */
  finish(id: string, owner: string, end: Finish, now: number): Promise<boolean>;
  /** Hand a job `owner` runs back to the queue (the server is closing), its start not counted. */
  release(id: string, owner: string): Promise<void>;
  /** Cancel a queued or running job; the record after (undefined when unknown). */
  cancel(id: string, now: number): Promise<JobRecord | undefined>;
  /**
   * Running jobs of servers that stopped: those not heard from since
   * `staleBefore`, or those of the `owners` given. Queued again while they
   * have been started fewer than `maxAttempts` times, else failed with
   * `problem` (the reason: interrupted). Their ids.
   */
  recover(
    which: { readonly staleBefore: number } | { readonly owners: readonly string[] },
    maxAttempts: number,
    now: number,
    problem: StoredProblem,
  ): Promise<{ resumed: string[]; failed: string[] }>;
  /** The owners of running jobs. */
  runningOwners(): Promise<string[]>;
  getResult(id: string): Promise<StoredResult | undefined>;
  /** Evict results over the retention limits, oldest first; the ids whose results went. */
  enforceRetention(retention: Retention, now: number): Promise<string[]>;
  /** Compressed bytes of every result kept, and how many. */
  resultUsage(): Promise<{ bytes: number; results: number }>;
  putScenario(scenario: StoredScenario): Promise<void>;
  /** A stored scenario: its latest version, or the one asked for. */
  getScenario(id: string, version?: string): Promise<StoredScenario | undefined>;
  /** Remove a stored scenario and its versions; false when there was none. */
  deleteScenario(id: string): Promise<boolean>;
  /** The latest version of every stored scenario, by id. */
  listScenarios(): Promise<readonly StoredScenario[]>;
  close(): Promise<void>;
}
