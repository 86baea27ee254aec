import { err, inlineSource, ok, type Problem, type Result, type SourceDocument } from '@foresight/core';
import { importModel } from '@foresight/import';

/**
 * A model of another tool given in a request instead of a scenario document:
 * `{ format: 'xmile' | 'vensim', model: '<the file's text>', file?: 'name.mdl' }`
 * (`file`, the model's own name, gives the document's id and title). A
 * scenario document has `format: 1`, so the key tells the two apart.
 */
export interface InlineModel {
  readonly format: 'xmile' | 'vensim';
  readonly model: string;
  readonly file?: string | undefined;
}

export function isInlineModel(value: unknown): value is InlineModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.format === 'xmile' || v.format === 'vensim') && typeof v.model === 'string';
}

const EXTENSION = { xmile: '.xmile', vensim: '.mdl' } as const;

/**
 * A scenario given as a value (a request's document, or a model with its
 * format), with the text any thread parses to the same document: the
 * document as JSON, or the imported model as YAML. `label` names it in
 * problems (`<scenario>` gives `<scenario>.json`, `<scenario>.mdl`).
 */
export function inlineScenario(
  value: unknown,
  label = '<request>',
): Result<{ text: string; source: SourceDocument }, Problem[]> {
  if (isInlineModel(value)) {
    // The model's own name (a base name only) names the document; problems name where it stood in the request.
    const name = value.file?.replace(/^.*[\\/]/, '') || undefined;
    const imported = importModel(value.model, `${label}${EXTENSION[value.format]}`, { format: value.format, name });
    return imported.ok ? ok({ text: imported.value.yaml, source: imported.value.source }) : imported;
  }
  const src = inlineSource(value, label);
  if (!src.ok) return err(src.error);
  // inlineSource printed the same text; it parsed, so it is a string.
  return ok({ text: JSON.stringify(value, null, 2), source: src.value });
}
