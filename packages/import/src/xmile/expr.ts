/**
 * XMILE's expression language (OASIS XMILE 1.0, section 3.3): names with
 * underscores or in double quotes, numbers, `IF c THEN a ELSE b`, function
 * calls, and operators by precedence (highest first): `^`; unary `+ - NOT`;
 * `* / MOD`; `+ -`; `< <= > >=`; `= <>`; `AND`; `OR`. Keywords are
 * case-insensitive; `{comments}` are white space. Offsets are mapped back
 * to the file through `at`, since the text was decoded from XML.
 */
import type { BinaryOp, Expr, Offset } from '../model.js';
import { binaryLevel, Nesting, type TokenStream } from '../grammar.js';

type Kind = 'number' | 'name' | 'op' | 'word' | 'eof';

interface Token {
  readonly kind: Kind;
  /** Names: the name; words (IF, AND...): upper case; others: the text. */
  readonly text: string;
  readonly value: number;
  readonly index: number;
}

const WORDS = new Set(['IF', 'THEN', 'ELSE', 'AND', 'OR', 'NOT', 'MOD']);

export class XmileExprError extends Error {
  constructor(
    message: string,
    readonly at: Offset,
    readonly unsupported = false,
    readonly limit = false,
  ) {
    super(message);
  }
}

/** Parse `text` (decoded), whose character i stands at file offset `at(i)`. */
export function parseXmileExpr(text: string, at: (index: number) => Offset): Expr {
  const p = new XmileParser(text, at);
  const e = p.expression();
  const t = p.next();
  if (t.kind === 'name' && e.kind === 'name') {
    throw new XmileExprError(
      `'${e.name} ${t.text}' reads as two names: in XMILE a name with spaces is written with underscores or in quotes`,
      at(t.index),
    );
  }
  if (t.kind !== 'eof') throw new XmileExprError(`unexpected ${describe(t)} after the expression`, at(t.index));
  return e;
}

class XmileParser {
  private pos = 0;
  private peeked: Token | undefined;

  constructor(
    private readonly text: string,
    private readonly at: (index: number) => Offset,
  ) {}

  private fail(message: string, index: number, unsupported = false): never {
    throw new XmileExprError(message, this.at(index), unsupported);
  }

  peek(): Token {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }

  private read(): Token {
    const { text } = this;
    for (;;) {
      while (this.pos < text.length && /\s/.test(text[this.pos]!)) this.pos++;
      if (text[this.pos] !== '{') break;
      const close = text.indexOf('}', this.pos);
      this.pos = close < 0 ? text.length : close + 1;
    }
    const index = this.pos;
    if (index >= text.length) return { kind: 'eof', text: '', value: 0, index };
    const rest = text.slice(index, index + 400);
    const number = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(rest);
    if (number) {
      this.pos += number[0].length;
      return { kind: 'number', text: number[0], value: Number(number[0]), index };
    }
    if (text[index] === '"') {
      let out = '';
      let i = index + 1;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          out += text[i + 1];
          i += 2;
        } else {
          out += text[i];
          i++;
        }
      }
      if (i >= text.length) this.fail('a quoted name is not closed', index);
      this.pos = i + 1;
      return { kind: 'name', text: out, value: 0, index };
    }
    const name = /^[\p{L}\p{M}_$][\p{L}\p{M}\p{N}_$.]*/u.exec(rest);
    if (name) {
      this.pos += name[0].length;
      const upper = name[0].toUpperCase();
      return WORDS.has(upper)
        ? { kind: 'word', text: upper, value: 0, index }
        : { kind: 'name', text: name[0], value: 0, index };
    }
    if (text[index] === '?') {
      this.fail("'?' stands where an equation should be: the published model is incomplete", index);
    }
    const op = /^(<=|>=|<>|[-+*/^()[\],=<>])/.exec(rest);
    if (op) {
      this.pos += op[0].length;
      return { kind: 'op', text: op[0], value: 0, index };
    }
    this.fail(`unexpected character '${text[index]}'`, index);
  }

  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'op' && ops.includes(t.text);
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text === word;
  }

  expression(): Expr {
    return this.nested(this.peek().index, () => this.or());
  }

  private readonly stream: TokenStream<Token> = {
    peek: () => this.peek(),
    next: () => this.next(),
    offset: (t) => this.at(t.index),
    limit: (message, at) => {
      throw new XmileExprError(message, at, false, true);
    },
  };

  private readonly nesting = new Nesting(this.stream.limit);

  private nested<T>(index: number, read: () => T): T {
    return this.nesting.within(this.at(index), read);
  }

  private level(operand: () => Expr, op: (t: Token) => BinaryOp | undefined, right = operand): Expr {
    return binaryLevel(this.stream, operand, op, right);
  }

  private or(): Expr {
    return this.level(
      () => this.and(),
      (t) => (this.isWord(t, 'OR') ? 'or' : undefined),
    );
  }

  private and(): Expr {
    return this.level(
      () => this.equality(),
      (t) => (this.isWord(t, 'AND') ? 'and' : undefined),
    );
  }

  private equality(): Expr {
    return this.level(
      () => this.relational(),
      (t) => (this.isOp(t, '=', '<>') ? (t.text as BinaryOp) : undefined),
    );
  }

  private relational(): Expr {
    return this.level(
      () => this.additive(),
      (t) => (this.isOp(t, '<', '<=', '>', '>=') ? (t.text as BinaryOp) : undefined),
    );
  }

  private additive(): Expr {
    return this.level(
      () => this.multiplicative(),
      (t) => (this.isOp(t, '+', '-') ? (t.text as BinaryOp) : undefined),
    );
  }

  private multiplicative(): Expr {
    return this.level(
      () => this.unary(),
      (t) => (this.isOp(t, '*', '/') ? (t.text as BinaryOp) : this.isWord(t, 'MOD') ? 'mod' : undefined),
    );
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isOp(t, '-', '+')) {
      this.next();
      return {
        kind: 'unary',
        op: t.text as '-' | '+',
        arg: this.nested(t.index, () => this.unary()),
        at: this.at(t.index),
      };
    }
    if (this.isWord(t, 'NOT')) {
      this.next();
      return { kind: 'unary', op: 'not', arg: this.nested(t.index, () => this.unary()), at: this.at(t.index) };
    }
    return this.power();
  }

  /** `^` associates to the left (`2^3^2` is 64). */
  private power(): Expr {
    return this.level(
      () => this.primary(),
      (t) => (this.isOp(t, '^') ? '^' : undefined),
      () => this.exponent(),
    );
  }

  private exponent(): Expr {
    const t = this.peek();
    if (this.isOp(t, '-', '+')) {
      this.next();
      return {
        kind: 'unary',
        op: t.text as '-' | '+',
        arg: this.nested(t.index, () => this.exponent()),
        at: this.at(t.index),
      };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.next();
    const at = this.at(t.index);
    if (t.kind === 'number') return { kind: 'number', value: t.value, at };
    // MOD is an operator (a MOD b) and a function (MOD(a, b)).
    if (this.isWord(t, 'MOD') && this.isOp(this.peek(), '(')) return this.call(t);
    if (this.isWord(t, 'IF')) {
      const test = this.expression();
      if (!this.isWord(this.next(), 'THEN')) this.fail('IF needs THEN', t.index);
      const whenTrue = this.expression();
      if (!this.isWord(this.next(), 'ELSE')) this.fail('IF ... THEN needs ELSE', t.index);
      return { kind: 'if', test, whenTrue, whenFalse: this.expression(), at };
    }
    if (this.isOp(t, '(')) {
      const inner = this.expression();
      const close = this.next();
      if (!this.isOp(close, ')')) this.fail(`expected ')', found ${describe(close)}`, close.index);
      return inner;
    }
    if (t.kind === 'name') {
      const after = this.peek();
      if (this.isOp(after, '['))
        this.fail(`arrays (subscripts) do not import yet: '${t.text}[...]'`, after.index, true);
      if (this.isOp(after, '(')) return this.call(t);
      return { kind: 'name', name: t.text, at };
    }
    this.fail(`expected a number, a name or '(', found ${describe(t)}`, t.index);
  }

  private call(fn: Token): Expr {
    this.next(); // (
    const args: Expr[] = [];
    if (this.isOp(this.peek(), ')')) {
      this.next();
    } else {
      for (;;) {
        args.push(this.expression());
        const t = this.next();
        if (this.isOp(t, ')')) break;
        if (!this.isOp(t, ','))
          this.fail(`expected ',' or ')' in the arguments of ${fn.text}, found ${describe(t)}`, t.index);
      }
    }
    return { kind: 'call', fn: fn.text, args, at: this.at(fn.index) };
  }
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'the end of the equation' : `'${t.text}'`;
}
