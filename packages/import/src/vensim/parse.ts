/**
 * The grammar of a Vensim `.mdl` file: a list of equations, each
 * `name = expression ~ units ~ documentation |`, lookup definitions
 * `name( [(x0,y0)-(x1,y1)], (x,y), ... )`, stocks `name = INTEG(rate, initial)`,
 * group headers (`****** .Group ******~ text |`) and macros; the sketch
 * section after `\\\---///` is not read. Expressions follow Vensim's
 * precedence (lowest first): `:OR:`, `:AND:`, `:NOT:`, comparisons,
 * `+ -`, `* /`, unary `+ -`, `^`. Every problem is positioned; one bad
 * equation does not stop the others from being read.
 */
import type { BinaryOp, Expr, Offset, Table } from '../model.js';
import { binaryLevel, Nesting, type TokenStream } from '../grammar.js';
import { nameKey } from '../names.js';
import type { Problems } from '../text.js';
import { Lexer, type Token } from './lexer.js';

export type EquationBody =
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'integ'; readonly rate: Expr; readonly initial: Expr }
  | { readonly kind: 'lookup'; readonly table: Table };

export interface Equation {
  readonly name: string;
  readonly at: Offset;
  readonly body: EquationBody;
  readonly units: string | undefined;
  readonly doc: string | undefined;
  readonly group: string | undefined;
}

export interface ParsedMdl {
  readonly equations: readonly Equation[];
  /** Names defined by equations that could not be imported (already reported), so references to them add no noise. */
  readonly skipped: ReadonlySet<string>;
  /** Macro names (already reported as unsupported). */
  readonly macros: ReadonlySet<string>;
}

/** The sketch section starts at `\\\---///` (Vensim writes three backslashes; other tools two) at a line start. */
const SKETCH_MARKER = /^[ \t]*\\{2,}---\/\/\//m;

/** An equation that cannot be read further: reported, and the reader moves to the next `|`. */
class Stop extends Error {
  constructor(readonly reported: boolean) {
    super('stop');
  }
}

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/** Keywords that introduce a data equation (values read from a .vdf file or a spreadsheet). */
const DATA_KEYWORDS = new Set([':RAW:', ':INTERPOLATE:', ':HOLD BACKWARD:', ':LOOK FORWARD:']);
/** Reality checks: tests of a model, not part of what it computes. */
const CHECK_KEYWORDS = new Set([':THE CONDITION:', ':TEST INPUT:']);

export function parseMdl(text: string, problems: Problems): ParsedMdl {
  return new Parser(text, problems).file();
}

class Parser {
  private readonly lexer: Lexer;
  private readonly end: Offset;
  private readonly equations: Equation[] = [];
  private readonly skipped = new Set<string>();
  private readonly macros = new Set<string>();
  private group: string | undefined;

  constructor(
    private readonly text: string,
    private readonly problems: Problems,
  ) {
    const sketch = SKETCH_MARKER.exec(text);
    this.end = sketch === null ? text.length : sketch.index;
    this.lexer = new Lexer(text, 0, this.end);
  }

  file(): ParsedMdl {
    const lx = this.lexer;
    for (;;) {
      lx.seek(lx.pos);
      lx.skipSpace();
      if (lx.pos >= this.end) break;
      const start = lx.pos;
      if (this.text[start] === '*') {
        this.groupHeader();
        continue;
      }
      const first = lx.peek();
      if (first.kind === 'keyword' && first.text === ':MACRO:') {
        this.macro(first);
        continue;
      }
      try {
        this.equation();
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        this.skipToBar();
      }
    }
    return { equations: this.equations, skipped: this.skipped, macros: this.macros };
  }

  /** `****...\n .Name\n ****...~ text |`: the group's name is kept for the equations that follow. */
  private groupHeader(): void {
    const { text } = this.lexer.raw('|');
    const name = /^\s*\*+\s*\.?([^\r\n*~]*)/.exec(text)?.[1]?.trim();
    this.group = name === '' ? undefined : name;
    this.lexer.seek(this.lexer.pos + 1);
  }

  /** `:MACRO: NAME(args) ... :END OF MACRO:` is reported once and skipped whole. */
  private macro(at: Token): void {
    const lx = this.lexer;
    lx.next();
    const name = lx.peek();
    if (name.kind === 'name') this.macros.add(nameKey(name.text));
    this.problems.add(
      'unsupported',
      `macros (:MACRO: ${name.kind === 'name' ? name.text : ''}) do not import yet; expand the macro into plain equations`,
      at.start,
    );
    const close = /:\s*END\s+OF\s+MACRO\s*:/i.exec(this.text.slice(lx.pos, this.end));
    lx.seek(close ? lx.pos + close.index + close[0].length : this.end);
  }

  private skipToBar(): void {
    const lx = this.lexer;
    lx.raw('|');
    lx.seek(Math.min(lx.pos + 1, this.end));
  }

  private fail(message: string, at: Offset, code: 'import' | 'unsupported' | 'limit' = 'import'): never {
    this.problems.add(code, message, at);
    throw new Stop(true);
  }

  private expectOp(op: string, what: string): Token {
    const t = this.lexer.next();
    if (t.kind === 'op' && t.text === op) return t;
    this.fail(`expected '${op}' ${what}, found ${describe(t)}`, t.start);
  }

  private equation(): void {
    this.nesting.reset();
    const lhs = this.lexer.next();
    if (lhs.kind !== 'name') this.fail(`expected a variable name, found ${describe(lhs)}`, lhs.start);
    const body = this.body(lhs);
    if (body === undefined) return;
    const fields = this.fields();
    this.equations.push({
      name: lhs.text,
      at: lhs.start,
      body,
      units: fields.units,
      doc: fields.doc,
      group: this.group,
    });
  }

  /** What follows the name; undefined for a reality check, which is read past whole. */
  private body(lhs: Token): EquationBody | undefined {
    const lx = this.lexer;
    const after = lx.peek();
    const unsupported = (message: string): never => {
      this.skipped.add(nameKey(lhs.text));
      return this.fail(message, after.start, 'unsupported');
    };
    if (after.kind === 'op' && after.text === '[') {
      return unsupported(`subscripts (arrays) do not import yet: '${lhs.text}[...]'`);
    }
    if (after.kind === 'op' && (after.text === ':' || after.text === '<->')) {
      return unsupported(`subscript ranges do not import yet: '${lhs.text}' defines a subscript range`);
    }
    if (after.kind === 'op' && after.text === ':=') {
      return unsupported(`data equations (':=') do not import yet: '${lhs.text}' reads data`);
    }
    if (after.kind === 'keyword' && DATA_KEYWORDS.has(after.text)) {
      return unsupported(`data from external files does not import: '${lhs.text}' is a data variable (${after.text})`);
    }
    if (after.kind === 'tilde') {
      return unsupported(
        `data from external files does not import: '${lhs.text}' has no equation (a data variable read from a .vdf file)`,
      );
    }
    if (after.kind === 'keyword' && CHECK_KEYWORDS.has(after.text)) {
      // A reality check changes nothing a simulation computes: it is read past.
      this.skipped.add(nameKey(lhs.text));
      this.skipToBar();
      return undefined;
    }
    if (after.kind === 'op' && after.text === '(') {
      lx.next();
      return { kind: 'lookup', table: this.tableBody() };
    }
    if (after.kind === 'op' && (after.text === '=' || after.text === '==')) {
      lx.next();
      const expr = this.expression();
      return expr.kind === 'call' && canonicalFn(expr.fn) === 'INTEG' ? this.integ(expr, lhs) : { kind: 'expr', expr };
    }
    return this.fail(`expected '=', '(' or '~' after '${lhs.text}', found ${describe(after)}`, after.start);
  }

  private integ(call: Extract<Expr, { kind: 'call' }>, lhs: Token): EquationBody {
    if (call.args.length !== 2) {
      this.fail(
        `INTEG takes a rate and an initial value, found ${call.args.length} arguments for '${lhs.text}'`,
        call.at,
      );
    }
    return { kind: 'integ', rate: call.args[0]!, initial: call.args[1]! };
  }

  /** `~ units ~ documentation [~ flags] |`; a missing field is fine, a missing `|` at the end of the file too. */
  private fields(): { units: string | undefined; doc: string | undefined } {
    const lx = this.lexer;
    const t = lx.next();
    if (t.kind === 'bar') return { units: undefined, doc: undefined };
    if (t.kind !== 'tilde') this.fail(`expected '~' after the equation, found ${describe(t)}`, t.start);
    lx.seek(t.end);
    const units = lx.raw('~|');
    let doc: { text: string; stop: string | undefined } | undefined;
    if (units.stop === '~') {
      lx.seek(lx.pos + 1);
      doc = lx.raw('~|');
      if (doc.stop === '~') {
        lx.seek(lx.pos + 1);
        lx.raw('|');
      }
    }
    lx.seek(Math.min(lx.pos + 1, this.end));
    const unitText = units.text
      .replace(/\\\s*(\r\n|\n|\r)/g, ' ')
      .replace(/\[[^\]]*\]\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const docText = doc?.text
      .replace(/\\\s*(\r\n|\n|\r)[ \t]*/g, '')
      .replace(/[ \t]*(\r\n|\n|\r)[ \t]*/g, '\n')
      .trim();
    return { units: unitText === '' ? undefined : unitText, doc: docText === '' ? undefined : docText };
  }

  // ---- expressions ----

  expression(): Expr {
    return this.nested(this.lexer.here(), () => this.or());
  }

  /** The lexer as the shared grammar helpers see it. */
  private readonly stream: TokenStream<Token> = {
    peek: () => this.lexer.peek(),
    next: () => this.lexer.next(),
    offset: (t) => t.start,
    limit: (message, at) => this.fail(message, at, 'limit'),
  };

  private readonly nesting = new Nesting((message, at) => this.fail(message, at, 'limit'));

  private nested<T>(at: Offset, read: () => T): T {
    return this.nesting.within(at, read);
  }

  private level(operand: () => Expr, op: (t: Token) => BinaryOp | undefined, right = operand): Expr {
    return binaryLevel(this.stream, operand, op, right);
  }

  private or(): Expr {
    return this.level(
      () => this.and(),
      (t) => (t.kind === 'keyword' && t.text === ':OR:' ? 'or' : undefined),
    );
  }

  private and(): Expr {
    return this.level(
      () => this.not(),
      (t) => (t.kind === 'keyword' && t.text === ':AND:' ? 'and' : undefined),
    );
  }

  private not(): Expr {
    const t = this.lexer.peek();
    if (t.kind === 'keyword' && t.text === ':NOT:') {
      this.lexer.next();
      return { kind: 'unary', op: 'not', arg: this.nested(t.start, () => this.not()), at: t.start };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    return this.level(
      () => this.additive(),
      (t) => (t.kind === 'op' && COMPARISONS.has(t.text) ? (t.text as BinaryOp) : undefined),
    );
  }

  private additive(): Expr {
    return this.level(
      () => this.multiplicative(),
      (t) => (t.kind === 'op' && (t.text === '+' || t.text === '-') ? t.text : undefined),
    );
  }

  private multiplicative(): Expr {
    return this.level(
      () => this.unary(),
      (t) => (t.kind === 'op' && (t.text === '*' || t.text === '/') ? t.text : undefined),
    );
  }

  /** Unary signs bind more loosely than `^`: `-2^2` is -4, as Vensim computes it. */
  private unary(): Expr {
    const t = this.lexer.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.lexer.next();
      return { kind: 'unary', op: t.text, arg: this.nested(t.start, () => this.unary()), at: t.start };
    }
    return this.power();
  }

  /** `^` associates to the left (`2^3^2` is 64), as in Vensim. */
  private power(): Expr {
    return this.level(
      () => this.primary(),
      (t) => (t.kind === 'op' && t.text === '^' ? '^' : undefined),
      () => this.exponent(),
    );
  }

  private exponent(): Expr {
    const t = this.lexer.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.lexer.next();
      return { kind: 'unary', op: t.text, arg: this.nested(t.start, () => this.exponent()), at: t.start };
    }
    return this.primary();
  }

  private primary(): Expr {
    const lx = this.lexer;
    const t = lx.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value, at: t.start };
      case 'string':
        return { kind: 'string', value: t.text, at: t.start };
      case 'keyword':
        if (t.text === ':NA:')
          this.fail(':NA: (Vensim\'s "not available" value) does not import yet', t.start, 'unsupported');
        this.fail(`unexpected ${t.text} in an expression`, t.start);
        break;
      case 'name': {
        const next = lx.peek();
        if (next.kind === 'op' && next.text === '[') {
          this.fail(`subscripts (arrays) do not import yet: '${t.text}[...]'`, next.start, 'unsupported');
        }
        if (next.kind === 'op' && next.text === '(' && !t.quoted) return this.call(t);
        return { kind: 'name', name: t.text, at: t.start };
      }
      case 'op':
        if (t.text === '(') {
          const inner = this.expression();
          this.expectOp(')', 'to close the parenthesis');
          return inner;
        }
        break;
      default:
        break;
    }
    this.fail(`expected a number, a name or '(', found ${describe(t)}`, t.start);
  }

  private call(fn: Token): Expr {
    const lx = this.lexer;
    lx.next(); // (
    const name = canonicalFn(fn.text);
    if (name === 'TABBED ARRAY')
      this.fail('TABBED ARRAY defines an array: subscripts do not import yet', fn.start, 'unsupported');
    const args: Expr[] = [];
    if (lx.peek().kind === 'op' && lx.peek().text === ')') {
      lx.next();
      return { kind: 'call', fn: fn.text, args, at: fn.start };
    }
    for (;;) {
      if (name === 'WITH LOOKUP' && args.length === 1) {
        const open = this.expectOp('(', 'to start the table of WITH LOOKUP');
        args.push({ kind: 'table', table: this.tableBody(), at: open.start });
      } else {
        args.push(this.expression());
      }
      const t = lx.next();
      if (t.kind === 'op' && t.text === ')') break;
      if (t.kind !== 'op' || t.text !== ',') {
        this.fail(`expected ',' or ')' in the arguments of ${fn.text}, found ${describe(t)}`, t.start);
      }
    }
    return { kind: 'call', fn: fn.text, args, at: fn.start };
  }

  // ---- tables ----

  /** After the opening `(`: an optional `[(xmin,ymin)-(xmax,ymax), reference points]`, then `(x,y)` pairs, then `)`. */
  private tableBody(): Table {
    const lx = this.lexer;
    const xs: number[] = [];
    const ys: number[] = [];
    const start = lx.here();
    if (lx.peek().kind === 'op' && lx.peek().text === '[') {
      lx.next();
      let depth = 1;
      // The range and any reference lines inside it only shape the graph in Vensim's editor.
      while (depth > 0) {
        const t = lx.next();
        if (t.kind === 'eof' || t.kind === 'tilde' || t.kind === 'bar')
          this.fail("the lookup's range '[...]' is not closed", t.start);
        if (t.kind === 'op' && t.text === '[') depth++;
        if (t.kind === 'op' && t.text === ']') depth--;
      }
      const comma = lx.peek();
      if (comma.kind === 'op' && comma.text === ',') lx.next();
    }
    for (;;) {
      const t = lx.next();
      if (t.kind === 'op' && t.text === ')') break;
      if (t.kind === 'op' && t.text === ',' && xs.length > 0) continue;
      if (t.kind !== 'op' || t.text !== '(') {
        this.fail(`expected a point '(x, y)' or ')' in the lookup, found ${describe(t)}`, t.start);
      }
      const x = this.signedNumber();
      this.expectOp(',', 'between x and y of a lookup point');
      const y = this.signedNumber();
      this.expectOp(')', 'to close a lookup point');
      if (xs.length > 0 && !(x > xs[xs.length - 1]!)) {
        this.fail(`lookup x values must increase: ${x} follows ${xs[xs.length - 1]}`, t.start);
      }
      xs.push(x);
      ys.push(y);
    }
    if (xs.length === 0) this.fail('a lookup needs at least one point (x, y)', start);
    return { xs, ys, interpolation: 'linear', extrapolation: 'hold' };
  }

  private signedNumber(): number {
    let sign = 1;
    for (;;) {
      const t = this.lexer.next();
      if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
        if (t.text === '-') sign = -sign;
        continue;
      }
      if (t.kind === 'number') return sign * t.value;
      this.fail(`expected a number in the lookup, found ${describe(t)}`, t.start);
    }
  }
}

/** Function names compare in upper case with single spaces (`if then else` is `IF THEN ELSE`). */
export function canonicalFn(name: string): string {
  return name
    .replace(/[\s_]+/g, ' ')
    .trim()
    .toUpperCase();
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the equations';
    case 'tilde':
      return "'~'";
    case 'bar':
      return "'|'";
    case 'name':
      return `'${t.text}'`;
    default:
      return `'${t.text}'`;
  }
}
