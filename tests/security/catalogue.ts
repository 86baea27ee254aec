/**
 * Hostile expressions, one row each: the text, the code of the first problem
 * it must give, and (where the place matters) the text that problem points
 * at. Sources: the payloads of mathjs's security advisories and fixes
 * (3.11, 3.17, 11.9.1, 13.x, the two fixed in 15.2.0: an object posing as a
 * matrix index, a property set on an array), its security guide's dangerous
 * functions, expr-eval's CVE-2025-12735 class (calling what the evaluation
 * context holds), and the language's own edges. Every payload that could run
 * would set the canary global the tests watch.
 */
import { EXPRESSION_LIMITS, type ProblemCode } from '@foresight/core';

export const CANARY = '__foresightCanary';
const RUN = `"globalThis.${CANARY} = 1"`;

export interface HostileExpression {
  readonly group: string;
  readonly text: string;
  readonly code: ProblemCode;
  /** The text the first problem points at, where it matters. */
  readonly at?: string;
}

const row = (group: string, text: string, code: ProblemCode, at?: string): HostileExpression => ({
  group,
  text,
  code,
  ...(at === undefined ? {} : { at }),
});

export const HOSTILE_EXPRESSIONS: readonly HostileExpression[] = [
  // Reaching Function through a function's constructor.
  row('constructor', `cos.constructor(${RUN})`, 'forbidden', `cos.constructor(${RUN})`),
  row('constructor', `cos.constructor(${RUN})()`, 'syntax', ')'),
  row('constructor', `sqrt.constructor(${RUN})`, 'forbidden'),
  row('constructor', `[].map.constructor(${RUN})`, 'forbidden'),
  row('constructor', `[].map["constructor"](${RUN})`, 'forbidden'),
  row('constructor', `[].map["\\u0063onstructor"](${RUN})`, 'forbidden'),
  row('constructor', `[].map[concat("constr", "uctor")](${RUN})`, 'forbidden'),
  row('constructor', `[].map.constructor.bind()(${RUN})`, 'forbidden'),
  row('constructor', `[].map.constructor.call(null, ${RUN})`, 'forbidden'),
  row('constructor', `[].map.constructor.apply(null, [${RUN}])`, 'forbidden'),
  row('constructor', '[].constructor()', 'forbidden'),
  row('constructor', `(1).constructor.constructor(${RUN})()`, 'syntax'),
  row('constructor', `constructor(${RUN})`, 'forbidden', `constructor(${RUN})`),
  row('constructor', 'a.co\u006Estructor', 'forbidden', 'a.constructor'),
  row('constructor', 'a["co\\u006Estructor"]', 'forbidden'),
  row('constructor', 'this.constructor', 'forbidden'),
  // Chains that assign, then call what they assigned.
  row('assign and call', `f=[].map.constructor(${RUN}); f()`, 'forbidden', ';'),
  row('assign and call', `prop="constructor"; f=[].map[prop](${RUN}); f()`, 'forbidden', ';'),
  row(
    'assign and call',
    '["//","a/*\\nreturn process.mainModule.require"]._data.map(cos.constructor)[1]()',
    'forbidden',
  ),
  row('assign and call', '{}.constructor.assign(cos.constructor, {binding: cos.bind})', 'forbidden'),
  row('assign and call', `a=[${RUN}]._data; a.isRange=true; x={subset:cos.constructor}[a]; x()`, 'forbidden', ';'),
  row(
    'assign and call',
    'O = {}.constructor; d = O.getOwnPropertyDescriptor(O.__proto__, "constructor")',
    'forbidden',
    ';',
  ),
  row('assign and call', 'a.constructor = 2', 'forbidden'),
  row('assign and call', 'a = {"constructor": 2}', 'forbidden'),
  row('assign and call', 'a = {co\u006Estructor: 2}', 'forbidden'),
  row('assign and call', '{hasOwnProperty: 2}', 'forbidden'),
  row('assign and call', '{toString: 2}', 'forbidden'),
  row(
    'assign and call',
    'Object=constructor; a=Object.fromEntries([["a","polluted"]]); Object.assign(__proto__, a)',
    'forbidden',
    ';',
  ),
  // Node internals and instance plumbing.
  row('internals', 'expression.node.AssignmentNode.prototype.__defineGetter__("_compile", 1)', 'forbidden'),
  row('internals', 'x=parse("cos"); x.name = "x"', 'forbidden'),
  row('internals', 'cos.syntax="global.eval"', 'forbidden'),
  row('internals', 'p = parser(); p.evaluate("", [])', 'forbidden'),
  row('internals', 'chain("a").typed({"": f()=0}).done()', 'forbidden'),
  row('internals', 'evilMath=chain().create().done()', 'forbidden'),
  row('internals', 'expression.node.ConstantNode.prototype.clone.call({"value":"evaluate"}).evaluate()', 'forbidden'),
  row('internals', '[]["(){}+console.log(1);function a"]()=0', 'syntax'),
  row('internals', '{}["(){}+console.log(1);function a"]()=0', 'syntax'),
  row('internals', 'subset(parse("1"), index("value"), "evaluate")', 'forbidden', 'parse("1")'),
  // mathjs 15.2.0: an object with length/reduce as a matrix index; a property set on an array.
  row('15.2.0', '[1, 2][{length: 1, reduce: cos.constructor}]', 'forbidden'),
  row('15.2.0', 'a = [1]; a.map = cos.constructor', 'forbidden', ';'),
  row('15.2.0', '[1][{length: 1, reduce: cos.constructor}] = 1', 'syntax'),
  // The functions mathjs's security guide calls dangerous, and more plumbing.
  ...[
    'import({matrix: cos.constructor}, {override: 1})',
    'createUnit("foo")',
    'reviver("a")',
    'evaluate("1")',
    'parse("1")',
    'compile("1")',
    'simplify("x")',
    'derivative("x^2", "x")',
    'resolve(a)',
    'rationalize("x")',
    'typed("f", {})',
    'config({number: "BigNumber"})',
    'help(sin)',
    'parser()',
    'chain(1)',
    'create()',
    'factory("x")',
    'on("config", a)',
  ].map((t) => row('dangerous functions', t, 'forbidden', t)),
  // JavaScript's own escape hatches, by name.
  ...['eval("1")', 'Function("return 1")', 'require("fs")', 'setTimeout("1")', 'fetch("http://x")'].map((t) =>
    row('javascript', t, 'forbidden', t),
  ),
  row('javascript', 'process.exit()', 'forbidden'),
  row('javascript', 'globalThis', 'unknown-symbol', 'globalThis'),
  row('javascript', 'this', 'unknown-symbol', 'this'),
  // CVE-2025-12735 (expr-eval): names resolved against the evaluation context, and calling what they hold.
  row('context', 'constructor', 'unknown-symbol', 'constructor'),
  row('context', '__proto__', 'unknown-symbol', '__proto__'),
  row('context', 'prototype', 'unknown-symbol', 'prototype'),
  row('context', 'toString', 'unknown-symbol', 'toString'),
  row('context', 'valueOf(1)', 'forbidden'),
  row('context', 'hasOwnProperty("a")', 'forbidden'),
  row('context', 'a(1)', 'unknown-symbol', 'a'),
  row('context', 'a.call(1)', 'forbidden'),
  row('context', 'R.mod(1, 2)', 'forbidden'),
  row('context', 'Math.sqrt(4)', 'forbidden'),
  // Names the generated code itself uses (v is the scenario's own variable in the test document).
  row('context', 'L0(1)', 'unknown-symbol', 'L0'),
  row('context', 'TT', 'unknown-symbol', 'TT'),
  // Look-alikes: Cyrillic and fullwidth letters, zero-width characters, combining marks.
  row('look-alikes', '\u0441\u043Es(1)', 'syntax', '\u0441'),
  row('look-alikes', '\uFF43\uFF4F\uFF53(1)', 'syntax', '\uFF43'),
  row('look-alikes', 'co\u200Bs(1)', 'syntax', '\u200B'),
  row('look-alikes', 'cons\u200Dtructor', 'syntax', '\u200D'),
  row('look-alikes', 'cos\u200B.constructor', 'syntax'),
  row('look-alikes', '\uFF43\uFF4F\uFF4E\uFF53\uFF54\uFF52\uFF55\uFF43\uFF54\uFF4F\uFF52', 'syntax'),
  row('look-alikes', 'ev\u0430l("1")', 'syntax', '\u0430'),
  row('look-alikes', '\u0456mport("fs")', 'syntax'),
  row('look-alikes', 'co\u0301s(1)', 'syntax'),
  row('look-alikes', 'sqrt\u2060(4)', 'syntax'),
  // Property and index access, matrices, strings, units.
  ...['a.b', 'a["b"]', 'a?.b', 'a[1]', 'a[1:2]', 'a[end]', 'a.b()', 'a?.b()'].map((t) =>
    row('access', t, 'forbidden', t),
  ),
  row('access', 'sqrt?.(4)', 'forbidden', 'sqrt'),
  ...['[1,2]', '[1,2;3,4]', '[]', '{a: 1}', '{}', '1:3', '1:2:3'].map((t) =>
    row('matrices and objects', t, 'forbidden', t),
  ),
  row('matrices and objects', 'matrix([1])', 'forbidden', '[1]'),
  row('matrices and objects', 'zeros(1000000000)', 'unknown-symbol', 'zeros'),
  ...['"a"', "'a'", '""'].map((t) => row('strings', t, 'forbidden', t)),
  row('strings', 'concat("a", "b")', 'forbidden', '"a"'),
  row('units', '5 cm', 'unknown-symbol', 'cm'),
  row('units', '5 cm to inch', 'forbidden'),
  row('units', 'unit("5 cm")', 'forbidden', '"5 cm"'),
  // Assignment and function definition.
  ...['a = 1', 'a.b = 1', 'a[1] = 1', 'f(x) = x', 'f(x) = f(x)', 'f(x, y) = x(y)'].map((t) =>
    row('assignment', t, 'forbidden', t),
  ),
  row('assignment', 'a = 1; a', 'forbidden', ';'),
  row('assignment', 'a\nb', 'forbidden', '\n'),
  // Operators outside the language.
  ...['5!', "a'", 'a xor b', '~a', 'a | b', 'a & b', 'a << 1', 'a >>> 1', 'a .* a', 'a ?? 1', '1 mod 2'].map((t) =>
    row('operators', t, 'forbidden', t),
  ),
  row('operators', '1 % 2', 'forbidden', '%'),
  row('operators', 'a + 10%', 'forbidden', '%'),
  // Constants that are not numbers.
  row('not numbers', 'NaN', 'unknown-symbol', 'NaN'),
  row('not numbers', 'Infinity', 'unknown-symbol', 'Infinity'),
  row('not numbers', '-Infinity', 'unknown-symbol', 'Infinity'),
  row('not numbers', 'Infinity - Infinity', 'unknown-symbol', 'Infinity'),
  row('not numbers', '1e309', 'limit', '1e309'),
  row('not numbers', '2 * 1e999', 'limit', '1e999'),
  row('not numbers', `1${'0'.repeat(400)}`, 'limit'),
  row('not numbers', 'true', 'forbidden', 'true'),
  row('not numbers', 'null', 'forbidden', 'null'),
  row('not numbers', 'undefined', 'forbidden', 'undefined'),
  // Long and deep: `limit`, never a stack overflow.
  row('size', `${'1+'.repeat(EXPRESSION_LIMITS.maxLength / 2)}1`, 'limit'),
  row('size', `${'('.repeat(100_000)}1${')'.repeat(100_000)}`.slice(0, EXPRESSION_LIMITS.maxLength), 'limit'),
  row('size', `${'('.repeat(EXPRESSION_LIMITS.maxDepth + 1)}1${')'.repeat(EXPRESSION_LIMITS.maxDepth + 1)}`, 'limit'),
  row('size', `${'-'.repeat(5_000)}1`, 'limit'),
  row('size', `${'not '.repeat(2_000)}1`, 'limit'),
  row('size', `${'2^'.repeat(3_000)}1`, 'limit'),
  row('size', `${'1?1:'.repeat(1_000)}1`, 'limit'),
  row('size', `${'sqrt('.repeat(1_000)}1${')'.repeat(1_000)}`, 'limit'),
  row('size', `${'['.repeat(3_000)}1`, 'limit'),
  row('size', `${'{a:'.repeat(2_000)}1`, 'limit'),
  row('size', `${'a='.repeat(2_000)}1`, 'limit'),
  row('size', `${'-\n'.repeat(3_000)}1`, 'limit'),
  row('size', `${'1+'.repeat(EXPRESSION_LIMITS.maxTreeDepth + 1)}1`, 'limit'),
  row('size', `${'1 % ('.repeat(40)}1${')'.repeat(40)}`, 'forbidden', '%'),
];
