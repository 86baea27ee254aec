import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileStandalone, makeLookup, PROBLEM_CODES, prepareText, runText } from '@foresight/core';
import { CANARY, HOSTILE_EXPRESSIONS } from './catalogue.js';

/**
 * Every catalogued expression is refused with its code, alone and inside a
 * scenario, and nothing of it ever runs: no payload reaches the Function
 * constructor or eval (both watched while this file runs), and the canary a
 * payload would set stays unset.
 */
const sources: string[] = [];
const realFunction = globalThis.Function;
// biome-ignore lint/security/noGlobalEval: wrapped by a recording proxy below, restored after the file
const realEval = globalThis.eval;

// The recorder wraps eval and Function on purpose: it sees every source the engine generates.
beforeAll(() => {
  const record = (args: readonly unknown[]) => {
    sources.push(args.map(String).join('\n'));
  };
  globalThis.Function = new Proxy(realFunction, {
    construct: (target, args) => {
      record(args);
      return Reflect.construct(target, args);
    },
    apply: (target, self, args) => {
      record(args);
      return Reflect.apply(target, self, args);
    },
  });
  globalThis.eval = new Proxy(realEval, {
    apply: (target, self, args) => {
      record(args);
      return Reflect.apply(target, self, args);
    },
  });
});

afterAll(() => {
  globalThis.Function = realFunction;
  globalThis.eval = realEval;
});

const LOOKUPS = new Map([
  [
    'look',
    makeLookup([
      [0, 0],
      [1, 1],
    ]),
  ],
]);

/** The expression as the only variable of a JSON scenario; its line and column there. */
function scenario(text: string): { json: string; line: number; column: number } {
  const json = JSON.stringify(
    { format: 1, id: 'hostile', time: { start: 0, end: 2 }, parameters: { a: 1 }, variables: { v: text } },
    null,
    2,
  );
  const lines = json.split('\n');
  const line = lines.findIndex((l) => l.startsWith('    "v": ')) + 1;
  return { json, line, column: '    "v": '.length + 1 };
}

describe('the hostile expression catalogue', () => {
  it.each(
    HOSTILE_EXPRESSIONS.map((h) => [h.group, h.text.length > 60 ? `${h.text.slice(0, 60)}...` : h.text, h] as const),
  )('%s: %j', (_group, _shown, h) => {
    const alone = compileStandalone(h.text, ['a', 't'], LOOKUPS);
    expect(alone.ok).toBe(false);
    if (alone.ok) return;
    const [first] = alone.error;
    expect(first!.code).toBe(h.code);
    for (const p of alone.error) {
      expect(Object.keys(PROBLEM_CODES)).toContain(p.code);
      if (p.index >= 0 && p.snippet !== '') expect(h.text.slice(p.index, p.index + p.snippet.length)).toBe(p.snippet);
    }
    if (h.at !== undefined) expect(first!.snippet).toBe(h.at);

    const { json, line, column } = scenario(h.text);
    const r = runText(json, 'hostile.json', { trials: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const here = r.error.find((p) => p.code === h.code);
    expect(here, JSON.stringify(r.error)).toMatchObject({ path: ['variables', 'v'], line, file: 'hostile.json' });
    expect(here!.column).toBeGreaterThanOrEqual(column);
  });

  it('ran nothing: no payload reached Function or eval, and the canary is unset', () => {
    expect(sources.filter((s) => s.includes(CANARY))).toEqual([]);
    expect((globalThis as Record<string, unknown>)[CANARY]).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('ids named like what attackers reach for', () => {
  it('compile to slots: the names never reach the generated code', () => {
    const names = [
      'process',
      'Math',
      'R',
      'v',
      'L0',
      'S0',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'eval',
      'Function',
      'globalThis',
      'require',
      'import_',
    ];
    const params = names.map((n, i) => `  ${n}: ${i + 1}`).join('\n');
    const sum = names.join(' + ');
    const model = prepareText(
      `format: 1\nid: names\ntime: { start: 0, end: 1 }\nparameters:\n${params}\nvariables:\n  total: "${sum}"\n`,
      'names.yaml',
    );
    if (!model.ok) throw new Error(JSON.stringify(model.error));
    // The generated code has its own v, R, Math, S0 and L0; the scenario's are slots in v.
    const code = model.value.generatedSource;
    for (const n of [
      'process',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'eval',
      'Function',
      'globalThis',
      'require',
      'import_',
    ]) {
      expect(code).not.toMatch(new RegExp(`\\b${n}\\b`));
    }
    const r = runText(
      `format: 1\nid: names\ntime: { start: 0, end: 1 }\nparameters:\n${params}\nvariables:\n  total: "${sum}"\n`,
      'names.yaml',
      { trials: 1 },
    );
    expect(r.ok && r.value.outputs['total']!.mean).toEqual([105, 105]);
  });
});
