/**
 * Where the cursor stands in the YAML: the key path of the mapping it is in
 * and whether it is on a key or a value, read from CodeMirror's YAML syntax
 * tree (block and flow style alike). On a blank line the tree has no node
 * there, so the indentation of the lines above says which mapping it is in.
 */
import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';
import type { PathSegment } from './schema.js';

export interface Place {
  /** Path of the mapping (role `key`) or of the key whose value it is (role `value`). */
  readonly path: PathSegment[];
  readonly role: 'key' | 'value';
  /** Start of the word being typed (replaced by a completion). */
  readonly from: number;
  /** Keys already in that mapping, with their scalar values ('' for the others). */
  readonly written: Map<string, string>;
}

const keyText = (state: EditorState, pair: SyntaxNode): string | undefined => {
  const key = pair.getChild('Key');
  return key ? unquote(state.sliceDoc(key.from, key.to)) : undefined;
};

const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/** Path from the document's root down to the value that holds `node`. */
function pathOf(state: EditorState, node: SyntaxNode | null): PathSegment[] {
  const path: PathSegment[] = [];
  let child: SyntaxNode | null = null;
  for (let n = node; n !== null; child = n, n = n.parent) {
    if (n.name === 'Pair' && child !== null && child.name !== 'Key') {
      const key = keyText(state, n);
      if (key !== undefined) path.push(key);
    } else if (n.name === 'Item' || (n.parent?.name === 'FlowSequence' && n.name !== '[' && n.name !== ',')) {
      let index = 0;
      for (let s = n.prevSibling; s !== null; s = s.prevSibling) if (s.name === n.name) index++;
      path.push(index);
    }
  }
  return path.reverse();
}

/** The keys and scalar values of the mapping node `map`. */
function writtenIn(state: EditorState, map: SyntaxNode | null): Map<string, string> {
  const out = new Map<string, string>();
  if (map === null) return out;
  for (let p = map.firstChild; p !== null; p = p.nextSibling) {
    if (p.name !== 'Pair') continue;
    const key = keyText(state, p);
    if (key === undefined) continue;
    const value = p.lastChild;
    const scalar =
      value && value.name !== 'Key' && /Literal$/.test(value.name) ? state.sliceDoc(value.from, value.to) : '';
    out.set(key, unquote(scalar));
  }
  return out;
}

const isMapping = (n: SyntaxNode | null): boolean =>
  n !== null && (n.name === 'BlockMapping' || n.name === 'FlowMapping');

export function placeAt(state: EditorState, pos: number): Place {
  const line = state.doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  const word = /[\w.-]*$/.exec(before)?.[0] ?? '';
  const from = pos - word.length;
  const node = syntaxTree(state).resolveInner(pos, -1);

  // On a key, or a bare word where a key would go.
  for (let n: SyntaxNode | null = node; n !== null; n = n.parent) {
    if (n.name === 'Key') {
      const pair = n.parent!;
      return { path: pathOf(state, pair.parent), role: 'key', from, written: writtenIn(state, pair.parent) };
    }
    if (n.name === 'Pair') {
      const colon = n.getChild(':');
      if (colon !== null && pos > colon.from) {
        return {
          path: [...pathOf(state, n.parent), keyText(state, n) ?? ''],
          role: 'value',
          from,
          written: new Map(),
        };
      }
      break;
    }
    if (isMapping(n) || n.name === 'Item' || n.name === 'Document') break;
  }
  if (/^\s*(-\s+)?[\w.-]*$/.test(before)) return blankLinePlace(state, pos, from, before);
  // Inside a one-line flow mapping the tree has not closed yet: "  x: { dist: nor".
  const flow = /^(\s*)(?:-\s+)?([\w.-]+):\s*\{(?:[^{}]*,)?\s*([\w.-]+)?(:\s*)?[\w.-]*$/.exec(before);
  if (flow) {
    const indent = flow[1]!;
    const owner = blankLinePlace(state, line.from + indent.length, from, indent);
    const path = [...owner.path, flow[2]!];
    const written = new Map<string, string>();
    for (const m of before.slice(before.indexOf('{') + 1).matchAll(/([\w.-]+):\s*([^,}]*)/g))
      written.set(m[1]!, m[2]!.trim());
    if (flow[4] !== undefined && flow[3] !== undefined)
      return { path: [...path, flow[3]], role: 'value', from, written: new Map() };
    return { path, role: 'key', from, written };
  }
  // After "key: " on a line the tree could not yet read as a pair.
  const m = /^(\s*)(?:-\s+)?([\w.-]+):\s+[\w.-]*$/.exec(before);
  if (m) {
    const container = blankLinePlace(state, line.from + m[1]!.length, line.from + m[1]!.length, m[1]!);
    return { path: [...container.path, m[2]!], role: 'value', from, written: new Map() };
  }
  return { path: pathOf(state, node), role: 'key', from, written: new Map() };
}

/**
 * The mapping a line stands in, from the lines above it: the nearest one
 * less indented than the cursor's column is its parent (a `key:` opening a
 * block, or a `- ` list item).
 */
function blankLinePlace(state: EditorState, pos: number, from: number, before: string): Place {
  const dash = /^(\s*)-\s+/.exec(before);
  const column = dash ? dash[0].length : before.length - before.trimStart().length;
  const here = state.doc.lineAt(pos).number;
  for (let n = here - 1; n >= 1; n--) {
    const text = state.doc.line(n).text;
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    const indent = text.length - text.trimStart().length;
    const item = /^(\s*)-\s+/.exec(text);
    const keyColumn = item ? item[0].length : indent;
    if (keyColumn >= column && !(item && indent < column)) continue;
    const lineFrom = state.doc.line(n).from;
    if (item && keyColumn === column) {
      // A sibling key in the same list item: the item's mapping.
      const inside = syntaxTree(state).resolveInner(lineFrom + keyColumn, 1);
      const map = ancestor(inside, isMapping);
      return { path: pathOf(state, map), role: 'key', from, written: writtenIn(state, map) };
    }
    if (keyColumn >= column) continue;
    const keyMatch = /^([\w.-]+|"[^"]*"|'[^']*')\s*:\s*(#.*)?$/.exec(text.slice(keyColumn));
    if (!keyMatch) return { path: [], role: 'key', from, written: new Map() };
    const keyNode = syntaxTree(state).resolveInner(lineFrom + keyColumn, 1);
    const pair = ancestor(keyNode, (x) => x.name === 'Pair');
    const path = pair ? [...pathOf(state, pair.parent), keyText(state, pair) ?? ''] : [unquote(keyMatch[1]!)];
    const map = pair?.lastChild && isMapping(pair.lastChild) ? pair.lastChild : null;
    if (dash) return { path: [...path, 0], role: 'key', from, written: new Map() };
    return { path, role: 'key', from, written: writtenIn(state, map) };
  }
  const top = syntaxTree(state).topNode.firstChild?.firstChild ?? null;
  return { path: [], role: 'key', from, written: writtenIn(state, isMapping(top) ? top : null) };
}

function ancestor(n: SyntaxNode | null, test: (n: SyntaxNode) => boolean): SyntaxNode | null {
  for (let x = n; x !== null; x = x.parent) if (test(x)) return x;
  return null;
}

/** The keys of the document's top-level mapping. */
export function topKeys(state: EditorState): Set<string> {
  const top = syntaxTree(state).topNode.firstChild?.firstChild ?? null;
  return new Set(writtenIn(state, isMapping(top) ? top : null).keys());
}

/** The key under `pos` and its path, for a hover. */
export function keyAt(state: EditorState, pos: number): { path: PathSegment[]; from: number; to: number } | null {
  const node = syntaxTree(state).resolveInner(pos, 1);
  for (let n: SyntaxNode | null = node; n !== null; n = n.parent) {
    if (n.name === 'Key') {
      const pair = n.parent!;
      return { path: [...pathOf(state, pair.parent), keyText(state, pair) ?? ''], from: n.from, to: n.to };
    }
    if (n.name === 'Pair' || isMapping(n)) return null;
  }
  return null;
}
