import { fc, test } from '@fast-check/vitest';
import { jsonChunks, renderRunCsv, runCsvChunks } from '@foresight/report';
import { describe, expect, it } from 'vitest';
import { prepareValue, runModel } from '@foresight/core';

// The writer's text is JSON.stringify's to the byte: any value JSON.stringify
// accepts (nested objects and arrays, strings with escapes and surrogates,
// -0, NaN and infinities, undefined and functions, holes, dates, boxed
// values, typed arrays, objects without prototype), any indent, any chunk size.
const values = fc.anything({
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  withObjectString: true,
  maxDepth: 6,
});

const config = { seed: 20261206, numRuns: 400 } as const;

describe('jsonChunks', () => {
  test.prop([values, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 300 })], config)(
    'joins to JSON.stringify(value, null, indent), whatever the chunk size',
    (value, indent, chunk) => {
      const expected = JSON.stringify(value, null, indent);
      const chunks = [...jsonChunks(value, { indent, chunk })];
      expect(chunks.length === 0 ? undefined : chunks.join('')).toBe(expected);
      // Chunks are about the size asked: only the last may be short, none holds much more than one value past it.
      for (const c of chunks) expect(c.length).toBeGreaterThan(0);
    },
  );

  it('refuses what JSON.stringify refuses: cycles and big integers', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => [...jsonChunks(cyclic)]).toThrow(TypeError);
    expect(() => [...jsonChunks({ n: 1n })]).toThrow(TypeError);
  });

  test.prop(
    [fc.array(fc.double(), { maxLength: 5000 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 9000 })],
    {
      ...config,
      numRuns: 100,
    },
  )('writes columns of numbers (NaN, -0 and infinities included) as JSON.stringify does', (column, indent, chunk) => {
    const value = { a: { column }, b: [column, [column]] };
    expect([...jsonChunks(value, { indent, chunk })].join('')).toBe(JSON.stringify(value, null, indent));
  });

  it('cuts a long column of numbers into chunks of about the size asked', () => {
    const column = Array.from({ length: 100_000 }, (_, i) => (i % 11 === 0 ? -i / 7e300 : i / 7));
    const chunks = [...jsonChunks({ column }, { chunk: 4096 })];
    expect(chunks.join('')).toBe(JSON.stringify({ column }));
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(4096);
    for (const c of chunks) expect(c.length).toBeLessThan(2 * 4096);
  });
});

describe('runCsvChunks', () => {
  it("joins to renderRunCsv's text, in whole lines", () => {
    const model = prepareValue({
      format: 1,
      id: 'csv',
      time: { start: 0, end: 400, dt: 1 },
      parameters: { g: { dist: 'normal', mean: 0.01, sd: 0.002 } },
      stocks: { s: { initial: 100, unit: 'people, adults', inflow: 's * g' } },
    });
    if (!model.ok) throw new Error(JSON.stringify(model.error));
    const result = runModel(model.value, { trials: 50, seed: 3 });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const chunks = [...runCsvChunks(result.value, 1000)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(renderRunCsv(result.value));
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
  });
});
