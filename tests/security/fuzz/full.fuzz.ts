/**
 * `pnpm fuzz`: at least 100,000 generated documents through the whole chain
 * (FUZZ_DOCUMENTS to change it), then a slice through the command line
 * (FUZZ_CLI_DOCUMENTS). Prints what it ran, how long it took, what the
 * inputs came to and the slowest cases. A finding fails the run with the
 * shrunk input and the seed; a case over 10 s counts as a hang.
 */
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from './cli.js';
import { fuzzServer, runHttpSuite } from './http.js';
import { loadCorpus } from './corpus.js';
import { corpusResolver, newTally, type Tally } from './drive.js';
import { HTTP_SEED, runCliSuite, runSuite, SUITES } from './suites.js';

const TOTAL = Number(process.env['FUZZ_DOCUMENTS'] ?? 100_000);
const CLI_DOCUMENTS = Number(process.env['FUZZ_CLI_DOCUMENTS'] ?? 2_000);
const HTTP_DOCUMENTS = Number(process.env['FUZZ_HTTP_DOCUMENTS'] ?? 2_000);
const HANG_MS = 10_000;

const corpus = loadCorpus();
const resolve = corpusResolver(corpus);
const weights = SUITES.reduce((n, s) => n + s.weight, 0);

function report(name: string, t: Tally, ms: number): string {
  const outcomes = [...t.outcomes]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const slow = t.slowest
    .map((s) => `    ${s.ms.toFixed(0)} ms  ${s.input.replace(/\s+/g, ' ').slice(0, 160)}`)
    .join('\n');
  return [
    `${name}: ${t.cases} documents in ${(ms / 1000).toFixed(1)} s (${(t.cases / (ms / 1000)).toFixed(0)}/s)`,
    `  outcomes: ${outcomes}`,
    `  runs ${t.runs}, comparisons ${t.comparisons}, checks ${t.checks}, sensitivity analyses ${t.sensitivities}, compiled but over the fuzz budget ${t.overBudget}`,
    `  slowest:\n${slow}`,
  ].join('\n');
}

describe('fuzz', () => {
  const totals = { documents: 0, ms: 0 };
  for (const suite of SUITES) {
    const runs = Math.round((TOTAL * suite.weight) / weights);
    it(`${suite.name}: ${runs} documents, seed ${suite.seed}`, () => {
      const tally = newTally();
      const started = performance.now();
      runSuite(suite, corpus, resolve, runs, tally);
      const ms = performance.now() - started;
      totals.documents += tally.cases;
      totals.ms += ms;
      console.log(report(suite.name, tally, ms));
      expect(tally.slowest[0]?.ms ?? 0).toBeLessThan(HANG_MS);
    });
  }

  it(`the HTTP API on ${HTTP_DOCUMENTS} documents, seed ${HTTP_SEED}`, async () => {
    const app = await fuzzServer();
    try {
      const started = performance.now();
      const statuses = await runHttpSuite(app, corpus, HTTP_DOCUMENTS, HTTP_SEED);
      const ms = performance.now() - started;
      const answers = [...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s} ${n}`)
        .join(', ');
      console.log(
        `HTTP API: ${HTTP_DOCUMENTS} documents, ${[...statuses.values()].reduce((a, b) => a + b, 0)} requests in ${(ms / 1000).toFixed(1)} s; answers ${answers}`,
      );
    } finally {
      await app.close();
    }
  });

  it(`the command line on ${CLI_DOCUMENTS} documents`, async () => {
    const started = performance.now();
    const commands = await runCliSuite(cliWorkspace(), corpus, CLI_DOCUMENTS);
    const ms = performance.now() - started;
    console.log(`command line: ${CLI_DOCUMENTS} documents, ${commands} commands in ${(ms / 1000).toFixed(1)} s`);
    console.log(`total through the library: ${totals.documents} documents in ${(totals.ms / 1000).toFixed(1)} s`);
  });
});
