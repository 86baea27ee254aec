/*
 * Scenarios as pieces name them: by the sha256 of the flattened, validated
 * document (the `document_sha256` of provenance), so a worker anywhere
 * resolves a hash to the same compiled model and keeps it for every later
 * piece. A worker compiles the bare document: it never sees the files it
 * came from, so the problems a piece reports are placed again (file, line,
 * column) by the plan that made it, from the model compiled where the files
 * are. Every problem of a run names its key path, and its position is where
 * that path stands, so placing it again gives the position a run in this
 * thread gives.
 */
import type { Problem } from '../errors.js';
import { hashDocument } from '../hash/document.js';
import { compile } from '../model/compile.js';
import type { Model } from '../model/model.js';
import { err, ok, type Result } from '../result.js';
import { inlineSource } from '../scenario/source.js';
import { validateDocument } from '../scenario/validate.js';
import type { PlanScenario } from './types.js';

export function planScenario(model: Model): PlanScenario {
  return { sha256: hashDocument(model.document), document: model.document, model };
}

/**
 * The model of a document a worker was sent (untrusted: validated again),
 * checked to be the one its hash names. Problems here are faults of the
 * transport or of mismatched engine versions, never of the scenario, which
 * compiled where the plan was made.
 */
export function compileScenario(document: unknown, sha256: string): Result<Model, Problem[]> {
  const fault = (message: string): Result<Model, Problem[]> =>
    err([{ code: 'usage', message, file: `<scenario ${sha256.slice(0, 12)}>`, path: [], line: 1, column: 1 }]);
  const src = inlineSource(document, `<scenario ${sha256.slice(0, 12)}>.json`);
  if (!src.ok) return src;
  const valid = validateDocument(src.value);
  if (!valid.ok) return valid;
  const model = compile(valid.value, src.value);
  if (!model.ok) return model;
  const hash = hashDocument(model.value.document);
  if (hash !== sha256) return fault(`the document sent for scenario ${sha256} hashes to ${hash}`);
  return ok(model.value);
}

/** A problem a piece reported, placed where its key path stands in the scenario's own files. */
export function placed(model: Model, p: Problem): Problem {
  const at = model.source.locate(p.path);
  return at.file === p.file && at.line === p.line && at.column === p.column
    ? p
    : { ...p, file: at.file, line: at.line, column: at.column };
}
