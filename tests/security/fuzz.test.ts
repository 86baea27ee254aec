import { describe, expect, it } from 'vitest';
import { cliWorkspace } from './fuzz/cli.js';
import { fuzzServer, runHttpSuite } from './fuzz/http.js';
import { loadCorpus } from './fuzz/corpus.js';
import { corpusResolver, newTally } from './fuzz/drive.js';
import { HTTP_SEED, runCliSuite, runSuite, SUITES } from './fuzz/suites.js';

/**
 * A slice of the fuzz suites (`pnpm fuzz` runs 100,000 documents): the same
 * generators, seeds and oracle, a few hundred documents each.
 */
const SLICE = 150;
const corpus = loadCorpus();
const resolve = corpusResolver(corpus);

describe('fuzz slice', () => {
  for (const suite of SUITES) {
    it(`${suite.name} (seed ${suite.seed})`, () => {
      const tally = newTally();
      runSuite(suite, corpus, resolve, SLICE, tally);
      expect(tally.cases).toBeGreaterThan(0);
    });
  }

  it('the HTTP API in process', async () => {
    const app = await fuzzServer();
    try {
      const statuses = await runHttpSuite(app, corpus, 10, HTTP_SEED);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('the command line in process', async () => {
    expect(await runCliSuite(cliWorkspace(), corpus, 6)).toBeGreaterThan(0);
  });
});
