import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '@foresight/core';

describe('schema/scenario.schema.json', () => {
  // The committed file is generated from the zod schema; regenerate with `pnpm schema`.
  it('matches what the zod schema generates today', () => {
    const committed = readFileSync(new URL('../../schema/scenario.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  });
});
