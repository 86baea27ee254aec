import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  attachFiles,
  parseSource,
  prepareSource,
  type ParentResolver,
  type Problem,
  type SourceDocument,
} from '@foresight/core';
import { attachmentReader, loadScenarioFolder } from '@foresight/node';

/*
 * The documents the JSON Schema is held to: the scenario library, the golden
 * cases, every scenario example in the docs, and every scenario written
 * inline in the tests; and the two checkers compared on them: ajv with the
 * committed schema (what editors use) and the engine (what `foresight
 * validate` runs).
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** ajv in 2020-12 mode with its default strictness, compiled from the committed file. */
export function committedValidator(file = 'schema/scenario.schema.json'): (value: unknown) => boolean {
  const ajv = new Ajv2020({ allErrors: true });
  const check = ajv.compile(JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as object);
  return (value) => check(value) === true;
}

export interface CorpusDocument {
  /** Where it comes from: a file, a markdown block, or a test's template literal. */
  readonly where: string;
  /** The name problems carry (`.yaml` or `.json`: how the engine parses it). */
  readonly file: string;
  readonly text: string;
  /**
   * `valid`: the library, the golden cases and the docs' examples must pass both checkers;
   * `invalid`: a docs example marked `# invalid` must fail the engine;
   * `any`: a test's inline document, often wrong on purpose: the schema must accept whatever the engine accepts.
   */
  readonly expect: 'valid' | 'invalid' | 'any';
  /** Other documents of the same source, by id: the parents its `extends` may name. */
  readonly siblings: ReadonlyMap<string, SourceDocument>;
}

const SKIP = new Set(['node_modules', 'dist', '.git', 'coverage', 'out', '.tmp']);

function walk(dir: string, into: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, into);
    else into.push(path);
  }
  return into;
}

/** A parsed map with a top-level `format` key: a scenario document (or an attempt at one). */
function scenarioSource(text: string, file: string): SourceDocument | undefined {
  const src = parseSource(text, file);
  if (!src.ok) return undefined;
  const v = src.value.value;
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'format' in v ? src.value : undefined;
}

const idOf = (src: SourceDocument): string | undefined => {
  const id = (src.value as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id : undefined;
};

function withSiblings(docs: readonly Omit<CorpusDocument, 'siblings'>[]): CorpusDocument[] {
  const siblings = new Map<string, SourceDocument>();
  for (const d of docs) {
    const src = scenarioSource(d.text, d.file);
    const id = src && idOf(src);
    if (src && id !== undefined && !siblings.has(id)) siblings.set(id, src);
  }
  return docs.map((d) => ({ ...d, siblings }));
}

const rel = (path: string) => relative(ROOT, path).split('\\').join('/');

/** Every fenced yaml or json block of the markdown files that is a scenario document. */
function markdownDocuments(): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  const files = walk(ROOT).filter((f) => f.endsWith('.md'));
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const blocks: Omit<CorpusDocument, 'siblings'>[] = [];
    const fence = /^```(yaml|yml|json)\s*\n([\s\S]*?)^```/gm;
    for (let m = fence.exec(text), i = 0; m !== null; m = fence.exec(text), i++) {
      const body = m[2] ?? '';
      const file = `${rel(path)}#block${i + 1}.${m[1] === 'json' ? 'json' : 'yaml'}`;
      if (!scenarioSource(body, file)) continue;
      const invalid = /^#\s*invalid\b/.test(body.trimStart());
      blocks.push({ where: file, file, text: body, expect: invalid ? 'invalid' : 'valid' });
    }
    out.push(...withSiblings(blocks));
  }
  return out;
}

/** Scenario files: the library and the golden cases must be valid; other test files are held to agreement. */
function scenarioFiles(): CorpusDocument[] {
  const files = [
    ...walk(join(ROOT, 'scenarios')),
    ...walk(join(ROOT, 'tests')),
    ...readdirSync(join(ROOT, 'packages')).flatMap((p) => {
      const test = join(ROOT, 'packages', p, 'test');
      return statSync(join(ROOT, 'packages', p)).isDirectory() && exists(test) ? walk(test) : [];
    }),
  ].filter((f) => /\.(ya?ml|json)$/.test(f));
  const docs: Omit<CorpusDocument, 'siblings'>[] = [];
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const file = rel(path);
    if (!scenarioSource(text, file)) continue;
    const mustPass = file.startsWith('scenarios/') || file.startsWith('tests/golden/');
    docs.push({ where: file, file, text, expect: mustPass ? 'valid' : 'any' });
  }
  return withSiblings(docs);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Template literals of the test sources that hold a whole document (no `${}` in them). */
function inlineTestDocuments(): CorpusDocument[] {
  const out: CorpusDocument[] = [];
  const sources = [
    ...walk(join(ROOT, 'tests')),
    ...['packages', 'apps'].flatMap((top) =>
      readdirSync(join(ROOT, top))
        .map((p) => join(ROOT, top, p, 'test'))
        .filter(exists)
        .flatMap((dir) => walk(dir)),
    ),
  ].filter((f) => f.endsWith('.ts'));
  for (const path of sources) {
    const text = readFileSync(path, 'utf8');
    const docs: Omit<CorpusDocument, 'siblings'>[] = [];
    let i = 0;
    for (const body of plainTemplateLiterals(text)) {
      if (!/(^|\n)\s*format: 1\s*\n/.test(body)) continue;
      i++;
      const file = `${rel(path)}#literal${i}.yaml`;
      if (scenarioSource(body, file)) docs.push({ where: file, file, text: body, expect: 'any' });
    }
    out.push(...withSiblings(docs));
  }
  return out;
}

/**
 * The template literals of a TypeScript source, unescaped, whose
 * substitutions are all names of plain literals declared before them
 * (`const base = \`...\``, then \`${base}stocks: ...\`), with those filled
 * in; others are skipped. A small scanner: quotes, comments and regular
 * expressions that hold backticks are rare enough in the tests to be read as code.
 */
export function plainTemplateLiterals(source: string): string[] {
  const found: string[] = [];
  const named = new Map<string, string>();
  let i = 0;
  const n = source.length;
  const skipQuoted = (q: string) => {
    for (i++; i < n && source[i] !== q; i++) if (source[i] === '\\') i++;
    i++;
  };
  /** From just after a backtick to just after its closing one; the text, or undefined if it substitutes code. */
  const template = (): string | undefined => {
    let text = '';
    let plain = true;
    while (i < n && source[i] !== '`') {
      if (source[i] === '\\') {
        const c = source[i + 1] ?? '';
        text += c === 'n' ? '\n' : c === 't' ? '\t' : c;
        i += 2;
      } else if (source[i] === '$' && source[i + 1] === '{') {
        const name = /^\$\{\s*(\w+)\s*\}/.exec(source.slice(i, i + 80));
        const value = name ? named.get(name[1]!) : undefined;
        if (name && value !== undefined) {
          text += value;
          i += name[0].length;
        } else {
          plain = false;
          i += 2;
          code(true);
        }
      } else text += source[i++];
    }
    i++;
    return plain ? text : undefined;
  };
  /** Code to the end, or (in a substitution) to the `}` that closes it. */
  const code = (substitution: boolean) => {
    let depth = 0;
    while (i < n) {
      const c = source[i];
      if (c === '`') {
        const declared = /const (\w+)(?:: string)? = $/.exec(source.slice(Math.max(0, i - 60), i));
        i++;
        const t = template();
        if (t === undefined) continue;
        found.push(t);
        if (declared) named.set(declared[1]!, t);
      } else if (c === "'" || c === '"') skipQuoted(c);
      else if (c === '/' && source[i + 1] === '/') while (i < n && source[i] !== '\n') i++;
      else if (c === '/' && source[i + 1] === '*') {
        const end = source.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c === '{') {
        depth++;
        i++;
      } else if (c === '}') {
        i++;
        if (substitution && depth-- === 0) return;
      } else i++;
    }
  };
  code(false);
  return found;
}

export function corpus(): CorpusDocument[] {
  return [...scenarioFiles(), ...markdownDocuments(), ...inlineTestDocuments()];
}

const library = loadScenarioFolder(join(ROOT, 'scenarios'));

/** What `foresight validate` finds: the engine's problems, parents looked up beside the document, then in scenarios/. */
export function engineProblems(
  text: string,
  file: string,
  siblings: ReadonlyMap<string, SourceDocument> = new Map(),
): Problem[] {
  const src = parseSource(text, file);
  if (!src.ok) return src.error;
  // Files a scenario names beside itself (an observation series, a sample) are read as `foresight validate` reads them.
  const attached = attachFiles(src.value, attachmentReader(join(ROOT, file.replace(/#.*$/, '')), ROOT));
  if (!attached.ok) return attached.error;
  const resolve: ParentResolver = (id) => siblings.get(id) ?? library.entries.get(id)?.source;
  const model = prepareSource(attached.value, { resolve });
  return model.ok ? [] : model.error;
}

/** The value the engine reads from the text, for the schema checkers to see the same. */
export function documentValue(text: string, file: string): unknown {
  const src = parseSource(text, file);
  if (!src.ok) throw new Error(`${file} does not parse: ${src.error[0]?.message}`);
  return src.value.value;
}
