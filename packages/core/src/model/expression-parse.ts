/**
 * mathjs as a parser only. The instance is built from `parseDependencies`
 * alone, so it has no evaluate, compile, simplify, derivative, resolve or
 * createUnit at all; and mathjs nodes never leave this module's callers
 * (they are converted to our own tree), so their `evaluate()` methods are
 * never reachable either.
 */
import { create, parseDependencies } from 'mathjs';

/** Exported for tests that check what the instance can do; nothing else may use it. */
// mathjs types every dependency map as possibly undefined; this one is a constant of the library.
export const parseOnlyMath = create(
  { parseDependencies: parseDependencies as NonNullable<typeof parseDependencies> },
  {},
);

/**
 * The fields of mathjs nodes we read, all optional: every field is checked at
 * run time, so a node of a shape we do not expect is rejected, never trusted.
 */
export interface RawNode {
  readonly type: string;
  readonly value?: unknown;
  readonly name?: unknown;
  readonly op?: unknown;
  readonly fn?: unknown;
  readonly args?: unknown;
  readonly isPercentage?: unknown;
  readonly optional?: unknown;
  readonly content?: unknown;
  readonly condition?: unknown;
  readonly trueExpr?: unknown;
  readonly falseExpr?: unknown;
  readonly conditionals?: unknown;
  readonly params?: unknown;
  readonly object?: unknown;
  readonly index?: unknown;
  readonly dimensions?: unknown;
  readonly dotNotation?: unknown;
  readonly blocks?: unknown;
  forEach(callback: (child: unknown) => void): void;
  toString(): string;
}

export const isRawNode = (x: unknown): x is RawNode =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as { type?: unknown }).type === 'string' &&
  typeof (x as { forEach?: unknown }).forEach === 'function';

export type RawParse =
  | { readonly ok: true; readonly node: RawNode }
  | { readonly ok: false; readonly overflow: boolean; readonly message: string; readonly index: number };

/** Parse, turning every exception into data; a RangeError is a stack overflow that the pre-scan should have prevented. */
export function parseRaw(text: string): RawParse {
  try {
    const node: unknown = parseOnlyMath.parse(text);
    if (!isRawNode(node))
      return { ok: false, overflow: false, message: 'the parser returned no expression', index: -1 };
    return { ok: true, node };
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, overflow: true, message: e.message, index: -1 };
    const message = e instanceof Error ? e.message : String(e);
    // mathjs reports a 1-based column as `char`; past the end means "expected more".
    const char = (e as { char?: unknown }).char;
    const index =
      typeof char === 'number' && Number.isInteger(char) ? Math.min(Math.max(char - 1, 0), text.length) : -1;
    return { ok: false, overflow: false, message: message.replace(/\s*\(char \d+\)\s*$/, ''), index };
  }
}

/**
 * Depth of the parsed tree, without recursion, stopping as soon as it passes
 * `limit`: long left-associative chains (`1+1+...+1`) parse iteratively but
 * still build a tree as deep as they are long, and everything after parsing
 * (toString, our checks, V8 compiling the generated code) recurses over it.
 */
export function treeDepthExceeds(root: RawNode, limit: number): boolean {
  const stack: [RawNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    node.forEach((child) => {
      if (isRawNode(child)) stack.push([child, depth + 1]);
    });
  }
  return false;
}
