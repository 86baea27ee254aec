import type { ScenarioDocument } from '../scenario/schema.js';
import { canonicalJson } from './canonical.js';
import { sha256Hex } from './sha256.js';

/** The provenance hash: of the flattened document, keys sorted, so YAML and JSON forms agree. */
export function hashDocument(doc: ScenarioDocument): string {
  return sha256Hex(canonicalJson(doc));
}
