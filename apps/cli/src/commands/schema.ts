import { resolvedScenarioJsonSchema, scenarioJsonSchema } from '@foresight/core';
import { EXIT, type CliIO } from '../io.js';

/** The committed files schema/scenario.schema.json and schema/scenario.resolved.schema.json are this output (`pnpm schema`). */
export function schemaCommand(io: CliIO, opts: { readonly resolved?: boolean | undefined } = {}): number {
  const schema = opts.resolved ? resolvedScenarioJsonSchema() : scenarioJsonSchema();
  io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}
