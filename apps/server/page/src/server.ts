/**
 * The server's public API, as the page speaks it: nothing the page does
 * that a notebook could not. `analysis` is the one place that knows how a
 * long analysis travels: today one POST answered with the result; where the
 * server offers jobs (`/jobs/{id}` in its OpenAPI document), the same POST
 * with `Prefer: respond-async`, answered `202` with a `Location` to follow
 * until the job is done.
 */
import type { Problem } from '@foresight/core';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: unknown,
    readonly code?: string | undefined,
  ) {
    super(message);
  }
}

export async function api(path: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(
      `Cannot reach the server (${e instanceof Error ? e.message : String(e)}). Is foresight serve still running?`,
      0,
      null,
    );
  }
  if (response.ok) return response;
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  const error = (body as { error?: { message: string; details: unknown; code: string } } | null)?.error;
  throw new ApiError(
    error ? error.message : `The server answered ${response.status} ${response.statusText}`,
    response.status,
    error ? error.details : null,
    error?.code,
  );
}

export const getJson = async <T>(path: string): Promise<T> => (await (await api(path)).json()) as T;

/** What this server offers beyond the routes every version has, read from its OpenAPI document. */
export interface Capabilities {
  readonly jobs: boolean;
  /** `PUT /scenarios/{id}`: a user's own scenarios, which a shared link can name. */
  readonly storeScenarios: boolean;
}

export async function capabilities(): Promise<Capabilities> {
  try {
    const doc = await getJson<{ paths?: Record<string, Record<string, unknown>> }>('/openapi.json');
    const paths = doc.paths ?? {};
    return {
      jobs: paths['/jobs/{id}'] !== undefined,
      storeScenarios: paths['/scenarios/{id}']?.['put'] !== undefined,
    };
  } catch {
    return { jobs: false, storeScenarios: false };
  }
}

let offered: Capabilities = { jobs: false, storeScenarios: false };
export const setCapabilities = (c: Capabilities): void => {
  offered = c;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A POST analysis (`/runs`, `/compare`, `/sensitivity`, `/check`) on the
 * server: its result document, with progress where the server reports it.
 */
export async function analysis<T>(
  path: string,
  body: unknown,
  onProgress?: (done: number, total: number) => void,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (offered.jobs) headers['prefer'] = 'respond-async';
  const response = await api(path, { method: 'POST', headers, body: JSON.stringify(body) });
  const location = response.headers.get('location');
  if (response.status !== 202 || location === null) return (await response.json()) as T;
  // A job: follow it until it is done, then fetch its result.
  for (;;) {
    const job = await getJson<{ state?: string; status?: string; progress?: { done?: number; total?: number } }>(
      location,
    );
    const state = job.state ?? job.status;
    const { done, total } = job.progress ?? {};
    if (onProgress && done !== undefined && total !== undefined) onProgress(done, total);
    if (state === 'done' || state === 'completed' || state === 'succeeded') break;
    if (state === 'failed' || state === 'cancelled' || state === 'canceled') {
      await api(`${location}/result`);
      throw new ApiError(`The job ${state}`, 500, null);
    }
    await sleep(400);
  }
  return (await (await api(`${location}/result`)).json()) as T;
}

/** A problem of a scenario as the CLI prints it. */
export function formatProblem(p: Problem): string {
  const where = p.path.length
    ? ` (at ${p.path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')})`
    : '';
  return `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}${where}`;
}

const HEADLINES: Record<string, string> = {
  limit: 'It is over a limit of the server.',
  'invalid-scenario': 'The scenario has problems.',
  'invalid-request': 'The server cannot carry out this request.',
};

/** An error for people: a headline and the lines under it. */
export function describeError(error: unknown): { headline: string; lines: string[] } {
  if (!(error instanceof ApiError))
    return { headline: error instanceof Error ? error.message : String(error), lines: [] };
  const details = Array.isArray(error.details) ? (error.details as Record<string, unknown>[]) : [];
  const problems = details.filter((d) => d && typeof d['line'] === 'number') as unknown as Problem[];
  const headline = error.code !== undefined ? HEADLINES[error.code] : undefined;
  if (problems.length > 0 && headline !== undefined) {
    const where = error.code === 'invalid-scenario';
    return { headline, lines: problems.map((p) => (where ? formatProblem(p) : p.message)) };
  }
  const issues = details.filter((d) => d && Array.isArray(d['path']) && typeof d['line'] !== 'number');
  if (issues.length > 0)
    return {
      headline: 'The request was not understood.',
      lines: issues.map((d) => `${(d['path'] as string[]).join('.')}: ${String(d['message'])}`),
    };
  return { headline: error.message, lines: [] };
}
