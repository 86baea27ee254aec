import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ComparisonResult, RunResult, SensitivityResult } from '@foresight/core';
import {
  renderCompareCsv,
  renderCompareTable,
  renderFanChart,
  renderRunCsv,
  renderRunTable,
  renderSensitivityChart,
  renderSensitivityTable,
  renderTable,
} from '@foresight/report';
import { EXIT, type CliIO } from '../io.js';
import { outputPathProblems } from '../output-paths.js';
import { printProblems } from '../problems.js';
import { writeOutput } from '../write.js';

/*
 * `foresight jobs list|show|result|cancel --server URL`: a server's jobs
 * from the terminal. A result is fetched as its JSON document and given as
 * the matching command gives it (`run`, `compare`, `sensitivity`, `check`):
 * a table, CSV or JSON, and `--chart` drawn here, so a result computed on a
 * server is used like one computed locally.
 */

export interface JobsOptions {
  server: string;
  format?: 'table' | 'json' | 'csv';
}

interface Job {
  id: string;
  kind: string;
  status: string;
  progress: { pieces: number; pieces_done: number; runs: number; runs_done: number };
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  scenarios: string[];
  versions: string[];
  request: unknown;
  problem: { status: number; code: string; message: string } | null;
  result: string;
  result_bytes: number | null;
  attempts: number;
}

class ServerError extends Error {
  constructor(
    message: string,
    readonly exit: number,
  ) {
    super(message);
  }
}

async function call(server: string, path: string, init: RequestInit = {}): Promise<Response> {
  const base = server.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, init);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new ServerError(`cannot reach ${base}: ${cause?.code ?? cause?.message ?? String(e)}`, EXIT.badInput);
  }
  if (response.ok) return response;
  const text = await response.text();
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = `${body.error.code ?? response.status}: ${body.error.message}`;
  } catch {
    // not JSON: the status says it
  }
  // A job that failed is answered with its problem: the analysis failed, not the request.
  throw new ServerError(message, response.status === 422 ? EXIT.failed : EXIT.badInput);
}

const getJson = async <T>(server: string, path: string): Promise<T> => (await (await call(server, path)).json()) as T;

async function guarded(io: CliIO, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof ServerError)) throw e;
    io.stderr(`foresight jobs: ${e.message}\n`);
    return e.exit;
  }
}

const percent = (done: number, total: number): string => (total === 0 ? '-' : `${Math.floor((100 * done) / total)}%`);

function describeJob(job: Job): string {
  const lines: [string, string][] = [
    ['id', job.id],
    ['kind', job.kind],
    ['status', job.status],
    [
      'progress',
      `${job.progress.runs_done} of ${job.progress.runs} runs, ${job.progress.pieces_done} of ${job.progress.pieces} pieces (${percent(job.progress.runs_done, job.progress.runs)})`,
    ],
    ['scenarios', job.scenarios.join(', ')],
    ['versions', job.versions.join(', ')],
    ['created', job.created_at],
    ['started', job.started_at ?? '-'],
    ['finished', job.finished_at ?? '-'],
    ['attempts', String(job.attempts)],
    ['result', job.result_bytes === null ? job.result : `${job.result} (${job.result_bytes} bytes)`],
    ['request', JSON.stringify(job.request)],
  ];
  if (job.problem) lines.push(['problem', `${job.problem.code}: ${job.problem.message}`]);
  const width = Math.max(...lines.map(([k]) => k.length));
  return `${lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

export interface ListOptions extends JobsOptions {
  kind?: string;
  status?: string;
  scenario?: string;
  limit: number;
  all?: boolean;
}

export function jobsList(io: CliIO, opts: ListOptions): Promise<number> {
  return guarded(io, async () => {
    const jobs: Job[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: String(opts.limit) });
      if (opts.kind) q.set('kind', opts.kind);
      if (opts.status) q.set('status', opts.status);
      if (opts.scenario) q.set('scenario', opts.scenario);
      if (cursor) q.set('cursor', cursor);
      const page: { jobs: Job[]; next: string | null } = await getJson(opts.server, `/jobs?${q}`);
      jobs.push(...page.jobs);
      cursor = opts.all ? page.next : null;
    } while (cursor !== null);
    if (opts.format === 'json') {
      io.stdout(`${JSON.stringify(jobs, null, 2)}\n`);
      return EXIT.ok;
    }
    if (jobs.length === 0) {
      io.stdout('no jobs\n');
      return EXIT.ok;
    }
    const rows = jobs.map((j) => [
      j.id,
      j.kind,
      j.status,
      percent(j.progress.runs_done, j.progress.runs),
      j.scenarios.join(','),
      j.created_at,
    ]);
    io.stdout(
      renderTable(['id', 'kind', 'status', 'done', 'scenarios', 'created'], rows, [
        'left',
        'left',
        'left',
        'right',
        'left',
        'left',
      ]),
    );
    return EXIT.ok;
  });
}

export function jobsShow(io: CliIO, id: string, opts: JobsOptions): Promise<number> {
  return guarded(io, async () => {
    const job = await getJson<Job>(opts.server, `/jobs/${encodeURIComponent(id)}`);
    io.stdout(opts.format === 'json' ? `${JSON.stringify(job, null, 2)}\n` : describeJob(job));
    return job.status === 'failed' ? EXIT.failed : EXIT.ok;
  });
}

export interface ResultOptions extends JobsOptions {
  out?: string;
  chart?: string;
  wait?: boolean;
}

export function jobsResult(io: CliIO, id: string, opts: ResultOptions): Promise<number> {
  return guarded(io, async () => {
    const unwritable = outputPathProblems(io.cwd, { '--out': opts.out, '--chart': opts.chart });
    if (unwritable.length > 0) return printProblems(io, unwritable);
    const path = `/jobs/${encodeURIComponent(id)}`;
    let job = await getJson<Job>(opts.server, path);
    while (opts.wait && (job.status === 'queued' || job.status === 'running')) {
      await new Promise((r) => setTimeout(r, 500));
      job = await getJson<Job>(opts.server, path);
    }
    const result: unknown = await getJson(opts.server, `${path}/result`);
    const format = opts.format ?? 'table';
    writeOutput(io, [render(job.kind, result, format)], opts.out);
    if (opts.chart !== undefined) {
      const svg = chart(job.kind, result);
      if (svg === undefined) {
        io.stderr(`foresight jobs: a ${job.kind} job has no chart\n`);
        return EXIT.badInput;
      }
      writeFileSync(resolve(io.cwd, opts.chart), svg);
    }
    return EXIT.ok;
  });
}

function render(kind: string, result: unknown, format: 'table' | 'json' | 'csv'): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  switch (kind) {
    case 'run':
      return format === 'csv' ? renderRunCsv(result as RunResult) : renderRunTable(result as RunResult);
    case 'compare':
      return format === 'csv'
        ? renderCompareCsv(result as ComparisonResult)
        : renderCompareTable(result as ComparisonResult);
    case 'sensitivity':
      if (format === 'table') return renderSensitivityTable(result as SensitivityResult);
      break;
    default:
      break;
  }
  if (format === 'csv')
    throw new ServerError(`a ${kind} job's result has no CSV form (runs and comparisons do)`, EXIT.badInput);
  return `${JSON.stringify(result, null, 2)}\n`;
}

function chart(kind: string, result: unknown): string | undefined {
  switch (kind) {
    case 'run':
      return renderFanChart(result as RunResult);
    case 'compare':
      return renderFanChart((result as ComparisonResult).runs);
    case 'sensitivity':
      return renderSensitivityChart(result as SensitivityResult);
    default:
      return undefined;
  }
}

export function jobsCancel(io: CliIO, id: string, opts: JobsOptions): Promise<number> {
  return guarded(io, async () => {
    const job = (await (
      await call(opts.server, `/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' })
    ).json()) as Job;
    io.stdout(opts.format === 'json' ? `${JSON.stringify(job, null, 2)}\n` : `${job.id} ${job.status}\n`);
    return EXIT.ok;
  });
}
