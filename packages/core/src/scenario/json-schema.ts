import { z } from 'zod';
import { ExtendingDocument } from './as-written.js';
import { ScenarioDocument } from './schema.js';

/** Where the two schemas are published: `foresight schema` and `foresight schema --resolved`. */
export const SCHEMA_IDS = {
  asWritten: 'https://foresight.dev/schema/scenario.schema.json',
  resolved: 'https://foresight.dev/schema/scenario.resolved.schema.json',
} as const;

const convert = (schema: z.ZodType): Record<string, unknown> =>
  editorCompatible(z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' })) as Record<
    string,
    unknown
  >;

/**
 * The JSON Schema of scenario files as written, generated from the zod
 * schema (the single definition): a file with `extends` is checked as what
 * it changes of its parent (`ExtendingDocument`), any other as a whole
 * document. Editors use it for completion, hovers and checking; the checks
 * that need the whole document (expressions, cycles, the namespace, min <=
 * max) are the engine's: `foresight validate`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...whole } = convert(ScenarioDocument);
  const { $schema: _, ...extending } = convert(ExtendingDocument);
  return {
    $schema,
    $id: SCHEMA_IDS.asWritten,
    title: 'Foresight scenario file, format 1',
    description:
      'A scenario file as written: a whole document, or with `extends` only what it changes of its parent ' +
      '(docs/editors.md). Expressions, cycles and unknown symbols are checked by `foresight validate`.',
    type: 'object',
    if: { required: ['extends'] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's keyword, in a plain document
    then: { $ref: '#/$defs/extending' },
    else: { $ref: '#/$defs/whole' },
    $defs: { whole, extending },
  };
}

/** The JSON Schema of a resolved document (no `extends` left to apply), as `GET /scenarios/:id` answers. */
export function resolvedScenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = convert(ScenarioDocument);
  return { $schema, $id: SCHEMA_IDS.resolved, ...rest };
}

/**
 * Editors read schemas with draft-07 rules (the YAML language server does),
 * where `items: false` beside 2020-12's `prefixItems` rejects every element:
 * a tuple whose elements share one schema (a lookup point `[x, y]`) is
 * written as `items` with a length instead, which means the same under both.
 */
function editorCompatible(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(editorCompatible);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = editorCompatible(v);
  const prefix = out['prefixItems'];
  if (Array.isArray(prefix) && out['items'] === false && prefix.length > 0) {
    const first = JSON.stringify(prefix[0]);
    if (prefix.every((p) => JSON.stringify(p) === first)) {
      delete out['prefixItems'];
      out['items'] = prefix[0];
    }
  }
  return out;
}
