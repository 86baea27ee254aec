import { z } from 'zod';
import { ScenarioDocument } from './schema.js';

/**
 * The JSON Schema of the scenario format, generated from the zod schema (the
 * single definition). Editors use it for completion; the checks that need
 * the whole document (expressions, cycles, namespace) are the compiler's.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioDocument, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://foresight.dev/schema/scenario.schema.json',
    title: 'Foresight scenario, format 1',
  };
}
