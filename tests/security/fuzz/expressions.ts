/**
 * Random expression text over every node kind of the mathjs 15 parser
 * (AccessorNode, ArrayNode, AssignmentNode, BlockNode, ConditionalNode,
 * ConstantNode, FunctionAssignmentNode, FunctionNode, IndexNode, ObjectNode,
 * OperatorNode, ParenthesisNode, RangeNode, RelationalNode, SymbolNode) and
 * every operator it knows, over names that are declared, unknown, dangerous
 * or dressed up to look like something else.
 */
import fc from 'fast-check';

/** The global an escaped payload would set; the driver checks it stays unset. */
export const CANARY_NAME = '__foresightFuzzCanary';

/** The symbols the fuzz documents declare (see documents.ts). */
export const DECLARED = ['a', 'b', 'w', 'hit', 't', 'dt', 'pi', 'e'] as const;
export const LOOKUP = 'look';

/** The mathjs functions its security guide names, instance plumbing, and JavaScript's escape hatches. */
export const DANGEROUS = [
  'import',
  'createUnit',
  'reviver',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'derivative',
  'resolve',
  'typed',
  'config',
  'chain',
  'parser',
  'Parser',
  'help',
  'create',
  'factory',
  'Node',
  'SymbolNode',
  'expression',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '__lookupGetter__',
  'call',
  'apply',
  'bind',
  'eval',
  'Function',
  'Object',
  'Reflect',
  'globalThis',
  'global',
  'process',
  'require',
  'module',
  'setTimeout',
  'fetch',
  'Math',
  'R',
  'v',
  'L0',
  'S0',
  'TT',
] as const;

/** Look-alikes: Cyrillic and Greek letters, fullwidth forms, zero-width joiners and spaces, combining marks. */
export const LOOKALIKES = [
  '\u0441\u043Es', // cyrillic "co" + s
  '\uFF43\uFF4F\uFF53', // fullwidth cos
  'co\u200Bs',
  'co\u200Ds',
  'cons\u200Ctructor',
  'constructo\u0433',
  'ev\u0430l',
  '\u0456mport',
  'c\u0301os',
  '\u1D04os',
  '\u03BF',
  '\u212Ee',
  'sqrt\uFE0F',
  'a\u00A0b',
  'co\u2060s',
  '\u2126',
] as const;

const BUILTINS = [
  'abs',
  'sign',
  'sqrt',
  'cbrt',
  'exp',
  'log',
  'log10',
  'log2',
  'pow',
  'min',
  'max',
  'floor',
  'ceil',
  'round',
  'sin',
  'cos',
  'tan',
  'mod',
  'clamp',
  'step',
  'ramp',
  'pulse',
  'sigmoid',
  'trunc',
  'rem',
  'asin',
  'atan2',
  'tanh',
  'xidz',
  'zidz',
  'safediv',
  'pulse_train',
  'active_initial',
  'delay1',
  'delay3',
  'delayn',
  'delay_fixed',
  'smooth',
  'smooth3',
  'trend',
  'forecast',
  'previous',
  'init',
] as const;

const OTHER_NAMES = [
  'x',
  'foo',
  'ln',
  'sum',
  'NaN',
  'Infinity',
  'true',
  'false',
  'null',
  'undefined',
  'end',
  'i',
  '$a',
  '_',
  'cm',
  'kg',
] as const;

const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...DECLARED) },
  { weight: 2, arbitrary: fc.constantFrom(...BUILTINS, LOOKUP) },
  { weight: 3, arbitrary: fc.constantFrom(...DANGEROUS) },
  { weight: 1, arbitrary: fc.constantFrom(...LOOKALIKES) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_NAMES) },
);

const number = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '2',
    '0.5',
    '.5',
    '5.',
    '1e3',
    '2.5e-3',
    '1e308',
    '1e309',
    '1e-400',
    '0x1F',
    '0b101',
    '0o17',
    '0x10i8',
    '00',
    '1_000',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
  fc.nat({ max: 1_000 }).map(String),
);

const constant = fc.oneof(
  { weight: 6, arbitrary: number },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"s"',
      "'s'",
      '"\\u0063os"',
      '""',
      '"a\\"b"',
      'true',
      'false',
      'null',
      'undefined',
      'NaN',
      'Infinity',
      '-Infinity',
    ),
  },
  // A payload for any escape to run: it would set the canary the fuzz driver watches.
  { weight: 1, arbitrary: fc.constant(`"globalThis.${CANARY_NAME} = 1"`) },
);

const BINARY = [
  '+',
  '-',
  '*',
  '/',
  '^',
  '.*',
  './',
  '.^',
  '%',
  ' mod ',
  ' and ',
  ' or ',
  ' xor ',
  '&',
  '|',
  '^|',
  '<<',
  '>>',
  '>>>',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  ' to ',
  ' in ',
  '??',
  '',
] as const;
const UNARY = ['-', '+', '~', 'not ', '!'] as const;
const POSTFIX = ['!', "'", '%'] as const;
const RELATIONAL = ['<', '<=', '>', '>=', '==', '!='] as const;

/** Expression text; `depthSize` keeps most trees small while some grow deep. */
export const expressionText: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => {
  const e = tie('e');
  const args = fc.array(e, { maxLength: 4 }).map((xs) => xs.join(', '));
  return {
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      // ConstantNode, SymbolNode
      { weight: 8, arbitrary: constant },
      { weight: 8, arbitrary: name },
      // ParenthesisNode
      { weight: 3, arbitrary: e.map((x) => `(${x})`) },
      // OperatorNode: binary (implicit multiplication too), unary, postfix
      { weight: 8, arbitrary: fc.tuple(e, fc.constantFrom(...BINARY), e).map(([x, op, y]) => `${x} ${op} ${y}`) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...UNARY), e).map(([op, x]) => `${op}${x}`) },
      { weight: 1, arbitrary: fc.tuple(e, fc.constantFrom(...POSTFIX)).map(([x, op]) => `${x}${op}`) },
      // RelationalNode: chains
      {
        weight: 2,
        arbitrary: fc
          .array(fc.tuple(fc.constantFrom(...RELATIONAL), e), { minLength: 2, maxLength: 4 })
          .chain((rest) => e.map((first) => first + rest.map(([op, x]) => ` ${op} ${x}`).join(''))),
      },
      // ConditionalNode
      { weight: 2, arbitrary: fc.tuple(e, e, e).map(([c, x, y]) => `${c} ? ${x} : ${y}`) },
      // FunctionNode: named, called on a property, called on a call, optional
      { weight: 6, arbitrary: fc.tuple(name, args).map(([f, a]) => `${f}(${a})`) },
      { weight: 1, arbitrary: fc.tuple(e, name, args).map(([o, f, a]) => `(${o}).${f}(${a})`) },
      { weight: 1, arbitrary: fc.tuple(name, args, args).map(([f, a, b]) => `${f}(${a})(${b})`) },
      { weight: 1, arbitrary: fc.tuple(name, args).map(([f, a]) => `${f}?.(${a})`) },
      // AccessorNode: dot, bracket with a string, optional chaining
      { weight: 2, arbitrary: fc.tuple(e, name).map(([o, p]) => `(${o}).${p}`) },
      { weight: 1, arbitrary: fc.tuple(name, name).map(([o, p]) => `${o}["${p}"]`) },
      { weight: 1, arbitrary: fc.tuple(name, name).map(([o, p]) => `${o}?.${p}`) },
      // IndexNode (with ranges and `end`)
      { weight: 2, arbitrary: fc.tuple(name, args).map(([o, a]) => `${o}[${a || '1'}]`) },
      { weight: 1, arbitrary: fc.tuple(name, e).map(([o, a]) => `${o}[1:${a}, end]`) },
      // ArrayNode (rows and columns), ObjectNode
      { weight: 2, arbitrary: fc.array(e, { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`) },
      { weight: 1, arbitrary: fc.tuple(e, e, e, e).map(([p, q, r, s]) => `[${p}, ${q}; ${r}, ${s}]`) },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.tuple(name, e), { maxLength: 3 })
          .map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
      },
      { weight: 1, arbitrary: fc.tuple(name, e).map(([k, v]) => `{"${k}": ${v}}`) },
      // RangeNode
      { weight: 1, arbitrary: fc.tuple(e, e).map(([x, y]) => `${x}:${y}`) },
      { weight: 1, arbitrary: fc.tuple(e, e, e).map(([x, y, z]) => `${x}:${y}:${z}`) },
      // AssignmentNode (to a symbol, a property, an index), FunctionAssignmentNode
      { weight: 2, arbitrary: fc.tuple(name, e).map(([n, x]) => `${n} = ${x}`) },
      { weight: 1, arbitrary: fc.tuple(name, name, e).map(([o, p, x]) => `${o}.${p} = ${x}`) },
      { weight: 1, arbitrary: fc.tuple(name, e).map(([o, x]) => `${o}[1] = ${x}`) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(name, fc.array(name, { minLength: 1, maxLength: 3 }), e)
          .map(([f, ps, x]) => `${f}(${ps.join(', ')}) = ${x}`),
      },
      // BlockNode: `;` and line breaks between formulas, a trailing `;`
      {
        weight: 2,
        arbitrary: fc.tuple(e, fc.constantFrom('; ', '\n', ';\n', ';'), e).map(([x, sep, y]) => `${x}${sep}${y}`),
      },
      // Comments, units and stray whitespace
      {
        weight: 1,
        arbitrary: fc.tuple(e, fc.constantFrom(' # note', ' cm', '\t', '\r\n', ' \u00A0')).map(([x, s]) => `${x}${s}`),
      },
    ),
  };
}).e;

/** Token soups: text no grammar would produce, for the scanner and the parser's error paths. */
export const expressionSoup: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
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
        '#',
        '\\',
        'not ',
        ' and ',
        ' mod ',
        'sqrt(',
        'look(',
        'a',
        '1',
        '2.5e3',
        '1e999',
      ),
      name,
      fc.string({ maxLength: 3, unit: 'binary' }),
    ),
    { maxLength: 120 },
  )
  .map((tokens) => tokens.join(''));

/** Nesting and length at and past the limits, which must give `limit` and never a stack overflow. */
export const expressionExtreme: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(
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
      'sqrt(',
      '1 % (',
      'a.',
      '1+',
      'max(1,',
    ),
    fc.oneof(fc.integer({ min: 90, max: 600 }), fc.integer({ min: 1, max: 12_000 })),
  )
  .map(([prefix, n]) => `${prefix.repeat(n)}1`);
