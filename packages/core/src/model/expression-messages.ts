/**
 * What to tell a scenario author about each construct outside the language,
 * phrased as how to fix it. Keyed by mathjs node type or operator `fn`.
 */
import { didYouMean } from '../did-you-mean.js';
import { BUILTIN_FUNCTIONS } from './builtins.js';

export const FUNCTION_LIST = BUILTIN_FUNCTIONS.join(', ');

/** Node kinds that are never part of an expression, with the fallback text to look for when placing them. */
export const FORBIDDEN_NODES: ReadonlyMap<string, { readonly message: string; readonly anchor: string }> = new Map([
  [
    'AssignmentNode',
    {
      message:
        'assignment is not allowed: an expression computes a value; to compare, write ==; to name a value, add a variable to the scenario',
      anchor: '=',
    },
  ],
  [
    'FunctionAssignmentNode',
    { message: 'defining a function is not allowed: use a variable, or a lookup table for a curve', anchor: '=' },
  ],
  [
    'ArrayNode',
    { message: "matrices and lists ('[...]') are not allowed: an expression computes one number", anchor: '[' },
  ],
  ['ObjectNode', { message: "objects ('{...}') are not allowed: an expression computes one number", anchor: '{' }],
  ['RangeNode', { message: "ranges ('a:b') are not allowed: an expression computes one number", anchor: ':' }],
  ['IndexNode', { message: "indexing ('x[...]') is not allowed", anchor: '[' }],
]);

export const PROPERTY_MESSAGE = 'property access is not allowed: names are plain ids, with no dots';
export const INDEX_MESSAGE = "indexing ('x[...]') is not allowed: every symbol is a single number";
export const BLOCK_MESSAGE =
  "an expression is one formula: ';' and line breaks between formulas are not allowed; give each its own variable";

/** Operators mathjs parses that the language leaves out, by mathjs `fn`. */
export const OPERATOR_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['mod', "'mod' is not an operator here: write mod(a, b)"],
  ['xor', "'xor' is not supported: write (a or b) and not (a and b)"],
  ['factorial', "factorial '!' is not supported; for 'not equal' write !=, for logical not write not x"],
  ['ctranspose', "transpose (') is not supported; expressions have no matrices or strings"],
  ['transpose', "transpose (') is not supported; expressions have no matrices or strings"],
  ['dotMultiply', "element-wise '.*' is not supported: write *"],
  ['dotDivide', "element-wise './' is not supported: write /"],
  ['dotPow', "element-wise '.^' is not supported: write ^"],
  ['to', "unit conversion ('to', 'in') is not supported: expressions have no units"],
  ['nullish', "'??' is not supported: values are never null"],
  ['bitAnd', "bitwise '&' is not supported: for logic write and"],
  ['bitOr', "bitwise '|' is not supported: for logic write or"],
  ['bitXor', "bitwise '^|' is not supported"],
  ['bitNot', "bitwise '~' is not supported: for logic write not x"],
  ['leftShift', "bit shift '<<' is not supported: multiply by a power of 2"],
  ['rightArithShift', "bit shift '>>' is not supported: divide by a power of 2"],
  ['rightLogShift', "bit shift '>>>' is not supported"],
]);

/**
 * Names that must never be callable, reported as `forbidden` rather than as an
 * unknown function: the mathjs functions its security guide calls dangerous,
 * the instance plumbing, and JavaScript's own escape hatches.
 */
export const DANGEROUS_FUNCTIONS: ReadonlySet<string> = new Set([
  'import',
  'createUnit',
  'reviver',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'resolve',
  'rationalize',
  'leafCount',
  'symbolicEqual',
  'config',
  'typed',
  'create',
  'factory',
  'chain',
  'help',
  'parser',
  'Parser',
  'Node',
  'SymbolNode',
  'FunctionNode',
  'on',
  'off',
  'once',
  'emit',
  'eval',
  'Function',
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'valueOf',
  'toString',
  'hasOwnProperty',
  'apply',
  'call',
  'bind',
  'require',
  'process',
  'globalThis',
  'global',
  'window',
  'setTimeout',
  'setInterval',
  'fetch',
]);

/** Nudges for common names from other languages. */
const FUNCTION_HINTS: ReadonlyMap<string, string> = new Map([
  ['ln', 'the natural logarithm is log(x)'],
  ['if', 'write condition ? a : b'],
  ['ifelse', 'write condition ? a : b'],
  ['sum', 'write a + b + ...'],
  ['mean', 'write (a + b) / 2'],
  ['avg', 'write (a + b) / 2'],
  ['fix', 'write x < 0 ? ceil(x) : floor(x)'],
  ['exp10', 'write 10 ^ x'],
  ['power', 'write pow(x, y) or x ^ y'],
  ['square', 'write x ^ 2'],
  ['logistic', 'write sigmoid(x)'],
]);

export function unknownFunctionMessage(name: string, lookups: ReadonlySet<string>): string {
  const hint = FUNCTION_HINTS.get(name);
  const ids = [...lookups];
  const some = ids.length > 8 ? `${ids.slice(0, 8).join(', ')}, ...` : ids.join(', ');
  const known = ids.length > 0 ? `${FUNCTION_LIST} and the lookups ${some}` : FUNCTION_LIST;
  const lead = `unknown function '${name}'`;
  if (hint !== undefined) return `${lead}: ${hint}`;
  const near = didYouMean(name, [...BUILTIN_FUNCTIONS, ...ids]);
  if (near !== '') return `${lead}${near} The functions are ${known}`;
  return `${lead}: the functions are ${known}; to multiply by a value, write ${name} * (...)`;
}
