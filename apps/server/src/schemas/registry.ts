import { z } from 'zod';

/**
 * The API's own schema registry: named schemas become OpenAPI components
 * (`#/components/schemas/<id>`), and descriptions land in the document. A
 * registry of our own rather than zod's global one, so that naming the
 * core's schemas here changes nothing for anyone else who converts them
 * (the committed JSON Schema of the format, above all).
 */
export const apiRegistry = z.registry<{ id?: string; description?: string; examples?: unknown[] }>();

/** Register a schema under a component id (or only a description), with examples for the reference, and return it. */
export function describe<T extends z.ZodType>(
  schema: T,
  id: string | undefined,
  description: string,
  examples?: z.input<T>[],
): T {
  apiRegistry.add(schema, { ...(id !== undefined ? { id } : {}), description, ...(examples ? { examples } : {}) });
  return schema;
}
