import { describe, expect, it } from 'vitest';
import { inlineSource, parseSource, PROBLEM_LIMITS, SOURCE_LIMITS, type Problem } from '../../src/index.js';

const base = 'format: 1\nid: s\ntime: { start: 0, end: 2 }\n';

function problemsOf(text: string, file = 's.yaml'): Problem[] {
  const r = parseSource(text, file);
  expect(r.ok, 'expected the text to be refused').toBe(false);
  return r.ok ? [] : r.error;
}

describe('parseSource on hostile text', () => {
  it('refuses nesting deeper than the limit before the recursive composer sees it', () => {
    // 10,000 levels used to overflow the YAML composer's stack; a second overflow in one
    // process could then abort Node outright (a fatal error in V8's regexp compiler).
    for (const file of ['s.yaml', 's.json']) {
      for (const n of [SOURCE_LIMITS.maxDepth + 1, 10_000]) {
        const ps = problemsOf(`${'['.repeat(n)}${']'.repeat(n)}`, file);
        expect(ps).toEqual([expect.objectContaining({ code: 'limit', line: 1, column: SOURCE_LIMITS.maxDepth + 1 })]);
      }
    }
    expect(problemsOf(`${'{a: '.repeat(5_000)}1${'}'.repeat(5_000)}`)[0]).toMatchObject({ code: 'limit' });
    expect(problemsOf(`${'- '.repeat(50_000)}1`)[0]).toMatchObject({ code: 'limit' });
    const ok = `${'['.repeat(SOURCE_LIMITS.maxDepth)}${']'.repeat(SOURCE_LIMITS.maxDepth)}`;
    expect(parseSource(ok, 's.yaml').ok).toBe(true);
  });

  it('finds duplicate keys in one pass, including keys that differ only before conversion', () => {
    expect(problemsOf(`${base}parameters:\n  a: 1\n  a: 2\n`)).toEqual([
      expect.objectContaining({ code: 'yaml', line: 6, column: 3 }),
    ]);
    // 2024 and "2024" are one JavaScript key: the second would silently replace the first.
    const ps = problemsOf(`${base}series:\n  s: { points: { 2024: 1, "2024": 5, 1e3: 1, 1000: 2 } }\n`);
    expect(ps.map((p) => p.message)).toEqual([
      "map keys must be unique: '2024' is given twice",
      "map keys must be unique: '1000' is given twice",
    ]);
    // Comparing every pair of keys made 100,000 keys (2 MB) take minutes.
    const many = Array.from({ length: 30_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    expect(problemsOf(`${many}\nk29999: 0\n`)).toEqual([expect.objectContaining({ code: 'yaml', line: 30_001 })]);
  });

  it('refuses keys that are not plain values', () => {
    expect(problemsOf(`${base}? [a, b]\n: 1\n`)[0]).toMatchObject({ code: 'yaml', line: 4 });
    expect(problemsOf(`${base}x: &k a\n*k : 1\n`)[0]).toMatchObject({ code: 'yaml', line: 5 });
  });

  it('refuses control characters, raw with their position and escaped at their key path', () => {
    expect(problemsOf(`${base}title: a\u001b[2Jb\n`)).toEqual([
      expect.objectContaining({ code: 'yaml', line: 4, column: 9, message: expect.stringContaining('U+001B') }),
    ]);
    expect(problemsOf(`${base}title: "a\\u0000b"\n`)).toEqual([
      expect.objectContaining({ code: 'schema', path: ['title'], line: 4, column: 8 }),
    ]);
    expect(problemsOf(`${base}parameters: { "a\\x07": 1 }\n`)[0]).toMatchObject({
      code: 'schema',
      path: ['parameters', 'a\u0007'],
    });
    expect(problemsOf('{"format": 1, "title": "\\u009b"}', 's.json')[0]).toMatchObject({
      code: 'schema',
      path: ['title'],
    });
    // Tabs, line breaks and other printable text are fine.
    expect(parseSource(`${base}title: "tab\\there, é, 日本"\ndescription: |\n  two\n  lines\n`, 's.yaml').ok).toBe(
      true,
    );
  });

  it('accepts a byte-order mark in JSON as in YAML', () => {
    const json = '\uFEFF{"format": 1, "id": "s", "time": {"start": 0, "end": 2}}';
    const r = parseSource(json, 's.json');
    expect(r.ok && r.value.value).toEqual({ format: 1, id: 's', time: { start: 0, end: 2 } });
    // Offsets count the mark, as the YAML parser's do.
    expect(problemsOf('\uFEFF{"format": 1,}', 's.json')[0]).toMatchObject({ code: 'yaml', line: 1, column: 15 });
    expect(parseSource(`\uFEFF${base}`, 's.yaml').ok).toBe(true);
  });

  it('refuses __proto__ as a key at every level, where records would silently drop it', () => {
    const at = (text: string) => problemsOf(text).map((p) => [p.code, p.path.join('.'), p.line]);
    expect(at(`${base}__proto__: { trials: 5 }\n`)).toEqual([['schema', '__proto__', 4]]);
    expect(at(`${base}parameters:\n  __proto__: 1\n`)).toEqual([['schema', 'parameters.__proto__', 5]]);
    expect(at(`${base}series: { s: { points: { __proto__: 1 } } }\n`)).toEqual([
      ['schema', 'series.s.points.__proto__', 4],
    ]);
    expect(at(`${base}stocks: { w: { initial: 1, __proto__: { min: 0 } } }\n`)).toEqual([
      ['schema', 'stocks.w.__proto__', 4],
    ]);
    const json = parseSource('{"variables": {"__proto__": "1"}}', 's.json');
    expect(json.ok ? [] : json.error.map((p) => p.path.join('.'))).toEqual(['variables.__proto__']);
  });

  it('refuses an alias that contains itself instead of handing on an infinite value', () => {
    expect(problemsOf(`${base}parameters: &p { a: *p }\n`)).toEqual([
      expect.objectContaining({ code: 'yaml', message: expect.stringContaining('contains it') }),
    ]);
  });

  it('counts aliases each time they are used against the size limit', () => {
    const list = `[${Array.from({ length: 20_000 }, (_, i) => i).join(', ')}]`;
    const uses = Array.from({ length: 60 }, (_, i) => `  p${i}: { dist: discrete, values: *v }`).join('\n');
    expect(problemsOf(`${base}x: &v ${list}\nparameters:\n${uses}\n`)).toEqual([
      expect.objectContaining({
        code: 'limit',
        message: expect.stringContaining(`more than ${SOURCE_LIMITS.maxNodes} values`),
      }),
    ]);
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    expect(problemsOf(`${laughs.join('\n')}\n`)).toEqual([
      expect.objectContaining({ code: 'limit', message: expect.stringContaining('aliases') }),
    ]);
  });

  it('refuses a second document', () => {
    expect(problemsOf(`${base}---\n${base}`)).toEqual([expect.objectContaining({ code: 'yaml', line: 4 })]);
  });

  it('caps the number of problems and keeps each one on one line', () => {
    const bad = Array.from({ length: 500 }, (_, i) => `k${i}: [`).join('\n');
    const ps = problemsOf(bad);
    expect(ps.length).toBeLessThanOrEqual(PROBLEM_LIMITS.maxProblems);
    const dupes = `${Array.from({ length: 300 }, () => 'a: 1').join('\n')}\n`;
    const capped = problemsOf(dupes);
    expect(capped).toHaveLength(PROBLEM_LIMITS.maxProblems);
    expect(capped[capped.length - 1]!.message).toBe(
      `and 200 more problems: only the first ${PROBLEM_LIMITS.maxProblems - 1} are shown (maxProblems)`,
    );
    expect(problemsOf('{"a": 1,\n\n}', 's.json').every((p) => !/[\r\n]/.test(p.message))).toBe(true);
  });
});

describe('inlineSource on hostile values', () => {
  it('refuses deep and cyclic values before JSON.stringify recurses over them', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inlineSource(deep)).toMatchObject({ ok: false, error: [{ code: 'limit', file: '<request>.json' }] });
    const cyclic: Record<string, unknown> = { format: 1 };
    cyclic['self'] = cyclic;
    expect(inlineSource(cyclic)).toMatchObject({ ok: false, error: [{ code: 'schema' }] });
    expect(inlineSource({ n: 10n })).toMatchObject({ ok: false, error: [{ code: 'schema' }] });
  });

  it('counts a shared value each time it appears', () => {
    const shared = Array.from({ length: 100_000 }, (_, i) => i);
    expect(inlineSource({ a: Array(20).fill(shared) })).toMatchObject({ ok: false, error: [{ code: 'limit' }] });
  });

  it('applies the size limit to the compact JSON a client sent, not to the pretty form errors point into', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => i % 10);
    const body = { format: 1, id: 's', time: { start: 0, end: 1 }, parameters: { d: { dist: 'discrete', values } } };
    expect(JSON.stringify(body).length).toBeLessThan(SOURCE_LIMITS.maxBytes);
    expect(JSON.stringify(body, null, 2).length).toBeGreaterThan(SOURCE_LIMITS.maxBytes);
    expect(inlineSource(body).ok).toBe(true);
    expect(inlineSource({ title: 'x'.repeat(SOURCE_LIMITS.maxBytes) })).toMatchObject({
      ok: false,
      error: [{ code: 'limit' }],
    });
  });
});
