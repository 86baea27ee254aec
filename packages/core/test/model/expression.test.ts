import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileStandalone,
  emitExpression,
  EXPRESSION_LIMITS,
  makeLookup,
  parseExpression,
  runtime,
  type ExprProblem,
  type ExprProblemCode,
} from '../../src/model/expression.js';
import { parseOnlyMath, parseRaw } from '../../src/model/expression-parse.js';

fc.configureGlobal({ seed: 20_260_601, numRuns: 400 });

const LOOKUP = makeLookup([
  [0, 0],
  [10, 1],
  [20, 5],
]);
const LOOKUPS = new Map([['look', LOOKUP]]);

/** Evaluate through the real pipeline: parse, check, generate, new Function. */
function run(text: string, vars: Record<string, number> = {}): number {
  const names = Object.keys(vars);
  const f = compileStandalone(text, names, LOOKUPS);
  if (!f.ok) throw new Error(`${text}: ${f.error.map((p) => `${p.code} ${p.message}`).join('; ')}`);
  return f.value(Float64Array.from(names.map((n) => vars[n]!)));
}

function problemsOf(text: string, symbols: readonly string[] = ['a', 'b', 'c', 'x']): ExprProblem[] {
  const f = compileStandalone(text, symbols, LOOKUPS);
  expect(f.ok, `expected ${JSON.stringify(text)} to be rejected`).toBe(false);
  if (f.ok) return [];
  // Every problem must point at its own snippet when it has a position.
  for (const p of f.error) {
    if (p.index >= 0 && p.snippet !== '') expect(text.slice(p.index, p.index + p.snippet.length)).toBe(p.snippet);
  }
  return [...f.error];
}

// [text, variables, expected]: expected values are worked out by hand in IEEE doubles.
type Case = readonly [string, Record<string, number>, number];
const NAN = Number.NaN;

describe('operators', () => {
  const cases: Case[] = [
    ['1 + 2', {}, 3],
    ['0.1 + 0.2', {}, 0.30000000000000004],
    ['5 - 7', {}, -2],
    ['3 * 4', {}, 12],
    ['2 x', { x: 3 }, 6], // implicit multiplication
    ['2(3 + 1)', {}, 8],
    ['(1 + 1)(2 + 1)', {}, 6],
    ['1 / 4', {}, 0.25],
    ['1 / 0', {}, Infinity],
    ['-1 / 0', {}, -Infinity],
    ['0 / 0', {}, NAN],
    ['2 ^ 10', {}, 1024],
    ['2 ^ -1', {}, 0.5],
    ['-2 ^ 2', {}, -4], // ^ binds tighter than unary minus
    ['2 ^ 3 ^ 2', {}, 512], // right-associative
    ['(-8) ^ (1 / 3)', {}, NAN], // never complex
    ['-x', { x: 3 }, -3],
    ['+x', { x: 3 }, 3],
    ['--x', { x: 3 }, 3],
    ['-(-(-1))', {}, -1],
    ['x - -1', { x: 1 }, 2],
    ['-0', {}, -0],
    ['0x10 + 0b11', {}, 19],
    ['1e3 + .5', {}, 1000.5],
    ['2 pi', {}, 2 * Math.PI],
    ['e', {}, Math.E],
    ['a - b', { a: 1e308, b: -1e308 }, Infinity],
    // line breaks as YAML block scalars and JSON strings leave them
    ['a + b\n', { a: 1, b: 2 }, 3],
    ['\n  a +\n  b\n\n', { a: 1, b: 2 }, 3],
    ['a +\r\n b\r\n', { a: 1, b: 2 }, 3],
    ['(a\n* b)', { a: 2, b: 3 }, 6],
    ['a * b # a comment', { a: 2, b: 3 }, 6],
    // mathjs parsing quirks the language keeps
    ['1/2x', { x: 4 }, 2], // "number / number symbol" is (1/2) * x
    ['2e', {}, 2 * Math.E], // implicit multiplication by the constant e
  ];
  it.each(cases)('%s', (text, vars, expected) => expect(run(text, vars)).toBe(expected));
});

describe('comparisons and logic give 1 or 0, with exact IEEE comparison', () => {
  const cases: Case[] = [
    ['1 < 2', {}, 1],
    ['2 < 1', {}, 0],
    ['1 <= 1', {}, 1],
    ['2 > 1', {}, 1],
    ['1 >= 2', {}, 0],
    ['1 == 1', {}, 1],
    ['1 != 1', {}, 0],
    ['0.1 + 0.2 == 0.3', {}, 0], // mathjs's tolerance would say 1
    ['0.1 + 0.2 != 0.3', {}, 1],
    ['x == x', { x: NAN }, 0],
    ['x != x', { x: NAN }, 1],
    ['x < 1', { x: NAN }, 0],
    ['x >= 1', { x: NAN }, 0],
    ['0 == -0', {}, 1],
    // chains mean a < b and b < c, not (a < b) < c
    ['1 < 2 < 3', {}, 1],
    ['1 < 3 < 2', {}, 0],
    ['3 > 2 > 1', {}, 1],
    ['1 < 2 > 0', {}, 1],
    ['2 == 2 == 2', {}, 1],
    ['3 > 2 > 0.5', {}, 1],
    ['1 < 2 < 3 < 4 <= 4', {}, 1],
    ['1 < 2 < 3 < 4 < 4', {}, 0],
    ['0 < (1 < 2 < 3) < 2', {}, 1],
    ['0 < sqrt(x) < 2 < sqrt(x) + 2', { x: 1 }, 1],
    ['0 < sqrt(x) < 1', { x: 4 }, 0],
    ['(1 < 2) + (3 < 2)', {}, 1],
    ['1 and 2', {}, 1],
    ['1 and 0', {}, 0],
    ['0 or 0', {}, 0],
    ['0 or 3', {}, 1],
    ['not 0', {}, 1],
    ['not 5', {}, 0],
    ['not x', { x: NAN }, 1],
    ['x and 1', { x: NAN }, 0],
    ['x or 0', { x: NAN }, 0],
    ['not 1 == 2', {}, 0],
    ['not (1 == 2)', {}, 1], // mathjs: not binds tighter than ==
    ['1 < 2 and 2 < 1 or 1', {}, 1],
    ['1 ? 2 : 3', {}, 2],
    ['0 ? 2 : 3', {}, 3],
    ['x ? 2 : 3', { x: NAN }, 3],
    ['-1 ? 2 : 3', {}, 2],
    ['x > 0 ? 1 : x < 0 ? -1 : 0', { x: -5 }, -1],
    ['x > 0 ? 1 : x < 0 ? -1 : 0', { x: 0 }, 0],
  ];
  it.each(cases)('%s', (text, vars, expected) => expect(run(text, vars)).toBe(expected));
});

describe('functions', () => {
  const cases: Case[] = [
    ['abs(-2.5)', {}, 2.5],
    ['sign(-3)', {}, -1],
    ['sign(0)', {}, 0],
    ['sign(x)', { x: NAN }, NAN],
    ['sqrt(16)', {}, 4],
    ['sqrt(2)', {}, Math.SQRT2],
    ['sqrt(-1)', {}, NAN],
    ['cbrt(-27)', {}, -3],
    ['exp(0)', {}, 1],
    ['exp(1)', {}, Math.E],
    ['log(e)', {}, 1],
    ['log(0)', {}, -Infinity],
    ['log(-1)', {}, NAN],
    ['log(8, 2)', {}, 3],
    ['log(1000, 10)', {}, 2.9999999999999996], // ln x / ln b, rounding and all
    ['log10(1000)', {}, 3],
    ['log2(8)', {}, 3],
    ['pow(2, 0.5)', {}, Math.SQRT2],
    ['min(3, 1, 2)', {}, 1],
    ['max(3, 1, 2)', {}, 3],
    ['max(0, 5e-324)', {}, 5e-324], // mathjs says 0
    ['min(1, x)', { x: NAN }, NAN],
    ['max(-0, 0)', {}, 0],
    ['min(0, -0)', {}, -0],
    ['floor(-1.5)', {}, -2],
    ['ceil(-1.5)', {}, -1],
    // half away from zero
    ['round(2.5)', {}, 3],
    ['round(-2.5)', {}, -3],
    ['round(0.5)', {}, 1],
    ['round(-0.5)', {}, -1],
    ['round(1.4999999999999998)', {}, 1],
    ['round(0.49999999999999994)', {}, 0],
    ['round(-0.4)', {}, -0],
    ['round(2.675)', {}, 3],
    ['sin(0)', {}, 0],
    ['cos(0)', {}, 1],
    ['tan(0)', {}, 0],
    ['sin(pi / 2)', {}, 1],
    // floored modulo, the sign of b
    ['mod(7, 3)', {}, 1],
    ['mod(-7, 3)', {}, 2],
    ['mod(7, -3)', {}, -2],
    ['mod(-7, -3)', {}, -1],
    ['mod(5.5, 2)', {}, 1.5],
    ['mod(-6, 3)', {}, 0],
    ['mod(7, 0)', {}, NAN],
    ['mod(0, 0)', {}, NAN],
    ['mod(0.7, 0.1)', {}, 0.09999999999999992], // from the exact remainder, never -1.1e-16
    ['mod(1e17, 3)', {}, 1],
    ['clamp(5, 0, 3)', {}, 3],
    ['clamp(-1, 0, 3)', {}, 0],
    ['clamp(2, 0, 3)', {}, 2],
    ['clamp(x, 0, 3)', { x: NAN }, NAN],
    ['clamp(2, 3, 1)', {}, 1], // lo > hi: hi
    // step(height, at) = t >= at ? height : 0
    ['step(5, 2)', { t: 1.999 }, 0],
    ['step(5, 2)', { t: 2 }, 5],
    ['step(5, 2)', { t: 3 }, 5],
    // ramp(slope, from, to) = 0 before from, slope * (min(t, to) - from) after
    ['ramp(2, 1, 3)', { t: 0 }, 0],
    ['ramp(2, 1, 3)', { t: 1 }, 0],
    ['ramp(2, 1, 3)', { t: 2 }, 2],
    ['ramp(2, 1, 3)', { t: 3 }, 4],
    ['ramp(2, 1, 3)', { t: 5 }, 4],
    ['ramp(-0.5, 2020, 2030)', { t: 2025 }, -2.5],
    // pulse(at, width) = 1 while at <= t < at + width
    ['pulse(1, 2)', { t: 0.999 }, 0],
    ['pulse(1, 2)', { t: 1 }, 1],
    ['pulse(1, 2)', { t: 2.5 }, 1],
    ['pulse(1, 2)', { t: 3 }, 0],
    ['sigmoid(0)', {}, 0.5],
    ['sigmoid(2)', {}, 0.8807970779778823],
    ['sigmoid(-1000)', {}, 0],
    ['sigmoid(1000)', {}, 1],
    // lookups interpolate linearly and hold their end values
    ['look(5)', {}, 0.5],
    ['look(15)', {}, 3],
    ['look(10)', {}, 1],
    ['look(-5)', {}, 0],
    ['look(25)', {}, 5],
    ['look(t - 2020)', { t: 2025 }, 0.5],
    ['2 * look(15) + 1', {}, 7],
    ['look(x)', { x: NAN }, NAN],
    ['look(look(20) * 2)', {}, 1],
  ];
  it.each(cases)('%s', (text, vars, expected) => expect(run(text, vars)).toBe(expected));
});

describe('rejected constructs', () => {
  const cases: [string, ExprProblemCode, string][] = [
    ['a = 1', 'forbidden', 'a = 1'],
    ['f(x) = x', 'forbidden', 'f(x) = x'],
    ['[1, 2]', 'forbidden', '[1, 2]'],
    ['{a: 1}', 'forbidden', '{a: 1}'],
    ['1 + [x, [2]]', 'forbidden', '[x, [2]]'],
    ['"a"', 'forbidden', '"a"'],
    ["1 + 'a'", 'forbidden', "'a'"],
    ['a.b', 'forbidden', 'a.b'],
    ['a?.b', 'forbidden', 'a?.b'],
    ['a[1]', 'forbidden', 'a[1]'],
    ['import("fs")', 'forbidden', 'import("fs")'],
    ['evaluate("1")', 'forbidden', 'evaluate("1")'],
    ["parse('1')", 'forbidden', "parse('1')"],
    ['createUnit("x")', 'forbidden', 'createUnit("x")'],
    ['simplify("x")', 'forbidden', 'simplify("x")'],
    ['derivative("x", "x")', 'forbidden', 'derivative("x", "x")'],
    ['resolve(x)', 'forbidden', 'resolve(x)'],
    ['compile("1")', 'forbidden', 'compile("1")'],
    ['1 + config()', 'forbidden', 'config()'],
    ['cos.constructor("return 1")', 'forbidden', 'cos.constructor("return 1")'],
    ['10 % 3', 'forbidden', '%'],
    ['10%', 'forbidden', '%'],
    ['x + 10%', 'forbidden', '%'], // mathjs: x * 1.1
    ['1 mod 3', 'forbidden', '1 mod 3'],
    ['a; b', 'forbidden', ';'],
    ['a\nb', 'forbidden', '\n'],
    ['\na\r\nb\n', 'forbidden', '\n'],
    ['1:3', 'forbidden', '1:3'],
    ['5!', 'forbidden', '5!'],
    ["a'", 'forbidden', "a'"],
    ['a xor b', 'forbidden', 'a xor b'],
    ['a & b', 'forbidden', 'a & b'],
    ['a | b', 'forbidden', 'a | b'],
    ['~a', 'forbidden', '~a'],
    ['a << 1', 'forbidden', 'a << 1'],
    ['a .* b', 'forbidden', 'a .* b'],
    ['a to b', 'forbidden', 'a to b'],
    ['a ?? b', 'forbidden', 'a ?? b'],
    ['true', 'forbidden', 'true'],
    ['1 + false', 'forbidden', 'false'],
    ['null', 'forbidden', 'null'],
    ['undefined', 'forbidden', 'undefined'],
    ['sqrt?.(4)', 'forbidden', 'sqrt'],
    ['NaN', 'unknown-symbol', 'NaN'],
    ['1 + Infinity', 'unknown-symbol', 'Infinity'],
    ['2 * 1e999', 'limit', '1e999'],
    ['foo(1)', 'unknown-symbol', 'foo'],
    ['1 + ln(x)', 'unknown-symbol', 'ln'],
    ['sin x', 'unknown-symbol', 'sin'],
    ['nope + 1', 'unknown-symbol', 'nope'],
    ['5 cm', 'unknown-symbol', 'cm'], // mathjs parses units as implicit multiplication by a symbol
    ['look', 'unknown-symbol', 'look'],
    ['step(1, 2)', 'unknown-symbol', ''], // no time here
    ['sqrt()', 'syntax', 'sqrt()'],
    ['sqrt(1, 2)', 'syntax', 'sqrt(1, 2)'],
    ['log(1, 2, 3)', 'syntax', 'log(1, 2, 3)'],
    ['min(1)', 'syntax', 'min(1)'],
    ['max(1)', 'syntax', 'max(1)'],
    ['pow(1)', 'syntax', 'pow(1)'],
    ['1 + mod(1)', 'syntax', 'mod(1)'],
    ['clamp(1, 2)', 'syntax', 'clamp(1, 2)'],
    ['step(1)', 'syntax', 'step(1)'],
    ['ramp(1)', 'syntax', 'ramp(1)'],
    ['pulse(1)', 'syntax', 'pulse(1)'],
    ['look()', 'syntax', 'look()'],
    ['look(1, 2)', 'syntax', 'look(1, 2)'],
    ['1 +', 'syntax', ''],
    ['a + * b', 'syntax', '*'],
    ['(1', 'syntax', ''],
    ['cos.constructor("return 1")()', 'syntax', ')'], // mathjs >= 15.2 refuses the call outright
    ['', 'syntax', ''],
    ['  # only a comment', 'syntax', ''],
  ];
  it.each(cases)('%j is %s', (text, code, snippet) => {
    const ps = problemsOf(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.code).toBe(code);
    expect(ps[0]!.snippet).toBe(snippet);
    expect(ps[0]!.message.length).toBeGreaterThan(10);
  });

  it('gives mathjs syntax positions as offsets into the text', () => {
    expect(problemsOf('a + * b')[0]).toMatchObject({ index: 4 });
    expect(problemsOf('1 +')[0]).toMatchObject({ index: 3 });
  });

  it('tells how to fix %', () => {
    expect(problemsOf('10 % 3')[0]!.message).toContain('write mod(a, b)');
  });

  it('collects every problem in one expression, each with its place', () => {
    const text = 'foo(1) + a.b + evaluate("x") + 10 % 3 + true + foo(2)';
    const ps = problemsOf(text);
    expect(ps.map((p) => [p.code, p.snippet, p.index])).toEqual([
      ['forbidden', '%', 34],
      ['unknown-symbol', 'foo', 0],
      ['forbidden', 'a.b', 9],
      ['forbidden', 'evaluate("x")', 15],
      ['forbidden', 'true', 40],
      ['unknown-symbol', 'foo', 47],
    ]);
  });

  it('places repeated snippets at their own occurrences', () => {
    expect(problemsOf('foo(1) + foo(1)').map((p) => p.index)).toEqual([0, 9]);
    expect(problemsOf('nope * nope + nope2').map((p) => [p.snippet, p.index])).toEqual([
      ['nope', 0],
      ['nope2', 14],
    ]);
  });

  it('never lets user text into the generated code', () => {
    const nasty = ['constructor', '__proto__', 'Math', 'R', 'v', 'L', 'process', 'toString', '$a', '_', 'α'];
    const text = nasty.map((n, i) => `${n} * ${i + 1}`).join(' + ');
    const parsed = parseExpression(text, new Set());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const code = emitExpression(
      parsed.value,
      (s) => `v[${nasty.indexOf(s)}]`,
      () => 'L0',
    );
    expect(code.replace(/v\[\d+\]|\d+|[()+*]/g, '')).toBe('');
    const f = compileStandalone(text, nasty);
    expect(f.ok && f.value(Float64Array.from(nasty, (_, i) => i))).toBe(nasty.reduce((s, _, i) => s + i * (i + 1), 0));
  });
});

describe('limits', () => {
  const codes = (text: string) => {
    const r = parseExpression(text, new Set());
    // The pre-scan, not the RangeError safety net, must be what stops these.
    if (!r.ok) expect(r.error.map((p) => p.message).join()).not.toContain('too deeply nested to parse');
    return r.ok ? [] : r.error.map((p) => p.code);
  };

  it('rejects text over the length limit', () => {
    expect(codes(`${'1+'.repeat(EXPRESSION_LIMITS.maxLength / 2)}1`)).toEqual(['limit']);
  });

  it('rejects deep nesting before the parser sees it', () => {
    expect(run(`${'('.repeat(EXPRESSION_LIMITS.maxDepth)}1${')'.repeat(EXPRESSION_LIMITS.maxDepth)}`)).toBe(1);
    for (const n of [EXPRESSION_LIMITS.maxDepth + 1, 1_000, 100_000]) {
      expect(codes(`${'('.repeat(n)}1${')'.repeat(n)}`)).toEqual(['limit']);
    }
    expect(run(`${'-'.repeat(100)}1`)).toBe(1);
    expect(codes(`${'-'.repeat(101)}1`)).toEqual(['limit']);
    expect(codes(`${'-'.repeat(5_000)}1`)).toEqual(['limit']);
    expect(codes(`${'-'.repeat(100_000)}1`)).toEqual(['limit']);
    expect(codes(`${'2^'.repeat(200)}1`)).toEqual(['limit']);
    expect(codes(`${'1?1:'.repeat(200)}1`)).toEqual(['limit']);
    expect(codes(`${'f('.repeat(101)}1${')'.repeat(101)}`)).toEqual(['limit']);
    expect(codes(`${'not '.repeat(101)}1`)).toEqual(['limit']);
    // mathjs reads on across a line break after an operator, so those still nest
    expect(codes(`${'-\n'.repeat(4_000)}1`)).toEqual(['limit']);
    expect(codes(`${'2^\n'.repeat(3_000)}1`)).toEqual(['limit']);
    expect(codes(`${'1 ?\n1 :\n'.repeat(1_000)}1`)).toEqual(['limit']);
  });

  it('does not count what unwinds: many terms each with a unary minus or a power', () => {
    expect(run(Array.from({ length: 300 }, () => '-x^2').join(' + '), { x: 2 })).toBe(-1200);
    expect(run(Array.from({ length: 300 }, () => '(x ? 1 : 0)').join(' + '), { x: 2 })).toBe(300);
  });

  it('bounds the depth of the parsed tree, which long chains make deep', () => {
    expect(run(`${'1+'.repeat(EXPRESSION_LIMITS.maxTreeDepth - 1)}1`)).toBe(EXPRESSION_LIMITS.maxTreeDepth);
    expect(codes(`${'1+'.repeat(EXPRESSION_LIMITS.maxTreeDepth + 1)}1`)).toEqual(['limit']);
  });

  it('turns a parser stack overflow into data, not an exception', () => {
    const r = parseRaw(`${'('.repeat(5_000)}1${')'.repeat(5_000)}`);
    expect(r).toMatchObject({ ok: false, overflow: true });
  });

  it('never hands mathjs the exponential % lookahead', () => {
    const start = performance.now();
    const r = parseExpression(`${'1 % ('.repeat(40)}1${')'.repeat(40)}`, new Set());
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(r.ok ? [] : r.error.map((p) => p.code)).toEqual(Array(40).fill('forbidden'));
  });

  it('keeps nested chained comparisons linear in size', () => {
    const n = 60;
    let text = '1 < 2 < 3';
    for (let i = 0; i < n; i++) text = `0 < (${text}) < 2`;
    const parsed = parseExpression(text, new Set());
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(emitExpression(parsed.value, String, String).length).toBeLessThan(100 * n);
    expect(run(text)).toBe(1);
  });
});

describe('parse results', () => {
  it('lists symbols and lookup calls once each, in order of first use', () => {
    const r = parseExpression(
      'b * a + look(a) - b / look(c) + pi * e + sin(a) + other(1 + b)',
      new Set(['look', 'other']),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.symbols).toEqual(['b', 'a', 'c']);
    expect(r.value.calls).toEqual(['look', 'other']);
    expect(r.value.text).toBe('b * a + look(a) - b / look(c) + pi * e + sin(a) + other(1 + b)');
  });

  it('counts t as used by step, ramp and pulse', () => {
    const r = parseExpression('step(1, 2) + ramp(x, 1, 2) + pulse(3, 1)', new Set());
    expect(r.ok && r.value.symbols).toEqual(['t', 'x']);
  });

  it('emits slots, helpers and literals for the model compiler', () => {
    const slots = new Map([
      ['w', 3],
      ['g', 4],
      ['t', 0],
    ]);
    const ref = (s: string) => `v[${slots.get(s)}]`;
    const emit = (text: string) => {
      const r = parseExpression(text, new Set(['adoption']));
      if (!r.ok) throw new Error(r.error[0]!.message);
      return emitExpression(r.value, ref, (id) => `L${id.length}`);
    };
    expect(emit('w * (1 + g)')).toBe('(v[3]*(1+v[4]))');
    expect(emit('w ^ 2 - -1.5')).toBe('(Math.pow(v[3],2)-(-1.5))');
    expect(emit('step(w, 2030)')).toBe('R.step(v[3],2030,v[0])');
    expect(emit('mod(w, 3) < g')).toBe('(R.mod(v[3],3)<v[4]?1:0)');
    expect(emit('adoption(t - 2020)')).toBe('L8((v[0]-2020))');
    expect(emit('pi')).toBe('3.141592653589793');
  });

  it('keeps mathjs nodes out of the result: the tree is plain data', () => {
    const r = parseExpression('a < b < c ? look(x) : -max(1, 2, pi)', new Set(['look']));
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value.tree))).toEqual(r.value.tree);
  });

  it('uses a parse-only mathjs instance', () => {
    const m = parseOnlyMath as unknown as Record<string, unknown>;
    for (const name of [
      'evaluate',
      'compile',
      'simplify',
      'derivative',
      'resolve',
      'createUnit',
      'reviver',
      'help',
      'parser',
      'chain',
    ]) {
      expect(m[name], name).toBeUndefined();
    }
    expect(typeof m['parse']).toBe('function');
  });
});

describe('makeLookup and runtime', () => {
  it('interpolates, holds the ends and hits points exactly', () => {
    const f = makeLookup([
      [0, 0.1],
      [1, 0.7],
      [3, 0.3],
    ]);
    expect([f(-1), f(0), f(1), f(3), f(4), f(2), f(0.5)]).toEqual([0.1, 0.1, 0.7, 0.3, 0.3, 0.5, 0.4]);
    expect(f(NAN)).toBeNaN();
    expect(makeLookup([[5, 2]])(100)).toBe(2);
  });

  it('steps or extrapolates when the lookup says so (XMILE discrete and extrapolate graphical functions)', () => {
    const points: [number, number][] = [
      [0, 1],
      [2, 5],
      [4, 3],
    ];
    const step = makeLookup(points, { interpolate: 'step' });
    expect([step(-1), step(0), step(1.99), step(2), step(3), step(4), step(9)]).toEqual([1, 1, 1, 5, 5, 3, 3]);
    expect(step(NAN)).toBeNaN();
    const linear = makeLookup(points, { extrapolate: 'linear' });
    // Below the first point the first segment's slope (2 a unit), above the last the last one's (-1).
    expect([linear(-1), linear(0), linear(1), linear(4), linear(6)]).toEqual([-1, 1, 3, 3, 1]);
    expect(makeLookup([[5, 2]], { extrapolate: 'linear' })(100)).toBe(2);
  });

  it('mod stays in [0, b) for positive b on awkward inputs', () => {
    for (const [a, b] of [
      [-0.1, 0.3],
      [1e300, 7],
      [-1e-3, 1e3],
      [5, 0.1],
    ] as const) {
      const m = runtime.mod(a, b);
      expect(m >= 0 && m <= b).toBe(true);
    }
  });
});

// ---- Property: random whitelisted trees, printed, evaluate like a reference evaluator over the tree.

type T =
  | { k: 'num'; v: number }
  | { k: 'var'; name: string }
  | { k: 'un'; op: '-' | '+' | 'not'; a: T }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '^' | 'and' | 'or'; a: T; b: T }
  | { k: 'cmp'; ops: ('<' | '<=' | '>' | '>=' | '==' | '!=')[]; args: T[] }
  | { k: 'if'; c: T; a: T; b: T }
  | { k: 'fn'; name: string; args: T[] }
  | { k: 'look'; a: T };

const VARS: Record<string, number> = { x: 2.5, y: -3, z: 0, w: NAN, big: 1e200, t: 2 };
const FN_ARITY: Record<string, number[]> = {
  abs: [1],
  sign: [1],
  sqrt: [1],
  cbrt: [1],
  exp: [1],
  log: [1, 2],
  log10: [1],
  log2: [1],
  pow: [2],
  min: [2, 3],
  max: [2, 3],
  floor: [1],
  ceil: [1],
  round: [1],
  sin: [1],
  cos: [1],
  tan: [1],
  mod: [2],
  clamp: [3],
  step: [2],
  ramp: [3],
  pulse: [2],
  sigmoid: [1],
};

const truthy = (x: number) => x !== 0 && !Number.isNaN(x);
const REF_FN: Record<string, (...a: number[]) => number> = {
  abs: Math.abs,
  sign: Math.sign,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  exp: Math.exp,
  log10: Math.log10,
  log2: Math.log2,
  log: (x, b) => (b === undefined ? Math.log(x) : Math.log(x) / Math.log(b)),
  pow: Math.pow,
  min: Math.min,
  max: Math.max,
  floor: Math.floor,
  ceil: Math.ceil,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  round: (x) => (x < 0 ? -Math.round(-x) : Math.round(x)),
  mod: (a, b) => {
    const r = a % b;
    if (r === 0) return 0;
    return r < 0 === b < 0 ? r : r + b;
  },
  clamp: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
  step: (h, at) => (VARS['t']! >= at ? h : 0),
  ramp: (s, from, to) => (VARS['t']! < from ? 0 : s * (Math.min(VARS['t']!, to) - from)),
  pulse: (at, w) => (at <= VARS['t']! && VARS['t']! < at + w ? 1 : 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
};
const REF_CMP = {
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '==': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
};

function reference(n: T): number {
  switch (n.k) {
    case 'num':
      return n.v;
    case 'var':
      return VARS[n.name]!;
    case 'un': {
      const a = reference(n.a);
      return n.op === '-' ? -a : n.op === '+' ? a : truthy(a) ? 0 : 1;
    }
    case 'bin': {
      const a = reference(n.a);
      const b = reference(n.b);
      switch (n.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return a ** b;
        case 'and':
          return truthy(a) && truthy(b) ? 1 : 0;
        case 'or':
          return truthy(a) || truthy(b) ? 1 : 0;
      }
      break;
    }
    case 'cmp': {
      const v = n.args.map(reference);
      return n.ops.every((op, i) => REF_CMP[op](v[i]!, v[i + 1]!)) ? 1 : 0;
    }
    case 'if':
      return truthy(reference(n.c)) ? reference(n.a) : reference(n.b);
    case 'fn':
      return REF_FN[n.name]!(...n.args.map(reference));
    case 'look':
      return LOOKUP(reference(n.a));
  }
  throw new Error('unreachable');
}

function print(n: T): string {
  switch (n.k) {
    case 'num':
      return String(n.v);
    case 'var':
      return n.name;
    case 'un':
      return n.op === 'not' ? `(not ${print(n.a)})` : `(${n.op}${print(n.a)})`;
    case 'bin':
      return `(${print(n.a)} ${n.op} ${print(n.b)})`;
    case 'cmp':
      return `(${n.args.map((a, i) => (i === 0 ? print(a) : ` ${n.ops[i - 1]} ${print(a)}`)).join('')})`;
    case 'if':
      return `(${print(n.c)} ? ${print(n.a)} : ${print(n.b)})`;
    case 'fn':
      return `${n.name}(${n.args.map(print).join(', ')})`;
    case 'look':
      return `look(${print(n.a)})`;
  }
}

const treeArb = fc.letrec<{ node: T }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(0, 1, 2, 0.5, 0.1, 3.75, 10, 1e-3, 1e3, 7).map((v): T => ({ k: 'num', v })),
    fc.constantFrom(...Object.keys(VARS)).map((name): T => ({ k: 'var', name })),
    fc.record({
      k: fc.constant('un' as const),
      op: fc.constantFrom('-' as const, '+' as const, 'not' as const),
      a: tie('node'),
    }),
    fc.record({
      k: fc.constant('bin' as const),
      op: fc.constantFrom(
        '+' as const,
        '-' as const,
        '*' as const,
        '/' as const,
        '^' as const,
        'and' as const,
        'or' as const,
      ),
      a: tie('node'),
      b: tie('node'),
    }),
    fc
      .array(fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const, '==' as const, '!=' as const), {
        minLength: 1,
        maxLength: 3,
      })
      .chain((ops) =>
        fc
          .array(tie('node'), { minLength: ops.length + 1, maxLength: ops.length + 1 })
          .map((args): T => ({ k: 'cmp', ops, args })),
      ),
    fc.record({ k: fc.constant('if' as const), c: tie('node'), a: tie('node'), b: tie('node') }),
    fc
      .constantFrom(...Object.keys(FN_ARITY))
      .chain((name) => fc.constantFrom(...FN_ARITY[name]!).map((n) => [name, n] as const))
      .chain(([name, n]) =>
        fc.array(tie('node'), { minLength: n, maxLength: n }).map((args): T => ({ k: 'fn', name, args })),
      ),
    fc.record({ k: fc.constant('look' as const), a: tie('node') }),
  ),
})).node;

describe('property: generated code agrees with a reference evaluator', () => {
  it('on random whitelisted expressions', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const text = print(tree);
        expect(run(text, VARS), text).toBe(reference(tree));
      }),
    );
  });

  it('lists each symbol used exactly once', () => {
    const used = (n: T, into: Set<string>): Set<string> => {
      if (n.k === 'var') into.add(n.name);
      if (n.k === 'fn' && ['step', 'ramp', 'pulse'].includes(n.name)) into.add('t');
      for (const child of Object.values(n)) {
        if (Array.isArray(child)) for (const c of child) if (typeof c === 'object') used(c as T, into);
        if (typeof child === 'object' && child !== null && !Array.isArray(child)) used(child as T, into);
      }
      return into;
    };
    fc.assert(
      fc.property(treeArb, (tree) => {
        const r = parseExpression(print(tree), new Set(['look']));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(new Set(r.value.symbols).size).toBe(r.value.symbols.length);
        expect(new Set(r.value.symbols)).toEqual(used(tree, new Set()));
        expect(r.value.calls).toEqual(JSON.stringify(tree).includes('"look"') ? ['look'] : []);
      }),
    );
  });
});

describe('property: arbitrary text never escapes as an exception', () => {
  const TOKENS = [
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    '-',
    '+',
    '*',
    '^',
    '.^',
    '?',
    '?.',
    '??',
    ':',
    '=',
    '==',
    '<',
    '!',
    "'",
    '"',
    '%',
    '.',
    ',',
    ';',
    '\n',
    ' ',
    'a',
    '1',
    '2.5e3',
    'not ',
    ' and ',
    ' mod ',
    'f(',
    'sqrt(',
    'look(',
    '#',
    '\\',
    'true',
    'x',
  ];
  const check = (text: string) => {
    const start = performance.now();
    const r = parseExpression(text, new Set(['look']));
    expect(performance.now() - start).toBeLessThan(2_000);
    if (!r.ok) {
      expect(r.error.length).toBeGreaterThan(0);
    } else {
      // Whatever parses must also compile and run.
      const f = compileStandalone(text, r.value.symbols, LOOKUPS);
      expect(f.ok).toBe(true);
      if (f.ok) expect(typeof f.value(new Float64Array(r.value.symbols.length))).toBe('number');
    }
  };

  it('on random token soups', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 400 }), (tokens) => check(tokens.join(''))),
    );
  });

  it('on long repetitions of one prefix', () => {
    const prefixes = [
      '(',
      '-',
      '+',
      'not ',
      '2^',
      '1?1:',
      'a=',
      'f(',
      '[',
      '{a:',
      '1<(',
      '-(',
      '(-',
      "'",
      '(1?',
      'x.',
      '1 % (',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.integer({ min: 1, max: 6_000 }), (p, n) => check(`${p.repeat(n)}1`)),
      { numRuns: 200 },
    );
  });
});
