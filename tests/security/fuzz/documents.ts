/**
 * Generated documents: arbitrary JSON and YAML text, real scenarios with
 * their keys, values, types and expressions mutated, and small scenarios
 * carrying a generated expression wherever the format takes one.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { CorpusEntry } from './corpus.js';
import { expressionExtreme, expressionSoup, expressionText } from './expressions.js';

export type Form = 'yaml' | 'json' | 'value';

/** One generated input: text with a file name (its extension picks the parser), or a value as an API body. */
export type Input =
  | { readonly kind: 'text'; readonly file: string; readonly text: string }
  | { readonly kind: 'value'; readonly value: unknown };

const anyExpression = fc.oneof(
  { weight: 8, arbitrary: expressionText },
  { weight: 2, arbitrary: expressionSoup },
  { weight: 1, arbitrary: expressionExtreme },
);

export const hostileNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    2,
    10,
    1e5,
    1e6,
    1e308,
    -1e308,
    5e-324,
    2 ** 53,
    2 ** 53 + 2,
    1e21,
    1e-7,
    1e300,
    -1e300,
    99_999.5,
  ),
  fc.constantFrom(Number.NaN, Infinity, -Infinity),
  fc.double(),
  fc.integer(),
);

export const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'baseline',
    'normal',
    'step',
    'trial',
    'linear',
    'NaN',
    '.nan',
    '.inf',
    '1e309',
    '-0',
    '0x10',
    '\u001b[2J',
    'a\u0000b',
    '\uFEFF',
    '\u202Eabc',
    'α',
    'x'.repeat(12_000),
    '*alias',
    '&anchor',
  ),
  anyExpression,
  fc.string({ maxLength: 20, unit: 'binary' }),
);

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '',
  ' ',
  'Id',
  'ID',
  'idd',
  'inflw',
  'expr',
  'value',
  'dist',
  'per',
  'points',
  'at',
  'rate',
  'max_events',
  'half_life',
  'extends',
  'format',
  'time',
  'trials',
  'seed',
  'outputs',
  'quantiles',
  'targets',
  'assumptions',
  'holds',
  'monotone',
  '2024',
  '1e400',
  '-1e400',
  '2024.0',
  'α',
  'a\u200Bb',
  't',
  'dt',
  'sin',
  'pi',
  'e',
  'x'.repeat(300),
] as const;

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileNumber },
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.array(hostileNumber, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), hostileNumber, { maxKeys: 3 }) },
);

type Json = unknown;
type Path = (string | number)[];

/** Every path in a value, container paths included (the root is []). */
function paths(root: Json): Path[] {
  const out: Path[] = [];
  const stack: [Json, Path][] = [[root, []]];
  while (stack.length > 0) {
    const [v, p] = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((c, i) => stack.push([c, [...p, i]]));
    else if (typeof v === 'object' && v !== null)
      for (const k of Object.keys(v)) stack.push([(v as Record<string, Json>)[k], [...p, k]]);
  }
  return out;
}

function get(root: Json, path: Path): Json {
  let v = root;
  for (const seg of path) v = (v as Record<string | number, Json>)[seg];
  return v;
}

/** Own assignment, so that a `__proto__` key is a key and not the prototype. */
function put(target: Json, key: string | number, value: Json): void {
  if (Array.isArray(target) && typeof key === 'number') target[key] = value;
  else if (typeof target === 'object' && target !== null)
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation =
  | { op: 'set'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'rename'; at: number; key: string }
  | { op: 'wrap'; at: number }
  | { op: 'retype'; at: number }
  | { op: 'copy'; at: number; to: number; key: string }
  | { op: 'deepen'; at: number; levels: number }
  | { op: 'expression'; at: number; text: string }
  | { op: 'top'; key: string; value: Json };

const at = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), at, value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('rename' as const),
      at,
      key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retype' as const), at }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('copy' as const),
      at,
      to: at,
      key: fc.constantFrom(...KEYS, 'z', 'copy_1'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('deepen' as const), at, levels: fc.integer({ min: 1, max: 40 }) }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('expression' as const), at, text: anyExpression }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('top' as const),
      key: fc.constantFrom('trials', 'seed', 'time', 'extends', 'outputs', 'quantiles', 'format', 'id', '__proto__'),
      value: fc.oneof(
        hostileValue,
        fc.constantFrom('baseline', 'policy-push', 'teacup', 'missing'),
        fc.record({ start: hostileNumber, end: hostileNumber, dt: hostileNumber }),
      ),
    }),
  },
);

/** Apply mutations to a copy; paths are picked by index among the paths of the document as it is at that moment. */
export function mutate(doc: Json, mutations: readonly Mutation[]): Json {
  let root: Json = structuredClone(doc);
  for (const m of mutations) {
    if (m.op === 'top') {
      if (typeof root === 'object' && root !== null && !Array.isArray(root)) put(root, m.key, structuredClone(m.value));
      continue;
    }
    const all = paths(root);
    const path = all[m.at % all.length]!;
    const parentPath = path.slice(0, -1);
    const key = path[path.length - 1];
    const parent = key === undefined ? undefined : get(root, parentPath);
    const here = get(root, path);
    const replace = (value: Json) => {
      if (key === undefined) root = value;
      else put(parent, key, value);
    };
    switch (m.op) {
      case 'set':
        // A copy: fast-check may hand the same object to two mutations, and the second could land inside the first.
        replace(structuredClone(m.value));
        break;
      case 'expression':
        replace(
          typeof here === 'object' && here !== null && !Array.isArray(here)
            ? { ...(here as object), expr: m.text }
            : m.text,
        );
        break;
      case 'delete':
        if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
        else if (parent && typeof parent === 'object' && key !== undefined)
          delete (parent as Record<string, Json>)[key];
        break;
      case 'rename':
        if (parent && typeof parent === 'object' && !Array.isArray(parent) && typeof key === 'string') {
          delete (parent as Record<string, Json>)[key];
          put(parent, m.key, here);
        }
        break;
      case 'wrap':
        replace([here]);
        break;
      case 'retype':
        replace(
          typeof here === 'number'
            ? String(here)
            : typeof here === 'string'
              ? Number(here)
              : Array.isArray(here)
                ? Object.fromEntries(here.map((v, i) => [String(i), v]))
                : here === null
                  ? 0
                  : typeof here === 'object'
                    ? Object.values(here)
                    : null,
        );
        break;
      case 'copy': {
        const target = get(root, all[m.to % all.length]!);
        if (target && typeof target === 'object' && !Array.isArray(target)) put(target, m.key, structuredClone(here));
        break;
      }
      case 'deepen': {
        let v = here;
        for (let i = 0; i < m.levels; i++) v = i % 2 ? [v] : { k: v };
        replace(v);
        break;
      }
    }
  }
  return root;
}

/** YAML, JSON (strict, pretty) or the value itself as an API body. */
export function render(value: Json, form: Form, name: string): Input | undefined {
  try {
    if (form === 'value') return { kind: 'value', value };
    if (form === 'json') {
      const text = JSON.stringify(value, null, 1);
      return text === undefined ? undefined : { kind: 'text', file: `${name}.json`, text };
    }
    return {
      kind: 'text',
      file: `${name}.yaml`,
      text: stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 }),
    };
  } catch {
    return undefined; // a value the printer cannot print is not an input
  }
}

const form = fc.constantFrom<Form>('yaml', 'yaml', 'json', 'value');

export function mutatedScenario(corpus: readonly CorpusEntry[]): fc.Arbitrary<Input | undefined> {
  return fc
    .record({
      entry: fc.nat({ max: corpus.length - 1 }),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }),
      form,
    })
    .map(({ entry, mutations, form: f }) => render(mutate(corpus[entry]!.value, mutations), f, 'mutated'));
}

/** The corpus text itself, with bytes inserted, removed or replaced: the YAML parser's error paths. */
export function mutatedText(corpus: readonly CorpusEntry[]): fc.Arbitrary<Input> {
  const chunk = fc.oneof(
    fc.constantFrom(
      ':',
      ': ',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ',',
      '"',
      "'",
      '&a ',
      '*a',
      '!!str ',
      '!!binary ',
      '|',
      '>',
      '? ',
      '#',
      '\n',
      '\n  ',
      '\t',
      '---\n',
      '...\n',
      '%YAML 1.1\n',
      '<<: *a\n',
      '\uFEFF',
      '\u0000',
      '\u001b',
      '\u0085',
      '\u2028',
      '\r',
      'a: 1\na: 2\n',
      '  ',
      '"\\u0000"',
      '"\\x1b"',
    ),
    fc.string({ maxLength: 6, unit: 'binary' }),
  );
  const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), insert: chunk });
  return fc
    .record({
      entry: fc.nat({ max: corpus.length - 1 }),
      edits: fc.array(edit, { minLength: 1, maxLength: 6 }),
      json: fc.boolean(),
    })
    .map(({ entry, edits, json }) => {
      const e = corpus[entry]!;
      let text = json ? JSON.stringify(e.value, null, 2) : e.text;
      for (const ed of edits) {
        const i = ed.at % (text.length + 1);
        text = text.slice(0, i) + ed.insert + text.slice(i + ed.cut);
      }
      return {
        kind: 'text',
        file: json ? `${e.name.replace(/\W/g, '_')}.json` : `${e.name.replace(/\W/g, '_')}.yaml`,
        text,
      } as const;
    });
}

const YAML_TOKENS = [
  'a',
  'b',
  'format',
  'id',
  'time',
  'start',
  'end',
  '1',
  '-1',
  '1e309',
  '.nan',
  '.inf',
  '-.inf',
  '0x1F',
  '0o7',
  'null',
  '~',
  'true',
  ':',
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '"x"',
  "'x'",
  '"\\u001b"',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '!!map ',
  '!!seq ',
  '!!str ',
  '!!int ',
  '!!float ',
  '!!binary ',
  '!custom ',
  '? ',
  '|',
  '|-',
  '>',
  '# c',
  '\n',
  '\n  ',
  '\n    ',
  '\t',
  '---',
  '...',
  '%YAML 1.2',
  '%TAG ! tag:x:',
  '<<',
  '__proto__',
  'constructor',
  '\uFEFF',
  '\u00A0',
  '\u2028',
  '\r\n',
] as const;

export const arbitraryText: fc.Arbitrary<Input> = fc.oneof(
  { weight: 3, arbitrary: fc.json({ maxDepth: 6 }).map((text): Input => ({ kind: 'text', file: 'any.json', text })) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 6 }).map((text): Input => ({ kind: 'text', file: 'any.yaml', text })) },
  {
    weight: 3,
    arbitrary: fc
      .jsonValue({ maxDepth: 5 })
      .map((v): Input => ({ kind: 'text', file: 'any.yaml', text: stringify(v) })),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((value): Input => ({ kind: 'value', value })) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 200 }), fc.boolean())
      .map(
        ([tokens, json]): Input => ({ kind: 'text', file: json ? 'soup.json' : 'soup.yaml', text: tokens.join('') }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ maxLength: 300, unit: 'binary' })
      .map((text): Input => ({ kind: 'text', file: 'bytes.yaml', text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ maxLength: 300, unit: 'grapheme' })
      .map((text): Input => ({ kind: 'text', file: 'graphemes.json', text })),
  },
);

/** Where a generated expression goes: every place the format takes one. */
const PLACES = ['variable', 'object-variable', 'inflow', 'outflow', 'initial', 'holds', 'several'] as const;

/** A small, valid scenario around one generated expression (or a few), so the whole chain runs when it compiles. */
export const expressionDocument: fc.Arbitrary<Input | undefined> = fc
  .record({ texts: fc.array(anyExpression, { minLength: 1, maxLength: 3 }), place: fc.constantFrom(...PLACES), form })
  .map(({ texts, place, form: f }) => {
    const [first] = texts;
    const doc: Record<string, unknown> = {
      format: 1,
      id: 'expr',
      time: { start: 0, end: 3, dt: 0.5 },
      trials: 4,
      parameters: { a: { dist: 'normal', mean: 1, sd: 0.5 }, b: { dist: 'uniform', min: 0, max: 1, per: 'step' } },
      series: { w: { points: { 0: 1, 3: 2 } } },
      lookups: {
        look: {
          points: [
            [0, 0],
            [1, 1],
          ],
        },
      },
      shocks: { hit: { rate: 0.5, half_life: 1 } },
      stocks: {
        s: {
          initial: place === 'initial' ? first : 1,
          inflow: place === 'inflow' ? first : 's * 0.1',
          outflow: place === 'outflow' ? first : 0,
          min: -1e6,
          max: 1e6,
        },
      },
      variables: {
        v: place === 'variable' ? first : 'a + b',
        o: place === 'object-variable' ? { expr: first, unit: 'u' } : '1',
        ...(place === 'several' ? Object.fromEntries(texts.map((t, i) => [`g${i}`, t])) : {}),
      },
      outputs: ['s', 'v', 'o', 'a', 'w', 'hit'],
      assumptions: [
        { name: 'holds', holds: place === 'holds' ? first : 's > -1e7' },
        { name: 'mono', monotone: { output: 's', at: 3, in: 'a', direction: 'increasing' } },
      ],
    };
    return render(doc, f, 'expr');
  });

const extreme = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    1e-300,
    5e-324,
    1e300,
    -1e300,
    1e308,
    -1e308,
    1.7976931348623157e308,
    700,
    -700,
    1e6,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const distribution = fc.oneof(
  extreme.map((value) => ({ value })),
  fc.tuple(extreme, extreme).map(([x, y]) => ({ dist: 'uniform', min: Math.min(x, y), max: Math.max(x, y) })),
  fc.tuple(extreme, extreme).map(([mean, sd]) => ({ dist: 'normal', mean, sd: Math.abs(sd) || 1 })),
  fc.tuple(extreme, extreme, extreme, extreme).map(([mean, sd, x, y]) => ({
    dist: 'normal',
    mean,
    sd: Math.abs(sd) || 1,
    min: Math.min(x, y),
    max: Math.max(x, y) + 1,
  })),
  fc.tuple(extreme, extreme).map(([x, y]) => ({ dist: 'normal', p5: Math.min(x, y), p95: Math.max(x, y) + 1 })),
  fc.tuple(extreme, extreme).map(([mu, sigma]) => ({ dist: 'lognormal', mu, sigma: Math.abs(sigma) || 1 })),
  fc
    .tuple(extreme, extreme)
    .map(([x, y]) => ({ dist: 'lognormal', p5: Math.abs(Math.min(x, y)) || 1, p95: Math.abs(Math.max(x, y)) * 2 + 2 })),
  fc.tuple(extreme, extreme, extreme, fc.constantFrom('triangular', 'pert')).map(([x, y, z, dist]) => {
    const [min, mode, max] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
    return { dist, min, mode, max: max === min ? max + 1 : max };
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((p) => ({ dist: 'bernoulli', p })),
  fc.array(extreme, { minLength: 1, maxLength: 5 }).chain((values) =>
    fc.array(extreme.map(Math.abs), { minLength: values.length, maxLength: values.length }).map((weights) => ({
      dist: 'discrete',
      values,
      weights: weights.some((w) => w > 0) ? weights : weights.map(() => 1),
    })),
  ),
);

/** Whitelisted formulas only: these documents are meant to compile, so the numbers, not the parser, are what is tested. */
const formula = fc.constantFrom(
  'p0',
  'p0 * p1',
  'p0 / p1',
  'p0 ^ p1',
  'exp(p0)',
  'log(p0)',
  'sqrt(p0 - p1)',
  'p0 - p1',
  'max(p0, p1) * 1e300',
  'mod(p0, p1)',
  'sigmoid(p0)',
  'clamp(p0, p1, 1)',
  'x * p0',
  'x + p1 * dt',
  'look(p0) * x',
  'hit * p0',
  'w * p1',
  'p0 > p1 ? p0 : p1',
  'round(p0)',
  'tan(p0)',
);

/** Small documents with extreme parameter values, run, compared and checked: overflow, NaN and empty ranges. */
export const parameterDocument: fc.Arbitrary<Input | undefined> = fc
  .record({
    p0: distribution,
    p1: distribution,
    perStep: fc.boolean(),
    v: formula,
    flow: formula,
    rate: fc.oneof(fc.constantFrom(0, 0.5, 3), fc.constant('p0')),
    form,
  })
  .map(({ p0, p1, perStep, v, flow, rate, form: f }) =>
    render(
      {
        format: 1,
        id: 'params',
        time: { start: 0, end: 4, dt: 0.5 },
        trials: 4,
        parameters: { p0, p1: perStep && typeof p1 === 'object' ? { ...p1, per: 'step' } : p1 },
        series: { w: { points: { 0: 1e300, 4: -1e300 } } },
        lookups: {
          look: {
            points: [
              [0, 0],
              [1, 1e308],
            ],
          },
        },
        shocks: { hit: { rate, half_life: 0.5 } },
        stocks: { x: { initial: 1, inflow: flow } },
        variables: { v },
        outputs: ['x', 'v', 'p0', 'p1', 'w', 'hit'],
        targets: [{ variable: 'v', time: 2, relative_to: 0, value: 1 }],
        assumptions: [
          { name: 'bounded', holds: 'v < 1e300' },
          { name: 'rises', monotone: { output: 'x', at: 4, in: 'p0', direction: 'increasing' } },
        ],
      },
      f,
      'params',
    ),
  );
