import { scenarioJsonSchema } from '@foresight/core';
import { EXIT, type CliIO } from '../io.js';

export function schemaCommand(io: CliIO): number {
  io.stdout(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
