import { BUILTIN_NAMES, ID_PATTERN, parseSource } from '@foresight/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { documentYaml } from '../src/index.js';
import { IdMaker, nameKey, RESERVED_IDS } from '../src/names.js';

describe('names', () => {
  it('are one name whatever the case, spaces, underscores or quotes', () => {
    const key = nameKey('Teacup Temperature');
    for (const spelling of [
      'teacup_temperature',
      '"Teacup  Temperature"',
      'TEACUP__TEMPERATURE',
      ' Teacup\tTemperature ',
    ]) {
      expect(nameKey(spelling)).toBe(key);
    }
    expect(nameKey('"a \\"quoted\\" name"')).toBe('a "quoted" name');
    expect(nameKey('Stock with \\n Newline')).toBe('stock with newline');
  });

  it('become ids that shadow nothing of the language', () => {
    expect([...BUILTIN_NAMES].filter((n) => !RESERVED_IDS.has(n))).toEqual([]);
    const ids = new IdMaker();
    expect(
      ['step', 'Time', 'dt', 'e', 'import', '2nd stock', 'Population (Total)', 'Élan'].map((n) => ids.id(n)),
    ).toEqual(['step_', 'time', 'dt_', 'e_', 'import_', '_2nd_stock', 'population_total', 'elan']);
  });

  it('keep names in other scripts apart', () => {
    const ids = new IdMaker();
    const a = ids.id('人口');
    const b = ids.id('出生');
    expect(a).toMatch(ID_PATTERN);
    expect(a).not.toBe(b);
    expect(ids.id('人口')).toBe(a);
  });

  test.prop([fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 40 })], { seed: 16, numRuns: 200 })(
    'give every distinct name a distinct valid id, and every spelling of a name the same one',
    (names) => {
      const ids = new IdMaker();
      const byKey = new Map<string, string>();
      for (const name of names) {
        const id = ids.id(name);
        expect(id).toMatch(ID_PATTERN);
        expect(RESERVED_IDS.has(id)).toBe(false);
        const key = nameKey(name);
        const prior = byKey.get(key);
        if (prior !== undefined) expect(id).toBe(prior);
        byKey.set(key, id);
      }
      expect(new Set(byKey.values()).size).toBe(byKey.size);
    },
  );
});

describe('the YAML a document is written as', () => {
  const text = fc
    .string({ maxLength: 30 })
    .filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(s));
  const id = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
  const entity = fc.record(
    {
      expr: fc.oneof(text, fc.constantFrom('a + b', '-x', 'x ? 1 : 0', 'min(a, b)', 'a: b', '#x', 'true', '1e3')),
      label: text,
      unit: text,
      description: text,
    },
    { requiredKeys: ['expr'] },
  );
  const document = fc.record({
    format: fc.constant(1),
    id: fc.constant('m'),
    title: text,
    time: fc.record({ start: fc.double({ noNaN: true, noDefaultInfinity: true }), end: fc.integer() }),
    variables: fc.dictionary(id, entity),
    lookups: fc.dictionary(
      id,
      fc.record({
        points: fc.array(fc.tuple(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 4 }),
      }),
    ),
  });

  test.prop([document], { seed: 16, numRuns: 300 })('reads back as exactly the document', (doc) => {
    const parsed = parseSource(documentYaml(doc), 'm.yaml');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.value).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
