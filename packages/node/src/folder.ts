import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve as resolvePath, isAbsolute } from 'node:path';
import {
  attachFiles,
  err,
  ok,
  parseSource,
  type AttachmentReader,
  type ParentResolver,
  type Problem,
  type Result,
  type SourceDocument,
} from '@foresight/core';
import { importModel, isModelFile } from '@foresight/import';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/**
 * Other tools' models a folder holds beside its scenarios (`.xml` only when
 * named directly: a folder's other XML files are not models).
 */
export const FOLDER_MODEL_EXTENSIONS = ['.xmile', '.stmx', '.itmx', '.mdl'] as const;

/** One scenario file of a folder, read and parsed (not yet resolved or validated). */
export interface ScenarioEntry {
  readonly id: string;
  /** The path as shown to people: relative to the working directory when inside it. */
  readonly file: string;
  readonly title: string | undefined;
  readonly extends: string | undefined;
  readonly source: SourceDocument;
  /** The file's text as read, so a worker thread can parse it again identically. */
  readonly text: string;
  /** Why files the scenario names (an observation series, a sample) could not be read, when they could not. */
  readonly problems?: readonly Problem[];
}

/** A problem of a scenario's attached files, with the scenario as parsed before them. */
type Unread = Problem & { readonly unread?: SourceDocument };
const plain = (p: Unread): Problem => {
  const { unread: _, ...rest } = p;
  return rest;
};

export interface ScenarioFolder {
  readonly dir: string;
  readonly entries: ReadonlyMap<string, ScenarioEntry>;
  /** Files that could not be read or parsed, and duplicate ids. */
  readonly problems: readonly Problem[];
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const ioProblem = (file: string, message: string): Problem => ({
  code: 'io',
  message,
  file,
  path: [],
  line: 1,
  column: 1,
});

/** A file a folder's scenarios are read from: a scenario, or a model of another tool (imported on the fly). */
export function isScenarioFile(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return (
    (SCENARIO_EXTENSIONS as readonly string[]).includes(ext) ||
    (FOLDER_MODEL_EXTENSIONS as readonly string[]).includes(ext)
  );
}

/** Read and parse one scenario file. */
export function readScenarioFile(path: string, cwd = process.cwd()): Result<SourceDocument, Problem[]> {
  const read = readScenarioText(path, cwd);
  return read.ok ? ok(read.value.source) : read;
}

/**
 * Read and parse one scenario file, keeping its text. A model of another
 * tool (XMILE, Vensim `.mdl`) is imported: its source locates problems in
 * the model file, and its text is the imported scenario as YAML, which any
 * thread parses to the same document.
 */
export function readScenarioText(
  path: string,
  cwd = process.cwd(),
): Result<{ text: string; source: SourceDocument }, Problem[]> {
  const file = displayPath(resolvePath(cwd, path), cwd);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolvePath(cwd, path));
  } catch (e) {
    return err([ioProblem(file, `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)]);
  }
  if (isModelFile(path)) {
    const imported = importModel(decodeModel(bytes, path), file);
    return imported.ok ? ok({ text: imported.value.yaml, source: imported.value.source }) : imported;
  }
  const text = bytes.toString('utf8');
  const source = parseSource(text, file);
  if (!source.ok) return source;
  const attached = attachFiles(source.value, attachmentReader(resolvePath(cwd, path), cwd));
  return attached.ok
    ? ok({ text, source: attached.value })
    : err(attached.error.map((p) => ({ ...p, unread: source.value })));
}

/** Files a scenario names (an observation's series, `parameters_from`), read relative to the scenario's own file. */
export function attachmentReader(scenarioPath: string, cwd = process.cwd()): AttachmentReader {
  return (name) => {
    const abs = resolvePath(dirname(scenarioPath), name);
    try {
      return ok({ text: readFileSync(abs, 'utf8'), file: displayPath(abs, cwd) });
    } catch (e) {
      return err((e as NodeJS.ErrnoException).code ?? String(e));
    }
  };
}

/**

 * A model file's text: UTF-8 (XMILE's encoding, and Vensim's when the file
 * starts `{UTF-8}`), else Windows-1252, what Vensim writes without the mark.
 */
export function decodeModel(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder(/\.mdl$/i.test(path) ? 'windows-1252' : 'utf-8').decode(bytes);
  }
}

/**
 * Every scenario file directly in `dir`, keyed by its `id`, read when first
 * asked for: a command given a file that extends nothing never reads the
 * folder (parsing every file of it is a tenth of a second before any work).
 */
export function loadScenarioFolder(dir: string, cwd = process.cwd()): ScenarioFolder {
  const abs = resolvePath(cwd, dir);
  let read: ScenarioFolder | undefined;
  return {
    dir: abs,
    get entries() {
      read ??= readFolder(abs, cwd);
      return read.entries;
    },
    get problems() {
      read ??= readFolder(abs, cwd);
      return read.problems;
    },
  };
}

function readFolder(abs: string, cwd: string): ScenarioFolder {
  const entries = new Map<string, ScenarioEntry>();
  const problems: Problem[] = [];
  let names: string[];
  try {
    names = readdirSync(abs).filter(isScenarioFile).sort();
  } catch (e) {
    return {
      dir: abs,
      entries,
      problems: [
        ioProblem(displayPath(abs, cwd), `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`),
      ],
    };
  }
  for (const name of names) {
    const path = join(abs, name);
    if (!statSync(path).isFile()) continue;
    const read = readScenarioText(path, cwd);
    if (!read.ok) {
      // A scenario whose attached files cannot be read keeps its id: asked for, it reports why.
      const unread = (read.error[0] as Unread | undefined)?.unread;
      if (unread) {
        const entry = entryOf(unread, '', basename(name, extname(name)));
        if (!entries.has(entry.id)) entries.set(entry.id, { ...entry, problems: read.error.map(plain) });
      }
      problems.push(...read.error.map(plain));
      continue;
    }
    const entry = entryOf(read.value.source, read.value.text, basename(name, extname(name)));
    const prior = entries.get(entry.id);
    if (prior) {
      const pos = read.value.source.locate(['id']);
      problems.push({
        code: 'schema',
        message: `scenario id '${entry.id}' is also used by ${prior.file}; ids are unique within a folder`,
        file: pos.file,
        path: ['id'],
        line: pos.line,
        column: pos.column,
      });
      continue;
    }
    entries.set(entry.id, entry);
  }
  return { dir: abs, entries, problems };
}

function entryOf(source: SourceDocument, text: string, fallbackId: string): ScenarioEntry {
  const v = source.value as Record<string, unknown> | null;
  const str = (k: string) => (v && typeof v === 'object' && typeof v[k] === 'string' ? (v[k] as string) : undefined);
  return { id: str('id') ?? fallbackId, file: source.file, title: str('title'), extends: str('extends'), source, text };
}

export function folderResolver(folder: ScenarioFolder): ParentResolver {
  return (id) => folder.entries.get(id)?.source;
}

/**
 * A scenario named on a command line or in a request: an existing file path,
 * or an id in the folder.
 */
export function findScenario(
  ref: string,
  folder: ScenarioFolder,
  cwd = process.cwd(),
): Result<SourceDocument, Problem[]> {
  const found = findScenarioText(ref, folder, cwd);
  return found.ok ? ok(found.value.source) : found;
}

/** `findScenario`, keeping the file's text. */
export function findScenarioText(
  ref: string,
  folder: ScenarioFolder,
  cwd = process.cwd(),
): Result<{ text: string; source: SourceDocument }, Problem[]> {
  // A scenario id has no separator or extension: such a reference is a file, and the folder is not read for it.
  if (isScenarioFile(ref) || isModelFile(ref) || ref.includes('/') || ref.includes('\\'))
    return readScenarioText(ref, cwd);
  const byId = folder.entries.get(ref);
  if (byId?.problems) return err([...byId.problems]);
  if (byId) return ok({ text: byId.text, source: byId.source });
  const known = [...folder.entries.keys()].join(', ') || 'none';
  return err([
    {
      code: 'usage',
      message: `no scenario '${ref}': not a file, and not an id in ${displayPath(folder.dir, cwd)} (ids: ${known})`,
      file: ref,
      path: [],
      line: 1,
      column: 1,
    },
  ]);
}
