import {
  Composer,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import { capProblems, type KeyPath, type Problem, type ProblemCode } from '../errors.js';
import { err, ok, type Result } from '../result.js';
import {
  controlCharacterAt,
  describeCharacter,
  inspectValue,
  lineColumn,
  tooDeepAt,
  type ValueIssue,
} from './source-checks.js';

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

/** Size limits of one scenario document, each reported with code `limit`. */
export const SOURCE_LIMITS = {
  /** Characters of text (of a request body: its compact JSON). */
  maxBytes: 2_000_000,
  /** YAML aliases, weighted as the yaml library counts them. */
  maxAliases: 100,
  /** Nested lists and maps (the format itself needs 6). */
  maxDepth: 32,
  /** Values after aliases and `extends` are expanded; no document of maxBytes comes near it without them. */
  maxNodes: 1_000_000,
} as const;

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
    return err([
      problem('limit', `the file is over the limit of ${SOURCE_LIMITS.maxBytes} characters (maxBytes)`, {
        file,
        line: 1,
        column: 1,
      }),
    ]);
  }
  return parseText(text, file);
}

function parseText(text: string, file: string): Result<SourceDocument, Problem[]> {
  const control = controlCharacterAt(text);
  let at = (offset: number): Position => ({ file, ...lineColumn(text, offset) });
  if (control >= 0) {
    const c = describeCharacter(text.charAt(control));
    return err([
      problem(
        'yaml',
        `control character ${c} is not allowed in a scenario (write it as an escape if you mean it, and it will still be refused in values)`,
        at(control),
      ),
    ]);
  }
  if (/\.json$/i.test(file)) {
    // A byte-order mark is allowed (RFC 8259 lets parsers ignore it); YAML skips it by itself.
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    try {
      JSON.parse(bom ? text.slice(1) : text);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(message);
      return err([problem('yaml', `invalid JSON: ${message}`, at(pos ? Number(pos[1]) + bom : 0))]);
    }
  }

  const lineCounter = new LineCounter();
  const tokens: CST.Token[] = [...new Parser(lineCounter.addNewLine).parse(text)];
  at = (offset) => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const deep = tooDeepAt(tokens, SOURCE_LIMITS.maxDepth);
  if (deep >= 0) {
    return err([
      problem('limit', `lists and maps are nested more than ${SOURCE_LIMITS.maxDepth} deep (maxDepth)`, at(deep)),
    ]);
  }
  // Duplicate keys are found below in one pass: the parser's own check compares every pair of keys.
  const composer = new Composer({
    version: '1.2',
    schema: 'core',
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
  });
  // forceDoc: an empty text still composes to one (empty) document.
  const [doc, second] = [...composer.compose(tokens, true, text.length)];
  if (doc === undefined) return err([problem('yaml', 'the file holds no YAML document', at(0))]);
  // Warnings too: an unknown tag (`!js/function`) or an ambiguous alias is not something to guess about.
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) =>
    problem('yaml', e.message.split('\n')[0] ?? e.message, at(e.pos[0])),
  );
  if (second !== undefined)
    problems.push(problem('yaml', 'the file holds more than one YAML document (a second `---`)', at(second.range[0])));
  if (problems.length > 0) return err(capProblems(problems));

  const index = indexKeys(doc, problems, at);
  if (problems.length > 0) return err(capProblems(problems));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: SOURCE_LIMITS.maxAliases });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return err([
      problem(
        'limit',
        `aliases expand the document too far (over the limit of ${SOURCE_LIMITS.maxAliases} weighted aliases, maxAliases): ${message}`,
        at(0),
      ),
    ]);
  }

  const locate = (path: KeyPath, snippet?: string, atKey = false) => {
    let node: unknown = doc.contents;
    let depth = 0;
    let keyNode: unknown;
    for (const seg of path) {
      const child = childOf(index, node, seg);
      if (!child) break;
      node = child.value;
      keyNode = child.key;
      depth++;
    }
    const preferKey = atKey && depth === path.length && (keyNode as YamlNode | undefined)?.range;
    const anchor =
      !preferKey && (node as YamlNode | null)?.range ? (node as YamlNode) : (keyNode as YamlNode | undefined);
    let offset = anchor?.range?.[0] ?? 0;
    if (snippet !== undefined && anchor?.range && depth === path.length) {
      const inner = text.slice(anchor.range[0], anchor.range[1]).indexOf(snippet);
      if (inner >= 0) offset += inner;
    }
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, depth };
  };
  const src: SourceDocument = { file, value, locate };
  const issues = valueProblems(src, inspectValue(value, SOURCE_LIMITS));
  return issues.length > 0 ? err(capProblems(issues)) : ok(src);
}

type KeyIndex = WeakMap<object, Map<string, Pair>>;

/**
 * Every map's keys as the strings they become in JavaScript, for `locate` and
 * for duplicates: `1`, `1.0` and `"1"` are one key once converted, and a later
 * one would silently replace the earlier. Keys must be plain values.
 */
function indexKeys(doc: Document.Parsed, problems: Problem[], at: (offset: number) => Position): KeyIndex {
  const index: KeyIndex = new WeakMap();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isMap(node)) {
      const keys = new Map<string, Pair>();
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        const offset = key?.range?.[0] ?? node.range?.[0] ?? 0;
        if (!isScalar(key)) {
          problems.push(
            problem('yaml', 'a key must be a plain name or number, not a list, a map, an alias or nothing', at(offset)),
          );
          continue;
        }
        const name = String(key.value);
        if (keys.has(name))
          problems.push(problem('yaml', `map keys must be unique: '${shorten(name)}' is given twice`, at(offset)));
        else keys.set(name, pair as Pair);
        if (pair.value) stack.push(pair.value);
      }
      index.set(node, keys);
    }
  }
  return index;
}

function childOf(index: KeyIndex, node: unknown, seg: string | number): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = index.get(node)?.get(String(seg));
    return pair && isPair(pair) ? { key: pair.key, value: pair.value ?? pair.key } : undefined;
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg];
    return item === undefined ? undefined : { key: item, value: item };
  }
  return undefined;
}

const shorten = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max)}...` : s);

function valueProblems(src: SourceDocument, issues: readonly ValueIssue[]): Problem[] {
  return issues.map((issue) => {
    const pos = src.locate(issue.path, undefined, issue.kind === 'proto' || (issue.kind === 'control' && issue.inKey));
    const p = (code: ProblemCode, message: string) => problem(code, message, pos, issue.path);
    switch (issue.kind) {
      case 'nodes':
        return p(
          'limit',
          `the document expands to more than ${SOURCE_LIMITS.maxNodes} values (maxNodes; aliases and extends count each time they are used)`,
        );
      case 'depth':
        return issue.cycle
          ? p('yaml', 'an alias refers to a list or map that contains it: the document would be infinite')
          : p('limit', `lists and maps are nested more than ${SOURCE_LIMITS.maxDepth} deep (maxDepth)`);
      case 'control':
        return p(
          'schema',
          `${issue.inKey ? 'a key' : 'text'} may not contain the control character ${describeCharacter(issue.character)}`,
        );
      case 'proto':
        return p('schema', "'__proto__' cannot be a key: it is reserved");
    }
    return issue satisfies never;
  });
}

/** The same checks on a value that did not come from text (a merged `extends` chain). */
export function checkExpandedValue(src: SourceDocument): Problem[] {
  return capProblems(valueProblems(src, inspectValue(src.value, SOURCE_LIMITS)));
}

/**
 * A document that arrived as a value (an API request body): positions refer
 * to its pretty-printed JSON form, which is what an error message can show.
 * The size limit applies to its compact JSON, the form it was sent in.
 */
export function inlineSource(value: unknown, file = '<request>'): Result<SourceDocument, Problem[]> {
  const name = file.endsWith('.json') ? file : `${file}.json`;
  const start = { file: name, line: 1, column: 1 };
  let issues: ValueIssue[];
  let compact: string | undefined;
  let text: string | undefined;
  try {
    // Depth and size first: JSON.stringify recurses, and a shared value would be printed once per use.
    issues = inspectValue(value, SOURCE_LIMITS, { maxIssues: 1, contents: false });
    if (issues.length === 0) {
      compact = JSON.stringify(value);
      if (compact !== undefined && compact.length <= SOURCE_LIMITS.maxBytes) text = JSON.stringify(value, null, 2);
    }
  } catch {
    return err([problem('schema', 'the scenario is not a JSON document', start)]);
  }
  const [issue] = issues;
  if (issue?.kind === 'depth' && issue.cycle)
    return err([problem('schema', 'the scenario refers to itself: it is not a JSON document', start)]);
  if (issue)
    return err([
      problem(
        'limit',
        issue.kind === 'nodes'
          ? `the document has more than ${SOURCE_LIMITS.maxNodes} values (maxNodes)`
          : `lists and maps are nested more than ${SOURCE_LIMITS.maxDepth} deep (maxDepth)`,
        start,
      ),
    ]);
  if (compact === undefined) return err([problem('schema', 'the scenario is not a JSON document', start)]);
  if (text === undefined)
    return err([
      problem(
        'limit',
        `the document is over the limit of ${SOURCE_LIMITS.maxBytes} characters of JSON (maxBytes)`,
        start,
      ),
    ]);
  return parseText(text, name);
}
