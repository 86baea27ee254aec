import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { asWrittenSchema, formatProblem, type Problem } from '@foresight/core';
import { importModel } from '@foresight/import';
import { runCli } from 'foresight';
import {
  committedValidator,
  corpus,
  engineProblems,
  plainTemplateLiterals,
  ROOT,
  documentValue,
  type CorpusDocument,
} from './schema-corpus.js';
import { listCases, suiteDir } from './sdx/harness.js';

/*
 * The committed JSON Schema (what editors check files with) against the
 * engine (what `foresight validate` checks): the schema accepts every
 * document the engine accepts, rejects the mistakes a document's shape shows,
 * and leaves to the engine only what docs/editors.md lists.
 */

const schemaAccepts = committedValidator();
const docs = corpus();
const engineAccepts = (d: CorpusDocument) => engineProblems(d.text, d.file, d.siblings).length === 0;
const zodAccepts = (value: unknown) => asWrittenSchema(value).safeParse(value).success;

const work = mkdtempSync(join(tmpdir(), 'foresight-schema-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `foresight validate <file>` in-process, parents looked up in scenarios/. */
async function validate(text: string, name: string): Promise<{ code: number; stderr: string }> {
  const file = join(work, name);
  writeFileSync(file, text);
  let stderr = '';
  const code = await runCli(['validate', file, '--scenarios', join(ROOT, 'scenarios')], {
    cwd: work,
    stderrIsTTY: false,
    stdout: () => {},
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stderr };
}

describe('the corpus', () => {
  it('holds the library, the golden cases, the docs examples and the tests inline documents', () => {
    const count = (prefix: string) => docs.filter((d) => d.where.startsWith(prefix)).length;
    expect(count('scenarios/')).toBe(10);
    expect(count('tests/golden/')).toBeGreaterThanOrEqual(9);
    expect(docs.filter((d) => d.where.includes('.md#')).length).toBeGreaterThanOrEqual(1);
    expect(docs.filter((d) => d.where.includes('#literal')).length).toBeGreaterThan(100);
  });

  it('reads template literals, filling in plain ones they name and skipping any that substitute code', () => {
    // TypeScript source text; `@{` stands for a substitution's opening.
    const source = [
      'const a = `x: 1`;',
      'const b = `@{a}\\ny: 2`;',
      'const c = `@{b} @{`z`}`; // `not code`',
      'const d = "`q`";',
      'f(`@{g()}`);',
    ]
      .join('\n')
      .replaceAll('@{', '$' + '{');
    expect(plainTemplateLiterals(source)).toEqual(['x: 1', 'x: 1\ny: 2', 'z']);
  });
});

describe('documents that must be valid: the library, the golden cases, the docs examples', () => {
  const mustPass = docs.filter((d) => d.expect === 'valid');
  it.each(mustPass.map((d) => [d.where, d] as const))('%s', (_, d) => {
    // A docs example may extend a scenario of the reader's own folder (`extends: teacup`): a parent that
    // is nowhere here is not its mistake, and the file is still checked as written.
    const unresolved = (p: Problem) =>
      d.where.includes('.md#') && p.code === 'extends' && / not found /.test(p.message);
    const problems = engineProblems(d.text, d.file, d.siblings).filter((p) => !unresolved(p));
    expect(problems.map(formatProblem)).toEqual([]);
    expect(schemaAccepts(documentValue(d.text, d.file))).toBe(true);
  });

  it('docs examples marked `# invalid` are refused by the engine', () => {
    for (const d of docs.filter((x) => x.expect === 'invalid')) expect(engineAccepts(d), d.where).toBe(false);
  });
});

describe('every document of the tests', () => {
  it('is accepted by the schema whenever the engine accepts it', () => {
    const wrong = docs.filter((d) => engineAccepts(d) && !schemaAccepts(documentValue(d.text, d.file)));
    expect(wrong.map((d) => d.where)).toEqual([]);
  });

  it('is refused by the zod schema as written whenever the JSON Schema refuses it (one definition)', () => {
    const wrong = docs.filter((d) => {
      const value = documentValue(d.text, d.file);
      return !schemaAccepts(value) && zodAccepts(value);
    });
    expect(wrong.map((d) => d.where)).toEqual([]);
  });
});

const base = `format: 1
id: mistaken
time: { start: 2020, end: 2030 }
parameters:
  growth: { dist: uniform, min: 0.01, max: 0.05 }
stocks:
  w: { initial: 100, inflow: "w * growth" }
`;

/** Mistakes a document's shape shows: name, the document, and the key path `foresight validate` names. */
const MISTAKES: readonly (readonly [string, string, string])[] = [
  ['an unknown top-level key', `${base}paramters: { g: 1 }\n`, 'paramters'],
  ['an unknown key in a parameter', `${base}variables: { v: "w" }\nshocks: { s: { rates: 0.1 } }\n`, 'shocks.s.rates'],
  ['a misspelt distribution', `${base.replace('dist: uniform', 'dist: unifrom')}`, 'parameters.growth.dist'],
  ['a distribution without dist', base.replace('dist: uniform, ', ''), 'parameters.growth.dist'],
  ['a number given as text', `${base}trials: many\n`, 'trials'],
  ['a fractional trial count', `${base}trials: 2.5\n`, 'trials'],
  ['a time given as text', base.replace('start: 2020', 'start: soon'), 'time.start'],
  ['no time', base.replace('time: { start: 2020, end: 2030 }\n', ''), 'time'],
  ['no format', base.replace('format: 1\n', ''), 'format'],
  ['format 2', base.replace('format: 1', 'format: 2'), 'format'],
  ['an id in capitals', base.replace('id: mistaken', 'id: Mistaken'), 'id'],
  ['a parameter id with a dash', `${base}variables: { bad-id: "1" }\n`, 'variables.bad-id'],
  ['a stock without an initial value', base.replace('initial: 100, ', ''), 'stocks.w.initial'],
  ['a series time that is not a number', `${base}series: { s: { points: { soon: 3 } } }\n`, 'series.s.points.soon'],
  ['a lookup point of three numbers', `${base}lookups: { l: { points: [[0, 1, 2]] } }\n`, 'lookups.l.points.0'],
  [
    'an unknown interpolation',
    `${base}series: { s: { points: { 2020: 1 }, interpolate: cubic } }\n`,
    'series.s.interpolate',
  ],
  ['per: trail', base.replace('max: 0.05 }', 'max: 0.05, per: trail }'), 'parameters.growth.per'],
  [
    'a probability above 1',
    `${base}variables: { v: "w" }\n`.replace(
      'growth: { dist: uniform, min: 0.01, max: 0.05 }',
      'growth: { dist: bernoulli, p: 2 }',
    ),
    'parameters.growth.p',
  ],
  ['a quantile of 1.5', `${base}quantiles: [0.5, 1.5]\n`, 'quantiles.1'],
  ['outputs as text, not a list', `${base}outputs: w\n`, 'outputs'],
  ['a target without its value', `${base}targets: [{ variable: w, time: 2025 }]\n`, 'targets.0.value'],
  ['an assumption that states nothing', `${base}assumptions: [{ name: vague }]\n`, 'assumptions.0.holds'],
  [
    'a direction that is neither',
    `${base}assumptions: [{ name: m, monotone: { output: w, at: 2030, in: growth, direction: up } }]\n`,
    'assumptions.0.monotone.direction',
  ],
  ['a negative event count', `${base}shocks: { s: { rate: 0.1, max_events: -1 } }\n`, 'shocks.s.max_events'],
  [
    'a correlation of three',
    `${base}correlations: [{ between: [growth, w, v], rho: 0.5 }]\n`,
    'correlations.0.between',
  ],
  ['no trials at all', `${base}trials: 0\n`, 'trials'],
  ['a variable with a misspelt expr', `${base}variables: { v: { exp: "w" } }\n`, 'variables.v.exp'],
  ['a seed that is a fraction', `${base}seed: 1.5\n`, 'seed'],
  [
    'an override with an unknown key',
    'format: 1\nid: child\nextends: baseline\nparameters:\n  returnee_rate: { meen: 0.3 }\n',
    'parameters.returnee_rate.meen',
  ],
  ['an override of the wrong type', 'format: 1\nid: child\nextends: baseline\ntime: { end: soon }\n', 'time.end'],
  [
    'an override that removes a required key',
    'format: 1\nid: child\nextends: baseline\ntime: { start: null }\n',
    'time.start',
  ],
  ['an extending file without an id', 'format: 1\nextends: baseline\ntrials: 10\n', 'id'],
  [
    'a list where a whole value is due',
    'format: 1\nid: child\nextends: baseline\noutputs: { workforce: true }\n',
    'outputs',
  ],
];

describe('documents with mistakes: refused by the schema and by foresight validate, at the key', () => {
  it.each(MISTAKES)('%s', async (name, text, path) => {
    const value = documentValue(text, 'mistake.yaml');
    expect(schemaAccepts(value)).toBe(false);
    expect(zodAccepts(value)).toBe(false);
    const run = await validate(text, `${name.replace(/\W+/g, '-')}.yaml`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(` schema `);
    expect(run.stderr).toContain(`(at ${path.replace(/\.(\d+)/g, '[$1]')})`);
    // Words, never the validator's own text.
    expect(run.stderr).not.toMatch(/Invalid input|Invalid option|Too (small|big)|expected \w+, received/);
  });
});

/** The table of docs/editors.md: what the schema accepts and only the engine refuses. */
function engineOnlyRows(): { what: string; add: string; code: string }[] {
  const doc = readFileSync(join(ROOT, 'docs/editors.md'), 'utf8');
  const table = doc.slice(doc.indexOf('<!-- engine-only-table -->'), doc.indexOf('<!-- end-engine-only-table -->'));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && l.includes('`'))
    .map((l) => {
      const cells = l.split(' | ').map((c) => c.replace(/^\|?\s*|\s*\|?$/g, ''));
      return { what: cells[0]!, add: cells[1]!.replace(/^`|`$/g, ''), code: cells[2]!.replace(/^`|`$/g, '') };
    });
}

function engineOnlyBase(): Record<string, unknown> {
  const doc = readFileSync(join(ROOT, 'docs/editors.md'), 'utf8');
  const from = doc.indexOf('<!-- engine-only-base -->');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc.slice(from));
  return documentValue(block![1]!, 'base.yaml') as Record<string, unknown>;
}

describe('what only the engine can tell (the table in docs/editors.md)', () => {
  const rows = engineOnlyRows();
  const example = engineOnlyBase();

  it('lists expressions, cycles and unknown symbols among them', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(new Set(rows.map((r) => r.code))).toEqual(
      new Set(['syntax', 'unknown-symbol', 'forbidden', 'cycle', 'schema', 'limit', 'extends']),
    );
  });

  it.each(rows.map((r) => [r.what, r] as const))('%s', async (_, row) => {
    const doc = { ...example, ...(documentValue(row.add, 'row.yaml') as object) };
    expect(schemaAccepts(doc)).toBe(true);
    const run = await validate(stringify(doc), 'engine-only.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(` ${row.code} `);
  });
});

describe('extends: the schema accepts what the merge rules can complete', () => {
  const parameterForms: readonly unknown[] = [
    0.4,
    { value: 0.2 },
    { dist: 'uniform', min: 0.1, max: 0.3 },
    { dist: 'normal', mean: 0.3, sd: 0.02 },
    { dist: 'normal', p5: 0.1, p95: 0.4, min: 0 },
    { dist: 'lognormal', p5: 1, p95: 3 },
    { dist: 'lognormal', mu: 0.1, sigma: 0.2 },
    { dist: 'triangular', min: 0, mode: 0.1, max: 0.3 },
    { dist: 'pert', min: 0, mode: 0.1, max: 0.3, unit: '1/year' },
    { dist: 'bernoulli', p: 0.3 },
    { dist: 'discrete', values: [1, 2], weights: [1, 3] },
  ];
  const keys = ['value', 'dist', 'min', 'max', 'mean', 'sd', 'p5', 'p95', 'mu', 'sigma', 'mode', 'p', 'values', 'unit'];
  // Parents of every form in the library's baseline (a constant, a lognormal, a normal, a pert, a triangular).
  const parents = [
    'workforce_growth_report',
    'decoupling_rate',
    'returnee_rate',
    'stem_retention',
    'decoupling_severity',
  ];
  const override = fc.record({
    id: fc.constantFrom(...parents, 'brand_new'),
    form: fc.constantFrom(...parameterForms),
    keep: fc.subarray(keys),
    nulls: fc.subarray(keys),
    typo: fc.boolean(),
    stock: fc.option(fc.constantFrom({ inflow: '0' }, { min: null }, { initial: 5, unit: 'x' }, { initial: null })),
    shock: fc.option(fc.constantFrom({ rate: 0.5 }, { at: [2030], rate: null }, { half_life: null }, { at: [2030] })),
  });
  let accepted = 0;
  let refused = 0;

  test.prop([override], { seed: 22, numRuns: 150 })(
    'whatever the engine resolves and accepts, the schema accepts; a typo, it refuses',
    ({ id, form, keep, nulls, typo, stock, shock }) => {
      let entry: unknown = form;
      if (typeof form === 'object' && form !== null) {
        const own = form as Record<string, unknown>;
        const picked: Record<string, unknown> = {};
        for (const k of Object.keys(own)) if (keep.includes(k) || k === 'dist') picked[k] = own[k];
        for (const k of nulls) if (!(k in picked)) picked[k] = null;
        if (typo) picked['meen'] = 0.3;
        entry = picked;
      }
      const child: Record<string, unknown> = {
        format: 1,
        id: 'child',
        extends: 'baseline',
        parameters: { [id]: entry },
      };
      if (stock) child['stocks'] = { chip_talent: stock };
      if (shock) child['shocks'] = { decoupling: shock };
      const text = stringify(child);
      const engine = engineProblems(text, 'child.yaml').length === 0;
      const schema = schemaAccepts(documentValue(text, 'child.yaml'));
      if (engine) expect(schema).toBe(true);
      if (typo && typeof form === 'object') expect(schema).toBe(false);
      if (!schema) expect(zodAccepts(documentValue(text, 'child.yaml'))).toBe(false);
      if (engine) accepted++;
      else refused++;
    },
  );

  it('tried overrides the engine accepts and ones it refuses', () => {
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});

/*
 * What `foresight import` writes is a scenario file like any other: it must
 * pass the schema wherever the engine accepts it, and the two hand-written
 * models here must import into valid scenarios. The SDXorg suite adds its
 * models when a copy is found (tests/conformance/sdx/harness.ts).
 */
function modelFiles(): string[] {
  const ours = readdirSync(join(ROOT, 'tests/conformance/models')).map((n) =>
    join(ROOT, 'tests/conformance/models', n),
  );
  const suite = suiteDir();
  return [...ours, ...('dir' in suite ? listCases(suite.dir).map((c) => c.file) : [])];
}

describe('the output of foresight import', () => {
  it('passes the schema, as the document and as the YAML it writes, whenever the engine accepts it', () => {
    const ours = join(ROOT, 'tests/conformance/models');
    let checked = 0;
    const wrong: string[] = [];
    for (const file of modelFiles()) {
      const r = importModel(readFileSync(file, 'utf8'), basename(file));
      if (!r.ok) continue;
      const engine = engineProblems(r.value.yaml, `${basename(file)}.yaml`).length === 0;
      const schema = schemaAccepts(r.value.document) && schemaAccepts(documentValue(r.value.yaml, 'imported.yaml'));
      // The hand-written models must import into valid scenarios; any other, where the engine accepts it.
      if ((file.startsWith(ours) && !engine) || (engine && !schema)) wrong.push(file);
      if (engine) checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});
