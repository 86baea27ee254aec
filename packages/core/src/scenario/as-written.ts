import { z } from 'zod';
import { ScenarioDocument } from './schema.js';

/*
 * The scenario format as written in a file, derived from the one definition
 * (`ScenarioDocument`, a resolved document) by the merge rules of `extends`
 * (resolve.ts). A file without `extends` is a whole document. A file with it
 * holds what it changes: every key its parent can supply is optional; a map
 * merges into the parent's map key by key, so each of its keys is optional
 * too, all the way down; any other value (a number, a text, a list) replaces
 * the parent's whole and is checked whole; and `null` removes a key, which
 * is accepted wherever the resolved document may lack that key. Nothing here
 * names a key of the format: keys added to the schema are picked up as they
 * come.
 */

type Schema = z.ZodType;
type Def = Record<string, unknown> & { readonly type: string };

const defOf = (s: Schema): Def => s._zod.def as unknown as Def;

/** The title, description and examples of `from` on `to`, so an editor explains the override as it does the key. */
function annotated<T extends Schema>(from: Schema, to: T): T {
  const meta = z.globalRegistry.get(from);
  return meta ? to.meta(meta) : to;
}

/** The branches of a union, nested unions (a discriminated union of distributions) flattened. */
function branches(s: Schema): Schema[] {
  const d = defOf(s);
  return d.type === 'union' ? (d['options'] as Schema[]).flatMap(branches) : [s];
}

const isObject = (s: Schema): s is z.ZodObject => defOf(s).type === 'object';

/** What a child may write where the resolved document holds `s` (annotations are the caller's). */
function override(s: Schema): Schema {
  const d = defOf(s);
  switch (d.type) {
    case 'object':
      return partialObject(s as z.ZodObject, []);
    case 'record':
      // A map: each entry merges into the parent's entry of that id, or is removed by null.
      return z.record(d['keyType'] as z.ZodString, removable(d['valueType'] as Schema));
    case 'union': {
      // A child's map merges into whichever form the parent's entry has, so the result can be any one
      // form: each form's own keys, partially, and `null` for the keys of the other forms it must drop.
      const all = branches(s);
      const keys = new Set(all.filter(isObject).flatMap((b) => Object.keys(b.shape)));
      const forms = all.map((b) =>
        isObject(b)
          ? annotated(
              b,
              partialObject(
                b,
                [...keys].filter((k) => !Object.hasOwn(b.shape, k)),
              ),
            )
          : b,
      );
      return z.union(forms as [Schema, Schema, ...Schema[]]);
    }
    default:
      // Numbers, texts, literals, lists, tuples: replaced whole, so written whole.
      return s;
  }
}

/** An entry of a map: an override, or `null` to remove the parent's. */
function removable(s: Schema): Schema {
  return annotated(s, z.union([override(s), z.null()]));
}

const removals = new Map<string, Schema>();

/** `null` for a key of another form; one schema per key, so the JSON Schema defines it once. */
function removal(key: string): Schema {
  let s = removals.get(key);
  if (!s) {
    s = z.null().meta({
      title: `No ${key}`,
      description: `\`null\` removes the parent's \`${key}\`, which this form does not take.`,
      examples: [null],
    });
    removals.set(key, s);
  }
  return s;
}

/**
 * Every key optional; a key the resolved document may lack may also be
 * `null`; `dropped` keys (of the other forms of a union) only `null`.
 * Cross-key checks (min <= max, one form of a normal) need the merged
 * document and are left to it.
 */
function partialObject(obj: z.ZodObject, dropped: readonly string[]): z.ZodObject {
  const shape: Record<string, Schema> = {};
  for (const [key, value] of Object.entries(obj.shape as Record<string, Schema>)) {
    const optional = defOf(value).type === 'optional';
    const inner = optional ? (defOf(value)['innerType'] as Schema) : value;
    shape[key] = (optional ? removable(inner) : annotated(inner, override(inner))).optional();
  }
  for (const key of dropped) shape[key] = removal(key).optional();
  return z.strictObject(shape);
}

const standalone = ScenarioDocument.shape;

/**
 * A scenario that `extends` another, as written: what it changes of its
 * parent. `id` and `extends` are its own and required; everything else may
 * come from the parent.
 */
export const ExtendingDocument = (override(ScenarioDocument) as z.ZodObject)
  .extend({ id: standalone.id, extends: standalone.extends.unwrap() })
  .meta({
    title: 'Foresight scenario extending another, format 1',
    description:
      'A scenario that `extends` a parent holds only what it changes: maps merge into the parent key by key (any ' +
      "key of a map may be given alone), every other value replaces the parent's, and `null` removes a key; " +
      'id, title and description are never inherited.',
  });

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema a document as written is checked against: extending or whole. */
export function asWrittenSchema(value: unknown): z.ZodType {
  return isPlain(value) && value['extends'] !== undefined ? ExtendingDocument : ScenarioDocument;
}
