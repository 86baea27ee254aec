/**
 * The fuzz suites, shared by the slice in `pnpm test` (tests/security/fuzz.test.ts)
 * and the long run (`pnpm fuzz`, tests/security/fuzz/full.fuzz.ts). Seeds
 * are fixed: a finding reproduces with the seed and the case fast-check prints.
 */
import fc from 'fast-check';
import type { ParentResolver } from '@foresight/core';
import { driveCli, type CliWorkspace } from './cli.js';
import type { CorpusEntry } from './corpus.js';
import {
  arbitraryText,
  expressionDocument,
  mutatedScenario,
  mutatedText,
  parameterDocument,
  type Input,
} from './documents.js';
import { drive, type Tally } from './drive.js';

export interface Suite {
  readonly name: string;
  readonly seed: number;
  /** Share of the documents of a run. */
  readonly weight: number;
  readonly inputs: (corpus: readonly CorpusEntry[]) => fc.Arbitrary<Input | undefined>;
}

export const SUITES: readonly Suite[] = [
  { name: 'arbitrary JSON and YAML text', seed: 901, weight: 30, inputs: () => arbitraryText },
  { name: 'mutated scenario documents', seed: 902, weight: 25, inputs: mutatedScenario },
  { name: 'mutated scenario text', seed: 903, weight: 15, inputs: mutatedText },
  { name: 'expression trees of every node kind', seed: 904, weight: 20, inputs: () => expressionDocument },
  { name: 'extreme parameter values', seed: 906, weight: 10, inputs: () => parameterDocument },
];

/** Run one suite for `numRuns` documents; throws (with the shrunk counterexample) on any finding. */
export function runSuite(
  suite: Suite,
  corpus: readonly CorpusEntry[],
  resolve: ParentResolver,
  numRuns: number,
  tally: Tally,
): void {
  fc.assert(
    fc.property(suite.inputs(corpus), (input) => {
      if (input !== undefined) drive(input, resolve, tally, suite.seed);
    }),
    { seed: suite.seed, numRuns, endOnFailure: false },
  );
}

export const CLI_SEED = 905;
export const HTTP_SEED = 907;

/** Mutated documents through the command line in process (slower: each one is a file and five commands). */
export async function runCliSuite(ws: CliWorkspace, corpus: readonly CorpusEntry[], numRuns: number): Promise<number> {
  let commands = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(mutatedScenario(corpus), mutatedText(corpus), expressionDocument, parameterDocument),
      async (input) => {
        if (input !== undefined) commands += await driveCli(ws, input);
      },
    ),
    { seed: CLI_SEED, numRuns },
  );
  return commands;
}
