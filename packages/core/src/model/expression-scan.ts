/**
 * A lexical pass over the expression text before mathjs sees it. mathjs's
 * parser is recursive descent: every parenthesis costs about 20 stack frames
 * (500 nested parentheses overflow Node's stack) and unary operators, `^`,
 * `?:` and `=` recurse too. This pass bounds that recursion so the parser can
 * never overflow, and it finds every `%`, which the parser must not see in
 * bulk: mathjs decides between percentage and modulo by trial-parsing the
 * next operand, which makes `1 % (1 % (1 % ...))` take exponential time
 * (20 levels: seconds).
 */
import type { ExprProblem } from './expression-tree.js';

export interface ScanLimits {
  readonly maxLength: number;
  readonly maxDepth: number;
}

export interface ScanResult {
  /** Over a limit: the text must not be parsed. */
  readonly fatal: boolean;
  readonly problems: ExprProblem[];
  /** How many `%` were found (each already reported). */
  readonly percents: number;
}

/** Words the parser treats as binary operators when they follow an operand. */
const WORD_OPERATORS = new Set(['and', 'or', 'xor', 'mod', 'to', 'in']);

const isDigit = (c: string) => c >= '0' && c <= '9';
// mathjs accepts letters from most scripts in names; anything non-ASCII counts as a name character here.
const isNameStart = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$' || c > '\u007f';
const isNameChar = (c: string) => isNameStart(c) || isDigit(c);

const NUMBER = /(?:0[xXbBoO][0-9a-fA-F]+(?:i\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;

export const PERCENT_MESSAGE =
  "'%' is not an operator here: write mod(a, b) for a remainder, or x / 100 for a percentage";

/**
 * Recursion depth is counted per bracket level: 1 for the bracket, plus the
 * `?`/`=` seen since the last `,`/`;` at that level (right-nested), plus the
 * current run of unary operators and `^` (unwound by the next lower-precedence
 * operator). Over-counting only makes the limit stricter, never unsafe.
 */
export function scanExpression(text: string, limits: ScanLimits): ScanResult {
  const problems: ExprProblem[] = [];
  if (text.length > limits.maxLength) {
    problems.push({
      code: 'limit',
      message: `the expression is ${text.length} characters long, over the limit of ${limits.maxLength} (maxLength); split it into several variables`,
      snippet: '',
      index: limits.maxLength,
    });
    return { fatal: true, problems, percents: 0 };
  }
  const conds: number[] = [0];
  const chains: number[] = [0];
  let depth = 0;
  let expectOperand = true;
  let percents = 0;

  const top = () => conds.length - 1;
  const resetChain = () => {
    depth -= chains[top()]!;
    chains[top()] = 0;
  };
  const resetLevel = () => {
    resetChain();
    depth -= conds[top()]!;
    conds[top()] = 0;
  };
  // Returns false once the depth is over the limit.
  const deeper = (kind: 'cond' | 'chain' | 'bracket', at: number): boolean => {
    if (kind === 'cond') conds[top()]!++;
    else if (kind === 'chain') chains[top()]!++;
    else {
      conds.push(0);
      chains.push(0);
    }
    depth++;
    if (depth <= limits.maxDepth) return true;
    problems.push({
      code: 'limit',
      message: `the expression nests deeper than ${limits.maxDepth} levels (maxDepth: parentheses, unary operators, ^ and ?: all count); split it into several variables`,
      snippet: text.slice(at, at + 20),
      index: at,
    });
    return false;
  };
  const binary = () => {
    resetChain();
    expectOperand = true;
  };
  // An operand right after an operand is an implicit multiplication, which unwinds unary and ^ runs.
  const operand = () => {
    if (!expectOperand) resetChain();
    expectOperand = false;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1] ?? '';
    if (c === '\n') {
      // A line break ends a formula only where one is complete; after an operator mathjs reads on.
      if (top() === 0 && !expectOperand) {
        resetLevel();
        expectOperand = true;
      }
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || (c === "'" && expectOperand)) {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      operand();
    } else if (isDigit(c) || (c === '.' && isDigit(next))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      i += m ? m[0].length : 1;
      operand();
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (j < text.length && isNameChar(text[j]!)) j++;
      const word = text.slice(i, j);
      if (word === 'not' && expectOperand) {
        if (!deeper('chain', i)) return { fatal: true, problems, percents };
      } else if (WORD_OPERATORS.has(word) && !expectOperand) {
        binary();
      } else {
        operand();
      }
      i = j;
    } else if (c === '(' || c === '[' || c === '{') {
      if (!deeper('bracket', i)) return { fatal: true, problems, percents };
      expectOperand = true;
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (top() > 0) {
        depth -= 1 + conds[top()]! + chains[top()]!;
        conds.pop();
        chains.pop();
      }
      expectOperand = false;
      i++;
    } else if (c === ',' || c === ';') {
      resetLevel();
      expectOperand = true;
      i++;
    } else if ((c === '=' || c === '<' || c === '>' || c === '!') && next === '=') {
      binary(); // == <= >= != before `=` could be mistaken for an assignment
      i += 2;
    } else if (c === '%') {
      percents++;
      problems.push({ code: 'forbidden', message: PERCENT_MESSAGE, snippet: '%', index: i });
      binary();
      i++;
    } else if (c === '?' && next === '?') {
      binary();
      i += 2;
    } else if (c === '?' && next === '.' && !isDigit(text[i + 2] ?? '')) {
      i += 2; // optional chaining: property access, rejected after parsing
    } else if (c === '?' || (c === '=' && next !== '=')) {
      resetChain();
      if (!deeper('cond', i)) return { fatal: true, problems, percents };
      expectOperand = true;
      i++;
    } else if ((c === '^' && next !== '|') || (c === '.' && next === '^')) {
      if (!expectOperand && !deeper('chain', i)) return { fatal: true, problems, percents };
      expectOperand = true;
      i += c === '.' ? 2 : 1;
    } else if ((c === '-' || c === '+' || c === '~') && expectOperand) {
      if (!deeper('chain', i)) return { fatal: true, problems, percents };
      i++;
    } else if (c === '!' || c === "'" || (c === '.' && next === "'")) {
      i += c === '.' ? 2 : 1; // postfix factorial or transpose: still after an operand
    } else if (c === '.' && isNameStart(next)) {
      i++; // property access: the name that follows continues the operand
      while (i < text.length && isNameChar(text[i]!)) i++;
      expectOperand = false;
    } else {
      // Any other operator character (+ - * / < > = ! & | : ^| .* ./) binds looser than unary and ^.
      binary();
      i++;
    }
  }
  return { fatal: false, problems, percents };
}
