/**
 * mathjs nodes carry no source offsets, so problems are placed by finding the
 * node's text again. Each kind of search remembers where its last hit for the
 * same text ended, so `foo(1) + foo(1)` reports two different places.
 */

export interface Place {
  readonly index: number;
  readonly snippet: string;
}

const isNameChar = (c: string | undefined) =>
  c !== undefined &&
  ((c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    c === '_' ||
    c === '$' ||
    c > '\u007f');

function shown(node: { toString(): string }): string {
  try {
    return node.toString();
  } catch {
    return ''; // only positions depend on it
  }
}

export class Locator {
  private readonly compact: string;
  /** Offset in the text of each character of `compact`. */
  private readonly offsets: number[] = [];
  private readonly cursors = new Map<string, number>();

  constructor(private readonly text: string) {
    let compact = '';
    for (let i = 0; i < text.length; i++) {
      if (!/\s/.test(text[i]!)) {
        compact += text[i];
        this.offsets.push(i);
      }
    }
    this.compact = compact;
  }

  /** `wanted` as written, ignoring whitespace (mathjs's toString spaces operators out). */
  find(wanted: string): Place | undefined {
    const key = wanted.replace(/\s+/g, '');
    if (key === '') return undefined;
    const cursor = `f${key}`;
    const at = this.compact.indexOf(key, this.cursors.get(cursor) ?? 0);
    if (at < 0) return undefined;
    this.cursors.set(cursor, at + key.length);
    const start = this.offsets[at]!;
    const end = this.offsets[at + key.length - 1]! + 1;
    return { index: start, snippet: this.text.slice(start, end) };
  }

  /** Where a node's own text stands, found again from mathjs's rendering of it. */
  node(node: { toString(): string }): Place | undefined {
    return this.find(shown(node));
  }

  /**
   * Where a node stands: its own text; else, from the `anchor` text, the
   * bracketed group it opens (mathjs prints `{a: 1}` as `{"a": 1}`) or the
   * anchor alone; else unknown, still showing the node's text.
   */
  place(node: { toString(): string }, anchor?: string): Place {
    const text = shown(node);
    const found = this.find(text);
    if (found) return found;
    const at = anchor === undefined ? undefined : this.find(anchor);
    if (at && (anchor === '[' || anchor === '{'))
      return { index: at.index, snippet: this.text.slice(at.index, this.closing(at.index)) };
    return at ?? { index: -1, snippet: text };
  }

  /** `name` standing alone as a name (not inside a longer name or after a dot). */
  word(name: string): Place | undefined {
    const at = this.nextWord(name, this.cursors.get(`w${name}`) ?? 0);
    if (at < 0) return undefined;
    this.cursors.set(`w${name}`, at + name.length);
    return { index: at, snippet: name };
  }

  /** The call `name(...)` with its arguments, brackets balanced and strings skipped. */
  call(name: string): Place | undefined {
    let from = this.cursors.get(`c${name}`) ?? 0;
    for (;;) {
      const at = this.nextWord(name, from);
      if (at < 0) return undefined;
      from = at + 1;
      let i = at + name.length;
      while (i < this.text.length && /\s/.test(this.text[i]!)) i++;
      if (this.text[i] !== '(') continue;
      const end = this.closing(i);
      this.cursors.set(`c${name}`, at + name.length);
      return { index: at, snippet: this.text.slice(at, end) };
    }
  }

  private nextWord(name: string, from: number): number {
    if (name === '') return -1;
    for (;;) {
      const at = this.text.indexOf(name, from);
      if (at < 0) return -1;
      const before = this.text[at - 1];
      if (!isNameChar(before) && before !== '.' && !isNameChar(this.text[at + name.length])) return at;
      from = at + 1;
    }
  }

  /** The offset just past the bracket that closes the one at `open` (or the end of the text). */
  private closing(open: number): number {
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === '"' || c === "'") {
        i++;
        while (i < this.text.length && this.text[i] !== c) i += this.text[i] === '\\' ? 2 : 1;
      } else if (c === '(' || c === '[' || c === '{') {
        depth++;
      } else if ((c === ')' || c === ']' || c === '}') && --depth === 0) {
        return i + 1;
      }
    }
    return this.text.length;
  }
}
