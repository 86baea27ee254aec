/**
 * Checks on untrusted scenario text and values that the YAML parser and the
 * schema do not make: characters a terminal would interpret, nesting deep
 * enough to overflow a recursive parser, documents that aliases (or extends
 * chains) expand far beyond their text, cycles, and `__proto__` keys, which
 * plain objects and zod records silently drop. Every walk here is iterative:
 * the input decides how deep it goes.
 */
import type { CST } from 'yaml';
import type { KeyPath } from '../errors.js';

/**
 * C0 controls but tab, line feed and carriage return; DEL; C1 controls. ESC
 * (U+001B) starts terminal escape sequences, and problems and titles are
 * printed to terminals.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function controlCharacterAt(text: string): number {
  return text.search(CONTROL);
}

export function describeCharacter(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** 1-based line and column of an offset, counting `\n` (and a lone `\r`) as line breaks, as the YAML parser does. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * The offset of the first collection nested more than `maxDepth` deep in the
 * parsed token tree, or -1. The token parser is iterative; the composer that
 * follows it recurses once per level, so this runs between the two.
 */
export function tooDeepAt(tokens: readonly CST.Token[], maxDepth: number): number {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [token, depth] = top;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > maxDepth) return token.offset;
    for (const item of token.items) {
      if ('key' in item && item.key) stack.push([item.key, depth + 1]);
      if ('value' in item && item.value) stack.push([item.value, depth + 1]);
    }
  }
  return -1;
}

export type ValueIssue =
  | { readonly kind: 'nodes'; readonly path: KeyPath }
  | { readonly kind: 'depth'; readonly path: KeyPath; readonly cycle: boolean }
  | { readonly kind: 'control'; readonly path: KeyPath; readonly character: string; readonly inKey: boolean }
  | { readonly kind: 'proto'; readonly path: KeyPath };

export interface ValueLimits {
  readonly maxNodes: number;
  readonly maxDepth: number;
}

interface Frame {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Frame | undefined;
  readonly depth: number;
}

function pathOf(frame: Frame | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f = frame; f && f.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Walk a parsed value the way every later stage will (counting a shared node
 * once per reference, as zod and JSON.stringify see it) and report what the
 * later stages cannot be trusted with. Stops at the first size or depth issue,
 * and after `maxIssues` issues in all; without `contents`, only size and depth
 * are checked.
 */
export function inspectValue(
  root: unknown,
  limits: ValueLimits,
  { maxIssues = 20, contents = true }: { readonly maxIssues?: number; readonly contents?: boolean } = {},
): ValueIssue[] {
  const issues: ValueIssue[] = [];
  const stack: Frame[] = [{ value: root, key: undefined, parent: undefined, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0 && issues.length < maxIssues) {
    const frame = stack.pop();
    if (frame === undefined) break;
    const v = frame.value;
    if (++nodes > limits.maxNodes) {
      issues.push({ kind: 'nodes', path: pathOf(frame) });
      break;
    }
    if (typeof v === 'string') {
      if (!contents) continue;
      const at = v.search(CONTROL);
      if (at >= 0) issues.push({ kind: 'control', path: pathOf(frame), character: v.charAt(at), inKey: false });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (frame.depth >= limits.maxDepth) {
      let cycle = false;
      for (let f = frame.parent; f && !cycle; f = f.parent) cycle = f.value === v;
      issues.push({ kind: 'depth', path: pathOf(frame), cycle });
      break;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], key: i, parent: frame, depth: frame.depth + 1 });
    } else if (isPlainObject(v)) {
      // Pushed last key first, so keys are visited in document order.
      for (const key of Object.keys(v).reverse()) {
        const child: Frame = { value: v[key], key, parent: frame, depth: frame.depth + 1 };
        const at = contents ? key.search(CONTROL) : -1;
        if (at >= 0) issues.push({ kind: 'control', path: pathOf(child), character: key.charAt(at), inKey: true });
        else if (contents && key === '__proto__') issues.push({ kind: 'proto', path: pathOf(child) });
        else stack.push(child);
      }
    }
  }
  return issues.slice(0, maxIssues);
}
