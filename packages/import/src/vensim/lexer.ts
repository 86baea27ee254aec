/**
 * The tokens of a Vensim `.mdl` file's equation section, each with its
 * start and end offsets. Names may hold spaces (`Room Temperature`), so a
 * name runs on across white space as long as another name character follows;
 * `"quoted names"` hold anything. `{comments}` and `\` line continuations are
 * white space. Units and documentation are free text, read by `raw`.
 */
import type { Offset } from '../model.js';

export type TokenKind =
  | 'number'
  | 'name'
  | 'string'
  | 'op'
  /** `:AND:`, `:NA:`, `:MACRO:`, `:END OF MACRO:`, `:THE CONDITION:`...: upper case, single spaces. */
  | 'keyword'
  | 'tilde'
  | 'bar'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Names: the display name (quotes removed, white space runs as one space). Others: the text. */
  readonly text: string;
  readonly value: number;
  readonly start: Offset;
  readonly end: Offset;
  readonly quoted: boolean;
}

const NAME_START = /[\p{L}\p{M}_$]/u;
const NAME_PART = /[\p{L}\p{M}\p{N}_$'&%\u00B7]/u;
const DIGIT = /[0-9]/;
const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '==', ':=', '->']);
const ONE_CHAR_OPS = new Set(['+', '-', '*', '/', '^', '=', '<', '>', '(', ')', '[', ']', ',', ';', '!', ':']);

export class Lexer {
  pos: Offset;
  private peeked: Token | undefined;

  constructor(
    readonly text: string,
    start: Offset = 0,
    readonly end: Offset = text.length,
  ) {
    this.pos = start;
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

  /** Move to `at` (after a raw read or an error), dropping a peeked token. */
  seek(at: Offset): void {
    this.pos = at;
    this.peeked = undefined;
  }

  /** Where the next token starts (white space and comments skipped). */
  here(): Offset {
    return this.peek().start;
  }

  /** Skip white space, `\` continuations and `{comments}`; an unclosed comment runs to the end. */
  skipSpace(): void {
    const { text, end } = this;
    while (this.pos < end) {
      const c = text[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00A0') {
        this.pos++;
      } else if (c === '\\' && /^\\[ \t]*(\r\n|\n|\r)/.test(text.slice(this.pos, this.pos + 40))) {
        this.pos = this.pos + (/^\\[ \t]*(\r\n|\n|\r)/.exec(text.slice(this.pos, this.pos + 40))?.[0].length ?? 1);
      } else if (c === '{') {
        const close = text.indexOf('}', this.pos + 1);
        this.pos = close < 0 || close >= end ? end : close + 1;
      } else {
        return;
      }
    }
  }

  private token(kind: TokenKind, text: string, start: Offset, value = 0, quoted = false): Token {
    return { kind, text, value, start, end: this.pos, quoted };
  }

  private read(): Token {
    this.skipSpace();
    const { text, end } = this;
    const start = this.pos;
    if (start >= end) return this.token('eof', '', start);
    const c = text[start]!;
    if (c === '~') {
      this.pos++;
      return this.token('tilde', '~', start);
    }
    if (c === '|') {
      this.pos++;
      return this.token('bar', '|', start);
    }
    if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[start + 1] ?? ''))) return this.number(start);
    if (c === '"') return this.quoted(start);
    if (c === "'") {
      const close = text.indexOf("'", start + 1);
      this.pos = close < 0 || close >= end ? end : close + 1;
      return this.token('string', text.slice(start + 1, close < 0 ? end : close), start);
    }
    if (c === ':') {
      const m = /^:([A-Za-z][A-Za-z ]*[A-Za-z]|[A-Za-z]):/.exec(text.slice(start, start + 40));
      if (m) {
        this.pos = start + m[0].length;
        return this.token('keyword', `:${m[1]!.toUpperCase().replace(/\s+/g, ' ')}:`, start);
      }
    }
    if (text.startsWith('<->', start)) {
      this.pos = start + 3;
      return this.token('op', '<->', start);
    }
    const two = text.slice(start, start + 2);
    if (TWO_CHAR_OPS.has(two)) {
      this.pos = start + 2;
      return this.token('op', two, start);
    }
    if (ONE_CHAR_OPS.has(c)) {
      this.pos++;
      return this.token('op', c, start);
    }
    if (NAME_START.test(c)) return this.name(start);
    this.pos++;
    return this.token('op', c, start);
  }

  private number(start: Offset): Token {
    const m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.text.slice(start, start + 400))!;
    this.pos = start + m[0].length;
    return this.token('number', m[0], start, Number(m[0]));
  }

  /** A name runs over white space (and `\` continuations) only when another name character follows. */
  private name(start: Offset): Token {
    const { text, end } = this;
    let last = start + 1;
    let i = start + 1;
    while (i < end) {
      const c = text[i]!;
      if (NAME_PART.test(c)) {
        i++;
        last = i;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\\' || c === '\n' || c === '\r') {
        let j = i;
        while (j < end) {
          const d = text[j]!;
          if (d === ' ' || d === '\t' || d === '\n' || d === '\r') j++;
          else if (d === '\\' && /^\\[ \t]*(\r\n|\n|\r)/.test(text.slice(j, j + 40))) j++;
          else break;
        }
        if (j < end && j > i && NAME_PART.test(text[j]!)) {
          i = j;
          continue;
        }
      }
      break;
    }
    this.pos = last;
    const display = text
      .slice(start, last)
      .replace(/\\[ \t]*(\r\n|\n|\r)/g, ' ')
      .replace(/\s+/g, ' ');
    return this.token('name', display, start);
  }

  /** `"a \"quoted\" name"`: `\"` and `\\` are escapes; a backslash before anything else is itself. */
  private quoted(start: Offset): Token {
    const { text, end } = this;
    let out = '';
    let i = start + 1;
    while (i < end && text[i] !== '"') {
      if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        out += text[i + 1];
        i += 2;
      } else {
        out += text[i];
        i++;
      }
    }
    this.pos = Math.min(i + 1, end);
    return this.token('name', out.replace(/\s+/g, ' ').trim(), start, 0, true);
  }

  /**
   * Free text up to (not including) the first of `stops` at or after `pos`:
   * units and documentation. Returns the text and where it started.
   */
  raw(stops: string): { text: string; start: Offset; stop: string | undefined } {
    this.peeked = undefined;
    const start = this.pos;
    let i = start;
    while (i < this.end && !stops.includes(this.text[i]!)) i++;
    this.pos = i;
    return { text: this.text.slice(start, i), start, stop: i < this.end ? this.text[i] : undefined };
  }
}
