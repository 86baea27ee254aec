/**
 * Hostile documents, one row each: YAML alias bombs, numbers past a double,
 * NaN and infinities, duplicate keys, prototype keys as ids and as map keys
 * at every level, nesting deep enough to overflow a recursive parser, very
 * long lines, control characters and byte-order marks. Each row gives the
 * code of the first problem and, where it matters, its key path and line.
 */
import { SOURCE_LIMITS, type ProblemCode } from '@foresight/core';

export interface HostileDocument {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** undefined: the document must be accepted. */
  readonly code: ProblemCode | undefined;
  readonly path?: readonly (string | number)[];
  readonly line?: number;
}

const head = 'format: 1\nid: h\ntime: { start: 0, end: 2 }\n';
const yaml = (
  name: string,
  body: string,
  code: ProblemCode | undefined,
  path?: (string | number)[],
  line?: number,
): HostileDocument => ({
  name,
  file: 'h.yaml',
  text: head + body,
  code,
  ...(path ? { path } : {}),
  ...(line ? { line } : {}),
});
const json = (
  name: string,
  text: string,
  code: ProblemCode | undefined,
  path?: (string | number)[],
): HostileDocument => ({
  name,
  file: 'h.json',
  text,
  code,
  ...(path ? { path } : {}),
});

/** Billion laughs: nine levels of ten aliases each, 10^9 strings once expanded. */
function laughs(): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++)
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Each prototype key as an id in every section, and as a key inside every kind of map. */
function prototypeRows(): HostileDocument[] {
  const rows: HostileDocument[] = [];
  for (const k of PROTO_KEYS) {
    const id = (section: string, value: string) =>
      yaml(`'${k}' as a ${section} id`, `${section}:\n  ${k}: ${value}\n`, 'schema', [section, k], 5);
    rows.push(
      id('parameters', '1'),
      id('series', '{ points: { 0: 1 } }'),
      id('lookups', '{ points: [[0, 1]] }'),
      id('stocks', '{ initial: 1 }'),
      id('variables', '"1"'),
      id('shocks', '{ at: [1] }'),
      yaml(`'${k}' at the top level`, `${k}: { trials: 5 }\n`, 'schema', [k], 4),
      {
        name: `'${k}' in time`,
        file: 'h.yaml',
        text: `format: 1\nid: h\ntime: { start: 0, end: 2, ${k}: 1 }\n`,
        code: 'schema',
        path: ['time', k],
        line: 3,
      },
      yaml(`'${k}' in a parameter`, `parameters:\n  a: { value: 1, ${k}: 2 }\n`, 'schema', ['parameters', 'a', k], 5),
      yaml(
        `'${k}' in a series' points`,
        `series:\n  s: { points: { ${k}: 1 } }\n`,
        'schema',
        ['series', 's', 'points', k],
        5,
      ),
      yaml(`'${k}' in a stock`, `stocks:\n  s: { initial: 1, ${k}: 2 }\n`, 'schema', ['stocks', 's', k], 5),
      yaml(`'${k}' in a variable`, `variables:\n  v: { expr: "1", ${k}: 2 }\n`, 'schema', ['variables', 'v', k], 5),
      yaml(`'${k}' in a shock`, `shocks:\n  s: { at: [1], ${k}: 2 }\n`, 'schema', ['shocks', 's', k], 5),
      yaml(
        `'${k}' in a target`,
        `variables: { v: "1" }\ntargets:\n  - { variable: v, time: 1, value: 1, ${k}: 2 }\n`,
        'schema',
        ['targets', 0, k],
        6,
      ),
      yaml(
        `'${k}' in an assumption`,
        `variables: { v: "1" }\nassumptions:\n  - { name: x, holds: "v > 0", ${k}: 2 }\n`,
        'schema',
        ['assumptions', 0, k],
        6,
      ),
      yaml(`'${k}' as an output`, `variables: { v: "1" }\noutputs: [${k}]\n`, 'schema', ['outputs', 0], 5),
      yaml(
        `'${k}' as a target variable`,
        `variables: { v: "1" }\ntargets:\n  - { variable: ${k}, time: 1, value: 1 }\n`,
        'schema',
        ['targets', 0, 'variable'],
        6,
      ),
      json(
        `'${k}' as a key in JSON`,
        `{"format": 1, "id": "h", "time": {"start": 0, "end": 2}, "parameters": {"${k}": 1}}`,
        'schema',
        ['parameters', k],
      ),
    );
  }
  return rows;
}

export const HOSTILE_DOCUMENTS: readonly HostileDocument[] = [
  // Alias bombs and self-reference.
  { name: 'billion laughs', file: 'h.yaml', text: laughs(), code: 'limit' },
  yaml(
    'one big list aliased sixty times',
    `x: &v [${Array.from({ length: 20_000 }, (_, i) => i).join(', ')}]\nparameters:\n${Array.from({ length: 60 }, (_, i) => `  p${i}: { dist: discrete, values: *v }`).join('\n')}\n`,
    'limit',
  ),
  yaml('an alias inside its own anchor', 'parameters: &p { a: *p }\n', 'yaml'),
  yaml('a merge key', 'base: &b { a: 1 }\nparameters:\n  <<: *b\n', 'schema'),
  // Numbers past a double, NaN and infinities.
  yaml('1e309 as a parameter value', 'parameters: { a: 1e309 }\n', 'schema', ['parameters', 'a'], 4),
  yaml(
    '-1e309 as a bound',
    'parameters: { a: { dist: uniform, min: -1e309, max: 1 } }\n',
    'schema',
    ['parameters', 'a', 'min'],
    4,
  ),
  yaml('.nan as a parameter value', 'parameters: { a: .nan }\n', 'schema', ['parameters', 'a'], 4),
  {
    name: '.inf as a time',
    file: 'h.yaml',
    text: 'format: 1\nid: h\ntime: { start: 0, end: .inf }\n',
    code: 'schema',
    path: ['time', 'end'],
    line: 3,
  },
  yaml('-.inf as a stock minimum', 'stocks: { s: { initial: 1, min: -.inf } }\n', 'schema', ['stocks', 's', 'min'], 4),
  yaml(
    '.inf as a series value',
    'series: { s: { points: { 0: .inf } } }\n',
    'schema',
    ['series', 's', 'points', '0'],
    4,
  ),
  yaml(
    '1e400 as a series time',
    'series: { s: { points: { 1e400: 1 } } }\n',
    'schema',
    ['series', 's', 'points', 'Infinity'],
    4,
  ),
  yaml('NaN in an expression', 'variables: { v: "NaN" }\n', 'unknown-symbol', ['variables', 'v'], 4),
  yaml('Infinity in an expression', 'variables: { v: "Infinity * 0" }\n', 'unknown-symbol', ['variables', 'v'], 4),
  yaml('1e309 in an expression', 'variables: { v: "1e309 - 1e309" }\n', 'limit', ['variables', 'v'], 4),
  yaml('a 400-digit literal', `variables: { v: "${'9'.repeat(400)}" }\n`, 'limit', ['variables', 'v'], 4),
  yaml('trials past a safe integer', 'trials: 1e300\n', 'schema', ['trials'], 4),
  yaml('a fractional seed', 'seed: 1.5\n', 'schema', ['seed'], 4),
  json('NaN in JSON', '{"format": 1, "id": "h", "time": {"start": 0, "end": NaN}}', 'yaml'),
  json('Infinity in JSON', '{"format": 1, "id": "h", "time": {"start": 0, "end": Infinity}}', 'yaml'),
  json('1e999 in JSON', '{"format": 1, "id": "h", "time": {"start": 0, "end": 1e999}}', 'schema', ['time', 'end']),
  // Duplicate keys.
  yaml('a duplicate id', 'parameters:\n  a: 1\n  a: 2\n', 'yaml', [], 6),
  yaml('a number and a string that are one key', 'series: { s: { points: { 2024: 1, "2024": 2 } } }\n', 'yaml', [], 4),
  yaml(
    'two spellings of one time',
    'series: { s: { points: { "1": 1, "1.0": 2 } } }\n',
    'schema',
    ['series', 's', 'points', '1.0'],
    4,
  ),
  json('a duplicate key in JSON', '{"format": 1, "id": "h", "id": "i", "time": {"start": 0, "end": 2}}', 'yaml'),
  // Prototype keys.
  ...prototypeRows(),
  // Nesting.
  {
    name: 'flow lists nested 100,000 deep',
    file: 'h.yaml',
    text: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    code: 'limit',
    line: 1,
  },
  {
    name: 'JSON nested 100,000 deep',
    file: 'h.json',
    text: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    code: 'limit',
    line: 1,
  },
  {
    name: 'flow maps nested 10,000 deep',
    file: 'h.yaml',
    text: `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`,
    code: 'limit',
    line: 1,
  },
  {
    name: 'block sequences nested 100,000 deep',
    file: 'h.yaml',
    text: `${'- '.repeat(100_000)}1\n`,
    code: 'limit',
    line: 1,
  },
  {
    name: 'block maps nested 1,000 deep',
    file: 'h.yaml',
    text: Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    code: 'limit',
  },
  yaml(
    'aliases that nest past the limit',
    `a: &a ${'['.repeat(20)}1${']'.repeat(20)}\nb: ${'['.repeat(20)}*a${']'.repeat(20)}\n`,
    'limit',
  ),
  // Size and long lines.
  {
    name: 'a document over the size limit',
    file: 'h.yaml',
    text: `${head}description: "${'x'.repeat(SOURCE_LIMITS.maxBytes)}"\n`,
    code: 'limit',
    line: 1,
  },
  yaml('a 1.9 MB line of text', `description: "${'x'.repeat(1_900_000)}"\n`, undefined),
  yaml('a 1 MB expression', `variables: { v: "${'1+'.repeat(500_000)}1" }\n`, 'limit', ['variables', 'v'], 4),
  yaml('a 1 MB id', `parameters: { ${'a'.repeat(1_000_000)}: 1 }\n`, undefined),
  // Control characters, byte-order marks, line separators.
  yaml('ESC raw in a title', 'title: "\u001b[2J"\n', 'yaml', [], 4),
  yaml('NUL raw in a title', 'title: a\u0000b\n', 'yaml', [], 4),
  yaml('ESC escaped in a title', 'title: "\\e[2J"\n', 'schema', ['title'], 4),
  yaml('BEL escaped in a key', 'parameters: { "a\\a": 1 }\n', 'schema', ['parameters', 'a\u0007'], 4),
  yaml(
    'C1 control escaped in a unit',
    'parameters: { a: { value: 1, unit: "\\x9b" } }\n',
    'schema',
    ['parameters', 'a', 'unit'],
    4,
  ),
  json(
    'NUL escaped in JSON',
    '{"format": 1, "id": "h", "time": {"start": 0, "end": 2}, "title": "\\u0000"}',
    'schema',
    ['title'],
  ),
  { name: 'a byte-order mark before YAML', file: 'h.yaml', text: `\uFEFF${head}`, code: undefined },
  {
    name: 'a byte-order mark before JSON',
    file: 'h.json',
    text: '\uFEFF{"format": 1, "id": "h", "time": {"start": 0, "end": 2}}',
    code: undefined,
  },
  { name: 'a byte-order mark inside a value', file: 'h.yaml', text: `${head}title: "a\uFEFFb"\n`, code: undefined },
  yaml('a line separator in an expression', 'variables: { v: "1 +\u2028 2" }\n', 'syntax', ['variables', 'v'], 4),
  yaml('CRLF line ends', 'variables:\r\n  v: "1"\r\n', undefined),
  // Structure the format never has.
  yaml('a second document', '---\nformat: 1\n', 'yaml', [], 4),
  yaml('a complex key', '? [a, b]\n: 1\n', 'yaml', [], 4),
  yaml('an unknown tag', 'title: !js/function "function () {}"\n', 'yaml', [], 4),
  yaml('a tag of the wrong kind', 'parameters: !!seq { a: 1 }\n', 'yaml', [], 4),
  yaml('a binary scalar', 'title: !!binary aGVsbG8=\n', 'schema', ['title'], 4),
];
