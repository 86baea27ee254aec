import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { resolvedScenarioJsonSchema, SCHEMA_IDS, scenarioJsonSchema } from '@foresight/core';

const FILES = [
  ['schema/scenario.schema.json', scenarioJsonSchema, SCHEMA_IDS.asWritten],
  ['schema/scenario.resolved.schema.json', resolvedScenarioJsonSchema, SCHEMA_IDS.resolved],
] as const;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every schema node, with the JSON pointer it stands at. */
function* nodes(node: unknown, at = '#'): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) yield* nodes(v, `${at}/${i}`);
    return;
  }
  if (!isNode(node)) return;
  yield [at, node];
  for (const [k, v] of Object.entries(node)) if (k !== 'examples' && k !== 'const') yield* nodes(v, `${at}/${k}`);
}

/** What an editor's hover needs: a title, a description and at least one example. */
const unexplained = (node: Node): boolean =>
  typeof node['title'] !== 'string' ||
  typeof node['description'] !== 'string' ||
  !Array.isArray(node['examples']) ||
  node['examples'].length === 0;

describe.each(FILES)('%s', (file, generate, id) => {
  const schema = generate();

  it('is what the zod schema generates today (regenerate with `pnpm schema`)', () => {
    expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).toBe(
      `${JSON.stringify(schema, null, 2)}\n`,
    );
  });

  it('is JSON Schema 2020-12 with its $id, and compiles in ajv with the default strictness', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe(id);
    expect(() => new Ajv2020().compile(schema)).not.toThrow();
  });

  it('explains every key and every distribution: a title, a description and examples', () => {
    const missing: string[] = [];
    for (const [at, node] of nodes(schema)) {
      if (isNode(node['properties'])) {
        for (const [key, value] of Object.entries(node['properties'])) {
          if (isNode(value) && unexplained(value)) missing.push(`${at}/properties/${key}`);
        }
      }
      const dist = isNode(node['properties']) ? node['properties']['dist'] : undefined;
      if (isNode(dist) && typeof dist['const'] === 'string' && unexplained(node)) missing.push(at);
    }
    expect(missing).toEqual([]);
  });

  it('reads the same under draft 7 rules, as editors apply them: no `items: false` beside prefixItems', () => {
    for (const [at, node] of nodes(schema)) expect(node['items'], at).not.toBe(false);
  });
});

describe('the schema as written', () => {
  it('checks a file with extends as an override and any other as a whole document', () => {
    const schema = scenarioJsonSchema();
    expect(schema['if']).toEqual({ required: ['extends'] });
    const defs = schema['$defs'] as Record<string, Node>;
    expect(defs['whole']?.['required']).toEqual(['format', 'id', 'time']);
    expect(defs['extending']?.['required']).toEqual(['id', 'extends']);
  });

  it('names every distribution, so a hover over dist lists them', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    for (const dist of ['uniform', 'normal', 'lognormal', 'triangular', 'pert', 'bernoulli', 'discrete'])
      expect(text).toContain(`"const":"${dist}"`);
  });
});
