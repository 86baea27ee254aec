import type { ScenarioDocument } from '../scenario/schema.js';
import { canonicalJson } from './canonical.js';
import { sha256Hex } from './sha256.js';

/**
 * Hashes of documents already seen. A compiled model's document is never
 * changed, and a run, a comparison or a pool job asks for its shape (and so
 * its hash) several times: a 2 MB document is hashed once, not once a call.
 */
const hashes = new WeakMap<ScenarioDocument, string>();

/** The provenance hash: of the flattened document, keys sorted, so YAML and JSON forms agree. */
export function hashDocument(doc: ScenarioDocument): string {
  let hash = hashes.get(doc);
  if (hash === undefined) {
    hash = sha256Hex(canonicalJson(doc));
    hashes.set(doc, hash);
  }
  return hash;
}
