import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from 'foresight';
import { checkAssumptions, checkScenario } from '@foresight/check';
import {
  checkSearchLimits,
  compareModels,
  planSensitivity,
  EXPRESSION_LIMITS,
  inlineSource,
  loadDocument,
  MAX_EXTENDS_DEPTH,
  MODEL_LIMITS,
  parseSource,
  prepareText,
  PROBLEM_LIMITS,
  RUN_LIMITS,
  runModel,
  runText,
  SOURCE_LIMITS,
  type Model,
  type Problem,
  type SourceDocument,
} from '@foresight/core';

/**
 * Every limit, just past it, gives `limit` and names the limit; and the ways
 * around them (an extends chain, many small expressions, per-step draws, a
 * trials override, many alternatives, a huge --runs) meet the same limits.
 */
const head = (time = '{ start: 0, end: 2 }') => `format: 1\nid: l\ntime: ${time}\n`;
const list = <T = string>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

function model(text: string, options: { outputs?: string[] } = {}): Model {
  const m = prepareText(text, 'l.yaml', options);
  if (!m.ok) throw new Error(JSON.stringify(m.error.slice(0, 3)));
  return m.value;
}

function limitIn(problems: readonly Problem[] | undefined, name: string): void {
  expect(problems, 'expected problems').toBeDefined();
  expect(problems!.map((p) => p.code)).toContain('limit');
  expect(problems!.find((p) => p.code === 'limit')!.message).toContain(name);
}

const errorsOf = <T>(r: { ok: true; value: T } | { ok: false; error: Problem[] }) => (r.ok ? undefined : r.error);
const textProblems = (text: string, file = 'l.yaml') => errorsOf(runText(text, file, { trials: 1 }));

/** A limit, the value documented for it, and an input one past it. */
type Row = readonly [name: string, value: number, over: () => readonly Problem[] | undefined];

const rows: Row[] = [
  ['maxBytes', SOURCE_LIMITS.maxBytes, () => errorsOf(parseSource(' '.repeat(SOURCE_LIMITS.maxBytes + 1), 'l.yaml'))],
  ['maxBytes', SOURCE_LIMITS.maxBytes, () => errorsOf(inlineSource({ title: 'x'.repeat(SOURCE_LIMITS.maxBytes) }))],
  [
    'maxAliases',
    SOURCE_LIMITS.maxAliases,
    () => textProblems(`a: &a [1]\nb: [${list(SOURCE_LIMITS.maxAliases + 1, () => '*a').join(', ')}]\n`),
  ],
  [
    'maxDepth',
    SOURCE_LIMITS.maxDepth,
    () => textProblems(`${'['.repeat(SOURCE_LIMITS.maxDepth + 1)}${']'.repeat(SOURCE_LIMITS.maxDepth + 1)}`),
  ],
  ['maxNodes', SOURCE_LIMITS.maxNodes, () => errorsOf(inlineSource({ a: Array(SOURCE_LIMITS.maxNodes).fill(0) }))],
  [
    'maxLength',
    EXPRESSION_LIMITS.maxLength,
    () => textProblems(`${head()}variables: { v: "${'1'.repeat(EXPRESSION_LIMITS.maxLength + 1)}" }\n`),
  ],
  [
    'maxDepth',
    EXPRESSION_LIMITS.maxDepth,
    () => textProblems(`${head()}variables: { v: "${'-'.repeat(EXPRESSION_LIMITS.maxDepth + 1)}1" }\n`),
  ],
  [
    'maxTreeDepth',
    EXPRESSION_LIMITS.maxTreeDepth,
    () => textProblems(`${head()}variables: { v: "${'1+'.repeat(EXPRESSION_LIMITS.maxTreeDepth)}1" }\n`),
  ],
  ['maxSteps', MODEL_LIMITS.maxSteps, () => textProblems(head(`{ start: 0, end: ${MODEL_LIMITS.maxSteps + 1} }`))],
  [
    'maxReportTimes',
    MODEL_LIMITS.maxReportTimes,
    () => textProblems(head(`{ start: 0, end: ${MODEL_LIMITS.maxReportTimes}, dt: 0.5, report: 0.5 }`)),
  ],
  [
    'maxSymbols',
    MODEL_LIMITS.maxSymbols,
    () => textProblems(`${head()}parameters:\n${list(MODEL_LIMITS.maxSymbols, (i) => `  p${i}: 1`).join('\n')}\n`),
  ],
  [
    'maxSeriesPoints',
    MODEL_LIMITS.maxSeriesPoints,
    () =>
      textProblems(
        `${head()}series: { s: { points: { ${list(MODEL_LIMITS.maxSeriesPoints + 1, (i) => `${i}: 1`).join(', ')} } } }\n`,
      ),
  ],
  [
    'maxLookupPoints',
    MODEL_LIMITS.maxLookupPoints,
    () =>
      textProblems(
        `${head()}lookups: { f: { points: [${list(MODEL_LIMITS.maxLookupPoints + 1, (i) => `[${i}, 1]`).join(', ')}] } }\n`,
      ),
  ],
  [
    'maxDiscreteValues',
    MODEL_LIMITS.maxDiscreteValues,
    () =>
      textProblems(
        `${head()}parameters: { d: { dist: discrete, values: [${list(MODEL_LIMITS.maxDiscreteValues + 1, String).join(', ')}] } }\n`,
      ),
  ],
  [
    'maxQuantiles',
    MODEL_LIMITS.maxQuantiles,
    () =>
      textProblems(
        `${head()}quantiles: [${list(MODEL_LIMITS.maxQuantiles + 1, (i) => String((i + 1) / 100)).join(', ')}]\n`,
      ),
  ],
  [
    'maxOutputs',
    MODEL_LIMITS.maxOutputs,
    () =>
      textProblems(
        `${head()}variables: { v: "1" }\noutputs: [${list(MODEL_LIMITS.maxOutputs + 1, () => 'v').join(', ')}]\n`,
      ),
  ],
  [
    'maxShockEvents',
    MODEL_LIMITS.maxShockEvents,
    () => textProblems(`${head()}shocks: { s: { rate: ${MODEL_LIMITS.maxShockEvents} } }\n`),
  ],
  [
    'maxShockEvents',
    MODEL_LIMITS.maxShockEvents,
    () =>
      textProblems(
        `${head()}shocks: { s: { at: [${list(MODEL_LIMITS.maxShockEvents + 1, (i) => String(i / 1e4)).join(', ')}] } }\n`,
      ),
  ],
  [
    'maxTargets',
    MODEL_LIMITS.maxTargets,
    () =>
      textProblems(
        `${head()}variables: { v: "1" }\ntargets:\n${list(MODEL_LIMITS.maxTargets + 1, () => '  - { variable: v, time: 1, value: 1 }').join('\n')}\n`,
      ),
  ],
  [
    'maxAssumptions',
    MODEL_LIMITS.maxAssumptions,
    () =>
      textProblems(
        `${head()}variables: { v: "1" }\nassumptions:\n${list(MODEL_LIMITS.maxAssumptions + 1, (i) => `  - { name: a${i}, holds: "v > 0" }`).join('\n')}\n`,
      ),
  ],
  [
    'maxTrials',
    RUN_LIMITS.maxTrials,
    () => errorsOf(runModel(model(`${head()}variables: { v: "1" }\n`), { trials: RUN_LIMITS.maxTrials + 1 })),
  ],
  // Exact quantiles hold every recorded value; past SKETCH_THRESHOLD an `auto` run streams instead.
  [
    'maxStoredValues',
    RUN_LIMITS.maxStoredValues,
    () =>
      errorsOf(
        runModel(model(`${head('{ start: 0, end: 99 }')}variables:\n${list(30, (i) => `  v${i}: "1"`).join('\n')}\n`), {
          trials: Math.floor(RUN_LIMITS.maxStoredValues / 3000) + 1,
          quantileMethod: 'exact',
        }),
      ),
  ],
  [
    'maxOperations',
    RUN_LIMITS.maxOperations,
    () =>
      errorsOf(
        runModel(
          model(
            `${head('{ start: 0, end: 1000, report: 100 }')}variables:\n${list(20, (i) => `  v${i}: "sin(t) * ${i}"`).join('\n')}\noutputs: [v0]\n`,
          ),
          { trials: 1_000_000 },
        ),
      ),
  ],
  [
    'maxCheckRuns',
    RUN_LIMITS.maxCheckRuns,
    () =>
      checkSearchLimits(
        model(`${head()}variables: { v: "1" }\nassumptions: [{ name: a, holds: "v > 0" }]\n`),
        RUN_LIMITS.maxCheckRuns + 1,
      ),
  ],
  [
    'MAX_EXTENDS_DEPTH',
    MAX_EXTENDS_DEPTH,
    () => errorsOf(loadDocument(chain(MAX_EXTENDS_DEPTH + 2)[0]!, resolver(chain(MAX_EXTENDS_DEPTH + 2)))),
  ],
  [
    'maxProblems',
    PROBLEM_LIMITS.maxProblems,
    () => textProblems(`${head()}${list(PROBLEM_LIMITS.maxProblems + 1, (i) => `k${i}: 1`).join('\n')}\n`),
  ],
];

/** s0 extends s1 extends ... s(n-1). */
function chain(n: number, extra: (i: number) => string = () => ''): SourceDocument[] {
  return list(n, (i) => {
    const parent = i + 1 < n ? `extends: s${i + 1}\n` : '';
    const src = parseSource(`format: 1\nid: s${i}\n${parent}time: { start: 0, end: 2 }\n${extra(i)}`, `s${i}.yaml`);
    if (!src.ok) throw new Error(src.error[0]!.message);
    return src.value;
  });
}

function resolver(docs: readonly SourceDocument[]) {
  return (id: string) => docs[Number(id.slice(1))];
}

describe('every limit, one past it', () => {
  it.each(rows.map(([name, value, over], i) => [name, value, i, over] as const))(
    '%s (%d) [%d]',
    (name, _value, _i, over) => {
      limitIn(over(), name);
    },
  );
});

describe('what a document can do to get around them', () => {
  it('an extends chain adds up its files: each under the size limit, the merged document over it', () => {
    // 99 uses of a 2,600-value list: 257,400 values from 5 kB, under the limit alone.
    const values = (i: number) =>
      `x${i}: &v [${list(2_600, () => '0').join(',')}]\ny${i}: [${list(99, () => '*v').join(', ')}]\n`;
    const docs = chain(4, values);
    expect(docs.every((d) => d !== undefined)).toBe(true);
    limitIn(errorsOf(loadDocument(docs[0]!, resolver(docs))), 'maxNodes');
  });

  it('many small expressions count like a few big ones', () => {
    const m = model(
      `${head()}parameters: { a: 1 }\nvariables:\n${list(1_900, (i) => `  v${i}: "${i === 0 ? 'a' : `v${i - 1} + a`}"`).join('\n')}\noutputs: [v0]\n`,
    );
    expect(runModel(m, { trials: 2 }).ok).toBe(true);
    limitIn(errorsOf(runModel(m, { trials: 2_000_000 })), 'maxOperations');
  });

  it('per-step draws count at every step', () => {
    const m = model(
      `${head('{ start: 0, end: 10000, report: 100 }')}parameters:\n${list(300, (i) => `  p${i}: { dist: normal, mean: 0, sd: 1, per: step }`).join('\n')}\nvariables: { v: "p0" }\n`,
    );
    limitIn(errorsOf(runModel(m, { trials: 1_000 })), 'maxOperations');
  });

  it("a trials override is checked like the document's own trials, in the API and on the command line", async () => {
    const m = model(`${head()}trials: 10\nvariables: { v: "1" }\n`);
    limitIn(errorsOf(runModel(m, { trials: RUN_LIMITS.maxTrials + 1 })), 'maxTrials');
    for (const trials of [0, -1, 1.5, Number.NaN, Infinity])
      limitIn(errorsOf(runModel(m, { trials })), 'trials must be a whole number');
    const dir = mkdtempSync(join(tmpdir(), 'foresight-limits-'));
    writeFileSync(join(dir, 'l.yaml'), `${head()}variables: { v: "1" }\n`);
    let stderr = '';
    const code = await runCli(['run', 'l.yaml', '--trials', String(RUN_LIMITS.maxTrials + 1)], {
      cwd: dir,
      stderrIsTTY: false,
      stdout: () => undefined,
      stderr: (s) => (stderr += s),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^l\.yaml:\d+:\d+ limit .*\(maxTrials\)/);
  });

  it('a comparison counts every scenario it runs, and is refused before any of them runs', () => {
    const m = model(
      `${head('{ start: 0, end: 1000, report: 100 }')}variables:\n${list(5, (i) => `  v${i}: "sin(t) * ${i}"`).join('\n')}\noutputs: [v0]\n`,
    );
    const trials = Math.floor(RUN_LIMITS.maxOperations / m.trialOperations / 3);
    expect(trials).toBeLessThan(RUN_LIMITS.maxTrials);
    const one = compareModels(m, [m], { trials: 2 });
    expect(one.ok).toBe(true);
    limitIn(errorsOf(compareModels(m, [m, m, m, m, m], { trials })), 'maxOperations');
  });

  it('a check counts its runs and its shrinking, in the API and on the command line', async () => {
    const m = model(
      `${head('{ start: 0, end: 1000 }')}variables: { v: "1" }\nassumptions:\n${list(MODEL_LIMITS.maxAssumptions, (i) => `  - { name: a${i}, holds: "v > 0" }`).join('\n')}\n`,
    );
    limitIn(checkSearchLimits(m, RUN_LIMITS.maxCheckRuns), 'maxOperations');
    limitIn(errorsOf(checkScenario(m, { runs: RUN_LIMITS.maxCheckRuns })), 'maxOperations');
    const dir = mkdtempSync(join(tmpdir(), 'foresight-limits-'));
    writeFileSync(join(dir, 'c.yaml'), `${head()}variables: { v: "1" }\nassumptions: [{ name: a, holds: "v > 0" }]\n`);
    let stderr = '';
    const code = await runCli(['check', 'c.yaml', '--runs', '1000000000'], {
      cwd: dir,
      stderrIsTTY: false,
      stdout: () => undefined,
      stderr: (s) => (stderr += s),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('(maxCheckRuns)');
  });

  it('a sensitivity analysis counts its runs and its bootstrap, in the API and on the command line', async () => {
    const m = model(
      `${head('{ start: 0, end: 10 }')}parameters:\n${list(8, (i) => `  p${i}: { dist: uniform, min: 0, max: 1 }`).join('\n')}\nvariables: { v: "p0 + p7" }\n`,
    );
    expect(planSensitivity(m, { output: 'v', method: 'sobol', samples: 1_000 }).ok).toBe(true);
    // 100,000 x 10 runs pass maxTrials; their 100,000 resamples do not pass maxOperations.
    limitIn(
      errorsOf(planSensitivity(m, { output: 'v', method: 'sobol', samples: 100_000, resamples: 100_000 })),
      'maxOperations',
    );
    const dir = mkdtempSync(join(tmpdir(), 'foresight-limits-'));
    writeFileSync(
      join(dir, 's.yaml'),
      `${head()}parameters: { a: { dist: uniform, min: 0, max: 1 } }\nvariables: { v: "a" }\n`,
    );
    let stderr = '';
    const args = [
      'sensitivity',
      's.yaml',
      '--output',
      'v',
      '--method',
      'sobol',
      '--samples',
      '1000000',
      '--resamples',
      '100000',
    ];
    const code = await runCli(args, {
      cwd: dir,
      stderrIsTTY: false,
      stdout: () => undefined,
      stderr: (x) => (stderr += x),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('(maxOperations)');
  });

  it('shrinking stops at maxCheckShrinks steps, however long the per-step sequences are', () => {
    const m = model(
      `${head('{ start: 0, end: 100, dt: 0.5 }')}parameters:\n${list(10, (i) => `  p${i}: { dist: normal, mean: 0, sd: 1, per: step }`).join('\n')}\nvariables: { v: "p0 + p9" }\nassumptions: [{ name: small, holds: "v < 1" }]\n`,
    );
    expect(checkSearchLimits(m, 20)).toEqual([]);
    const report = checkAssumptions(m, { runs: 20, seed: 1 });
    expect(report.assumptions[0]!.status).toBe('violated');
    expect(report.assumptions[0]!.shrinks).toBeLessThanOrEqual(RUN_LIMITS.maxCheckShrinks);
  });

  it("outputs asked for by option meet the same limit as the document's", () => {
    const m = prepareText(`${head()}variables: { v: "1" }\n`, 'l.yaml', {
      outputs: list(MODEL_LIMITS.maxOutputs + 1, () => 'v'),
    });
    limitIn(errorsOf(m), 'maxOutputs');
  });

  it('a message cut at maxMessage characters, a problem list cut at maxProblems', () => {
    const ps = textProblems(`${head()}variables: { v: "${'q'.repeat(5_000)}" }\n`)!;
    expect(ps[0]!.message.length).toBe(PROBLEM_LIMITS.maxMessage + 3);
    const many = textProblems(`${head()}${list(500, (i) => `k${i}: 1`).join('\n')}\n`)!;
    expect(many).toHaveLength(PROBLEM_LIMITS.maxProblems);
  });
});

describe('an outputs list from the API', () => {
  it('is refused by its length before any of its ids is looked at', () => {
    const ids = list(1_000_000, (i) => `nope${i}`);
    const r = prepareText(`${head()}variables: { v: "1" }\n`, 'l.yaml', { outputs: ids });
    expect(errorsOf(r)).toEqual([
      expect.objectContaining({ code: 'limit', message: expect.stringContaining('(maxOutputs)') }),
    ]);
  });
});
