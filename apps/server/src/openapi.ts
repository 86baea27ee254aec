import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { apiRegistry } from './schemas/registry.js';

type Transforms = {
  transform: ReturnType<typeof createJsonSchemaTransform>;
  transformObject: (
    doc: Parameters<ReturnType<typeof createJsonSchemaTransformObject>>[0],
  ) => ReturnType<ReturnType<typeof createJsonSchemaTransformObject>>;
};

/**
 * The route schemas to OpenAPI 3.1 (JSON Schema 2020-12) through the zod type
 * provider, with the API registry's named schemas as components. The
 * provider lists every registered schema twice (as input and as output);
 * only those some route refers to are kept.
 */
export function openApiTransforms(): Transforms {
  const transform = createJsonSchemaTransform({ schemaRegistry: apiRegistry });
  const withComponents = createJsonSchemaTransformObject({ schemaRegistry: apiRegistry });
  return { transform, transformObject: (doc) => pruneComponents(withComponents(doc)) };
}

type OpenApi = ReturnType<ReturnType<typeof createJsonSchemaTransformObject>>;

function pruneComponents(doc: OpenApi): OpenApi {
  const components = ('components' in doc ? doc.components : undefined) ?? {};
  const schemas: Record<string, unknown> = components.schemas ?? {};
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
          const id = v.slice('#/components/schemas/'.length);
          if (!used.has(id)) {
            used.add(id);
            visit(schemas[id]);
          }
        } else visit(v);
      }
    }
  };
  visit(doc.paths);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([id]) => used.has(id)));
  return { ...doc, components: { ...components, schemas: kept } } as OpenApi;
}
