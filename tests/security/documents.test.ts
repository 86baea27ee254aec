import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_LIMITS, runText } from '@foresight/core';
import { HOSTILE_DOCUMENTS } from './documents.js';

/**
 * Every hostile document gives structured problems (or a result, where the
 * row says it is fine), never an exception, and leaves Object.prototype as it
 * found it.
 */
describe('the hostile document catalogue', () => {
  it.each(HOSTILE_DOCUMENTS.map((d) => [d.name, d] as const))('%s', (_name, d) => {
    const r = runText(d.text, d.file, { trials: 2 });
    if (d.code === undefined) {
      expect(r.ok ? [] : r.error).toEqual([]);
      return;
    }
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.length).toBeLessThanOrEqual(PROBLEM_LIMITS.maxProblems);
    for (const p of r.error) {
      expect(Object.keys(PROBLEM_CODES)).toContain(p.code);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message).not.toMatch(/[\r\n]/);
    }
    expect(r.error[0]!.code).toBe(d.code);
    if (d.path !== undefined) expect(r.error[0]!.path).toEqual(d.path);
    if (d.line !== undefined) expect(r.error[0]!.line).toBe(d.line);
  });

  it('left Object.prototype untouched', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
      [
        '__defineGetter__',
        '__defineSetter__',
        '__lookupGetter__',
        '__lookupSetter__',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'isPrototypeOf',
        'propertyIsEnumerable',
        'toLocaleString',
        'toString',
        'valueOf',
      ].sort(),
    );
    expect(({} as Record<string, unknown>)['trials']).toBeUndefined();
  });
});
