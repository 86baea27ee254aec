import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueWords, prepareValue, ScenarioDocument } from '../../src/index.js';

/** zod's own English messages: none may reach a user. */
const RAW =
  /Invalid (input|option|key|element|discriminator|string|number)|Too (small|big)|Unrecognized key|received \w+$/;

/**
 * One schema and input per kind of issue zod reports. `satisfies` makes the
 * compiler refuse this table when zod gains a kind it does not cover.
 */
const KINDS = {
  invalid_type: [z.number(), 'many', 'expected a number, got the text "many"'],
  too_big: [z.number().max(1), 2, 'must be at most 1'],
  too_small: [z.array(z.number()).min(1), [], 'needs at least one item'],
  invalid_format: [z.string().regex(/^a/), 'b', 'the text "b" is not in the expected form (regex)'],
  not_multiple_of: [z.number().multipleOf(5), 7, 'must be a multiple of 5'],
  unrecognized_keys: [z.strictObject({ a: z.number() }), { a: 1, b: 2 }, 'unknown key "b"'],
  invalid_union: [z.union([z.number(), z.string()]), true, 'expected a number or text, got true'],
  invalid_key: [z.record(z.string().regex(/^a/), z.number()), { b: 1 }, 'the key "b" is not allowed here'],
  invalid_element: [z.map(z.object({}), z.number()), new Map([[{}, 'x']]), 'a value of this map is not allowed here'],
  invalid_value: [
    z.enum(['linear', 'step']),
    'lienar',
    'must be one of "linear", "step", not "lienar"; did you mean \'linear\'?',
  ],
  custom: [z.number().refine((n) => n > 0), -1, 'the number -1 is not allowed here'],
} satisfies Record<z.core.$ZodIssue['code'], readonly [z.ZodType, unknown, string]>;

describe('every kind of zod issue, in words', () => {
  it.each(Object.entries(KINDS))('%s', (kind, [schema, input, words]) => {
    const r = schema.safeParse(input, { error: issueWords });
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.code).toBe(kind);
    expect(issue.message).toBe(words);
    expect(issue.message).not.toMatch(RAW);
  });

  it('names the distributions when dist is misspelt or missing', () => {
    const misspelt = ScenarioDocument.safeParse(
      { format: 1, id: 's', time: { start: 0, end: 1 }, parameters: { g: { dist: 'normall', mean: 1, sd: 1 } } },
      { error: issueWords },
    );
    expect(JSON.stringify(misspelt.error?.issues)).toContain(
      'dist \\"normall\\" is not one of uniform, normal, lognormal, triangular, pert, bernoulli, discrete; did you mean \'normal\'?',
    );
  });
});

/** A valid document to break, one key at a time. */
const VALID = {
  format: 1,
  id: 'broken',
  time: { start: 2020, end: 2030, dt: 0.5, report: 1 },
  trials: 10,
  seed: 3,
  parameters: {
    g: { dist: 'normal', mean: 0.1, sd: 0.02, min: 0 },
    u: { dist: 'uniform', min: 0, max: 1 },
    k: { dist: 'discrete', values: [1, 2], weights: [1, 1] },
  },
  correlations: [{ between: ['g', 'u'], rho: 0.3 }],
  series: { plan: { points: { 2020: 1, 2030: 2 }, interpolate: 'linear' } },
  lookups: {
    curve: {
      points: [
        [0, 0],
        [10, 1],
      ],
    },
  },
  stocks: { w: { initial: 100, inflow: 'w * g', min: 0 } },
  variables: { v: { expr: 'w * plan * curve(t - 2020)', unit: 'x' } },
  shocks: { s: { rate: 0.2, half_life: 2, max_events: 3 } },
  outputs: ['w', 'v'],
  quantiles: [0.1, 0.5, 0.9],
  targets: [{ variable: 'w', time: 2025, value: 150, tolerance: 0.5, stat: 'p50' }],
  assumptions: [
    { name: 'positive', holds: 'w > 0' },
    { name: 'grows', monotone: { output: 'w', at: 2030, in: 'g', direction: 'increasing' } },
  ],
};

/** Every key path of a value, to the leaves. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (typeof v === 'object' && v !== null) return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

const PATHS = paths(VALID).filter((p) => p.length > 0);

function replaced(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe('every problem the scenario schema can report, in words', () => {
  const wrong = fc.constantFrom<unknown>(
    undefined,
    null,
    'text',
    '',
    -1,
    0,
    1.5,
    2,
    Number.POSITIVE_INFINITY,
    true,
    [],
    [1, 2, 3],
    {},
    { extra: 1 },
    'normall',
  );
  test.prop([fc.constantFrom(...PATHS), wrong, fc.option(fc.constantFrom('extra', 'inflw', 'paramters'))], {
    seed: 20,
    numRuns: 400,
  })('a wrong value at any key, or an unknown key beside it', (path, value, key) => {
    let doc = replaced(VALID, path, value);
    if (key !== null) doc = replaced(doc, [...path.slice(0, -1), key], 1);
    const r = prepareValue(doc);
    for (const p of r.ok ? [] : r.error) {
      expect(p.message).not.toMatch(RAW);
      expect(p.message.length).toBeGreaterThan(5);
    }
  });
});
