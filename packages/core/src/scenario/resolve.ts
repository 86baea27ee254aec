import type { KeyPath, Problem } from '../errors.js';
import { err, ok, type Result } from '../result.js';
import { checkExpandedValue, type SourceDocument } from './source.js';

/** Finds a parent scenario by id; the core never touches the disk, its callers do. */
export type ParentResolver = (id: string) => SourceDocument | undefined;

export const MAX_EXTENDS_DEPTH = 16;

const NEVER_INHERITED = new Set(['id', 'title', 'description', 'extends']);

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Flatten `extends`: start from the parent (resolved recursively), merge the
 * child over it. Maps merge key by key, other values replace, `null` removes.
 * The result has no `extends` key and remembers each key's own file.
 */
export function resolveExtends(src: SourceDocument, resolve: ParentResolver): Result<SourceDocument, Problem[]> {
  const flat = resolveChain(src, resolve, []);
  if (!flat.ok || flat.value === src) return flat;
  // Each file was checked alone; a chain of them can still add up past the size limits.
  const problems = checkExpandedValue(flat.value);
  return problems.length > 0 ? err(problems) : flat;
}

function resolveChain(
  src: SourceDocument,
  resolve: ParentResolver,
  chain: string[],
): Result<SourceDocument, Problem[]> {
  const doc = src.value;
  if (!isPlain(doc) || doc['extends'] === undefined) return ok(src);
  const id = typeof doc['id'] === 'string' ? doc['id'] : src.file;
  const parentId = doc['extends'];
  const fail = (message: string, code: 'extends' | 'limit' = 'extends') => {
    const pos = src.locate(['extends']);
    return err([{ code, message, file: pos.file, path: ['extends'], line: pos.line, column: pos.column }]);
  };
  if (typeof parentId !== 'string') return ok(src); // the schema reports the type
  const here = [...chain, id];
  if (here.includes(parentId)) return fail(`extends makes a cycle: ${[...here, parentId].join(' -> ')}`);
  if (here.length > MAX_EXTENDS_DEPTH) {
    return fail(
      `extends is nested more than ${MAX_EXTENDS_DEPTH} deep (MAX_EXTENDS_DEPTH): ${here.join(' -> ')}`,
      'limit',
    );
  }
  const parentSrc = resolve(parentId);
  if (!parentSrc) return fail(`parent scenario '${parentId}' not found (chain: ${[...here, parentId].join(' -> ')})`);
  const parent = resolveChain(parentSrc, resolve, here);
  if (!parent.ok) return parent;
  const base = parent.value.value;
  if (!isPlain(base)) return ok(src);
  const merged: Plain = {};
  for (const [k, v] of Object.entries(base)) if (!NEVER_INHERITED.has(k)) setOwn(merged, k, v);
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'extends') continue;
    mergeKey(merged, k, v);
  }
  const child = src;
  const parentDoc = parent.value;
  return ok({
    file: src.file,
    value: merged,
    locate(path: KeyPath, snippet?: string, atKey?: boolean) {
      const a = child.locate(path, snippet, atKey);
      const b = parentDoc.locate(path, snippet, atKey);
      return b.depth > a.depth ? b : a;
    },
  });
}

function mergeKey(target: Plain, key: string, value: unknown): void {
  if (value === null) {
    delete target[key];
    return;
  }
  const prior = target[key];
  if (isPlain(prior) && isPlain(value)) {
    const out: Plain = { ...prior };
    for (const [k, v] of Object.entries(value)) mergeKey(out, k, v);
    setOwn(target, key, out);
  } else {
    setOwn(target, key, value);
  }
}

/** Plain assignment of a `__proto__` key would set the prototype instead of a key. */
function setOwn(target: Plain, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
