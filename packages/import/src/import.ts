import { capProblems, err, type KeyPath, ok, type Problem, type Result, type SourceDocument } from '@foresight/core';
import { IMPORT_LIMITS } from './limits.js';
import { translate, type Document, placeKey } from './translate/translate.js';
import { LineIndex, Problems } from './text.js';
import { readVensim } from './vensim/read.js';
import { readXmile } from './xmile/read.js';
import { documentYaml } from './yaml.js';

export type ModelFormat = 'xmile' | 'vensim';

/** File extensions read as models of other tools (compared in lower case). */
export const MODEL_EXTENSIONS = ['.xmile', '.stmx', '.itmx', '.xml', '.mdl'] as const;

export { IMPORT_LIMITS };

export function modelFormat(file: string): ModelFormat | undefined {
  const ext = /\.[^./\\]*$/.exec(file)?.[0]?.toLowerCase();
  if (ext === '.mdl') return 'vensim';
  if (ext === '.xmile' || ext === '.stmx' || ext === '.itmx' || ext === '.xml') return 'xmile';
  return undefined;
}

export const isModelFile = (file: string): boolean => modelFormat(file) !== undefined;

export interface ImportedModel {
  readonly format: ModelFormat;
  /** The scenario document (format 1), not yet validated: core's loading validates it like any other. */
  readonly document: Readonly<Record<string, unknown>>;
  /** The document with positions in the model file, for `prepareSource` and friends. */
  readonly source: SourceDocument;
  /** The document as YAML, what `foresight import` writes. */
  readonly yaml: string;
}

/**
 * Read a model file of another tool. `file` names it in problems; its base
 * name (or `name`, the model's own file name when `file` is a label such as
 * `<scenario>.mdl`) gives the document's id and title and each entity's
 * `source:`. The format is taken from the file's extension unless given.
 */
export function importModel(
  text: string,
  file: string,
  options: { format?: ModelFormat | undefined; name?: string | undefined } = {},
): Result<ImportedModel, Problem[]> {
  const problems = new Problems(file, text);
  const format = options.format ?? modelFormat(file);
  if (format === undefined) {
    problems.add('usage', `'${file}' is not a model file: expected ${MODEL_EXTENSIONS.join(', ')}`, 0);
    return err(problems.list);
  }
  if (text.length > IMPORT_LIMITS.maxBytes) {
    problems.add('limit', `the file is over the limit of ${IMPORT_LIMITS.maxBytes} characters (maxBytes)`, 0);
    return err(problems.list);
  }
  // A byte-order mark is not part of the model.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const model = format === 'vensim' ? readVensim(body, problems) : readXmile(body, problems);
  const translated = model && translate(model, options.name ?? file, problems);
  if (problems.count > 0 || !translated) {
    if (problems.count === 0) problems.add('import', 'the model could not be read', 0);
    return err(capProblems(sorted(problems.list)));
  }
  const lines = new LineIndex(body);
  const source = modelSource(translated.document, translated.places, file, lines);
  return ok({ format, document: translated.document, source, yaml: documentYaml(translated.document) });
}

/** Problems in file order, as a reader expects them. */
function sorted(list: readonly Problem[]): Problem[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A source document over the imported value: each key path locates the model-file text it came from. */
function modelSource(
  document: Document,
  places: ReadonlyMap<string, number>,
  file: string,
  lines: LineIndex,
): SourceDocument {
  return {
    file,
    value: document,
    locate(path: KeyPath) {
      for (let depth = path.length; depth >= 0; depth--) {
        const at = places.get(placeKey(path.slice(0, depth)));
        if (at !== undefined) return { file, ...lines.position(at), depth };
      }
      return { file, line: 1, column: 1, depth: 0 };
    },
  };
}
