import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { KeyPath, Problem, ProblemCode } from '../errors.js';
import { err, ok, type Result } from '../result.js';

/** A position in a source file, 1-based. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A parsed document that still knows where every key came from. `locate`
 * answers for the deepest node of `path` that exists, so a problem about a
 * missing key points at its parent map.
 */
export interface SourceDocument {
  readonly file: string;
  readonly value: unknown;
  /** Where the value at `path` stands; with `snippet`, where that text stands inside it. */
  locate(path: KeyPath, snippet?: string, atKey?: boolean): Position & { readonly depth: number };
}

export const SOURCE_LIMITS = { maxBytes: 2_000_000, maxAliases: 100 } as const;

function problem(code: ProblemCode, message: string, pos: Position, path: KeyPath = []): Problem {
  return { code, message, file: pos.file, path, line: pos.line, column: pos.column };
}

/**
 * Parse YAML or JSON text. JSON is parsed with the YAML parser too (it is a
 * YAML 1.2 subset), so both forms keep positions; a `.json` file must also
 * be strict JSON, so YAML-only syntax there is an error rather than a surprise.
 */
export function parseSource(text: string, file: string): Result<SourceDocument, Problem[]> {
  if (text.length > SOURCE_LIMITS.maxBytes) {
    return err([problem('limit', `the file is over ${SOURCE_LIMITS.maxBytes} characters`, { file, line: 1, column: 1 })]);
  }
  if (/\.json$/i.test(file)) {
    try {
      JSON.parse(text);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = /position (\d+)/.exec(message);
      const lc = new LineCounter();
      parseDocument(text, { lineCounter: lc });
      const pos = at ? lc.linePos(Number(at[1])) : { line: 1, col: 1 };
      return err([problem('yaml', `invalid JSON: ${message}`, { file, line: pos.line, column: pos.col })]);
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    version: '1.2',
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const errors = [...doc.errors];
  if (errors.length > 0) {
    return err(
      errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const msg = e.message.split('\n')[0] ?? e.message;
        return problem('yaml', msg, { file, line: pos.line, column: pos.col });
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: SOURCE_LIMITS.maxAliases });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return err([problem('yaml', message, { file, line: 1, column: 1 })]);
  }
  const locate = (path: KeyPath, snippet?: string, atKey = false) => {
    let node: unknown = doc.contents;
    let depth = 0;
    let keyNode: unknown;
    for (const seg of path) {
      const child = childOf(node, seg);
      if (!child) break;
      node = child.value;
      keyNode = child.key;
      depth++;
    }
    const preferKey = atKey && depth === path.length && (keyNode as YamlNode | undefined)?.range;
    const anchor = !preferKey && (node as YamlNode | null)?.range ? (node as YamlNode) : (keyNode as YamlNode | undefined);
    let offset = anchor?.range?.[0] ?? 0;
    if (snippet !== undefined && anchor?.range && depth === path.length) {
      const inner = text.slice(anchor.range[0], anchor.range[1]).indexOf(snippet);
      if (inner >= 0) offset += inner;
    }
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, depth };
  };
  return ok({ file, value, locate });
}

function childOf(node: unknown, seg: string | number): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(seg)) return { key: pair.key, value: pair.value ?? pair.key };
    }
    return undefined;
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg];
    return item === undefined ? undefined : { key: item, value: item };
  }
  return undefined;
}

/**
 * A document that arrived as a value (an API request body): positions refer
 * to its pretty-printed JSON form, which is what an error message can show.
 */
export function inlineSource(value: unknown, file = '<request>'): Result<SourceDocument, Problem[]> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    text = undefined;
  }
  if (text === undefined) return err([problem('schema', 'the scenario is not a JSON document', { file, line: 1, column: 1 })]);
  return parseSource(text, file.endsWith('.json') ? file : `${file}.json`);
}
