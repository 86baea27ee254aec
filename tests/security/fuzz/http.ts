/**
 * The HTTP API, in process (fastify's inject), on generated documents: every
 * answer is below 500, JSON, and either a result whose numbers are all finite
 * or an error envelope whose code is in the API's registry. Work is kept
 * small by the server's own limits, set low here.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from 'yaml';
import { SENSITIVITY_NULLABLE_FIELDS } from '@foresight/core';
import { build } from '@foresight/server';
import { API_ERRORS } from '@foresight/server';
import type { CorpusEntry } from './corpus.js';
import { expressionDocument, hostileValue, mutatedScenario, parameterDocument, type Input } from './documents.js';
import { assertFiniteDocument, Finding } from './oracle.js';

type App = Awaited<ReturnType<typeof build>>;

const root = fileURLToPath(new URL('../../../', import.meta.url));
const NULLABLE = new Set(['actual', 'relative_p50', 'values', 'output_lo', 'output_hi']);
/** Fields the learning documents' schemas declare nullable: an open side of a box, a figure with no draws to give it. */
const LEARN_NULLABLE: Readonly<Record<string, ReadonlySet<string>>> = {
  '/explore': new Set(['min', 'max', 'stability']),
  '/calibrate': new Set(['prior_p50', 'posterior_p50', 'tolerance']),
};

/** Small limits: a generated document may ask for anything, the fuzzer pays only for a little. */
export function fuzzServer(): Promise<App> {
  return build({
    scenarios: 'scenarios',
    cwd: root,
    pool: { workers: 1 },
    cache: { bytes: 0 },
    limits: { trials: 20, work: 200_000, storedValues: 200_000, checkRuns: 5, timeBudgetMs: 20_000 },
  });
}

/** The body each route gets for one generated scenario value (an inline document or an id). */
const routes = (scenario: unknown): [string, unknown][] => [
  ['/validate', { scenario }],
  ['/runs', { scenario, trials: 3 }],
  ['/compare', { base: scenario, alternatives: ['baseline', scenario], trials: 2 }],
  ['/check', { scenario, runs: 2 }],
  ['/sensitivity', { scenario, output: 'v' }],
  ['/sensitivity', { scenario, output: 's', method: 'sobol', samples: 4, resamples: 10 }],
  ['/calibrate', { scenario, trials: 10, max_runs: 100 }],
  ['/explore', { scenario, where: 's@1 < 1', trials: 20, bootstrap: 2 }],
];

async function judge(app: App, path: string, body: unknown): Promise<number | undefined> {
  let payload: string;
  try {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  } catch {
    return undefined; // a value JSON cannot carry (a YAML alias that contains itself) is no request
  }
  const r = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload });
  const where = `POST ${path} ${payload.slice(0, 400)}`;
  if (r.statusCode >= 500) throw new Finding(`status ${r.statusCode}: ${r.body.slice(0, 300)} on ${where}`);
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    throw new Finding(`a body that is not JSON (${r.statusCode}) on ${where}`);
  }
  if (r.statusCode >= 400) {
    const code = (json as { error?: { code?: unknown } }).error?.code;
    if (typeof code !== 'string' || !Object.hasOwn(API_ERRORS, code))
      throw new Finding(`an error outside the API registry: ${r.body.slice(0, 300)} on ${where}`);
    if (/\bat .+:\d+:\d+\)/.test(r.body)) throw new Finding(`a stack trace in an answer: ${r.body.slice(0, 300)}`);
  } else {
    // Sobol indices are null where they are undefined (an output that does not vary).
    assertFiniteDocument(
      json,
      path === '/sensitivity' ? SENSITIVITY_NULLABLE_FIELDS : (LEARN_NULLABLE[path] ?? NULLABLE),
    );
  }
  return r.statusCode;
}

/**
 * The document as an API body carries it: JSON text parsed, YAML text read as
 * the value it stands for (without the YAML library's warnings on stderr, such
 * as a list used as a key: the body gets whatever the library makes of it).
 */
const scenarioOf = (input: Input | undefined): unknown => {
  if (input === undefined) return undefined;
  if (input.kind === 'value') return input.value;
  try {
    return input.file.endsWith('.json')
      ? JSON.parse(input.text)
      : parse(input.text, { maxAliasCount: 100, logLevel: 'error' });
  } catch {
    return input.text; // a string: an id the folder does not have, or garbage
  }
};

/** Generated scenarios (and raw bodies) through every POST route. */
export async function runHttpSuite(
  app: App,
  corpus: readonly CorpusEntry[],
  numRuns: number,
  seed: number,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  const input = fc.oneof(
    { weight: 3, arbitrary: fc.oneof(mutatedScenario(corpus), expressionDocument, parameterDocument).map(scenarioOf) },
    { weight: 1, arbitrary: hostileValue },
  );
  const raw = fc.oneof(
    fc.string({ maxLength: 200, unit: 'binary' }),
    fc.json({ maxDepth: 4 }),
    fc.constantFrom('{"scenario": {"__proto__": {}}}', '{', '[]', 'null', '{"scenario": "baseline", "trials": 1e999}'),
  );
  await fc.assert(
    fc.asyncProperty(input, raw, async (scenario, body) => {
      for (const [path, request] of [...routes(scenario), ['/runs', body] as [string, unknown]]) {
        const status = await judge(app, path, request);
        if (status !== undefined) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
    { seed, numRuns },
  );
  return statuses;
}
