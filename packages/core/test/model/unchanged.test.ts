/*
 * Documents without `correlations` must give exactly the results they gave
 * before correlations existed: the digests below were computed with the
 * engine as it stood before the copula was added, and the correlated draws
 * must not disturb anything they do not touch. EVERY_KIND's digest was
 * re-pinned once since, when shock intensity came to be carried from step to
 * step instead of summed afresh: 16 of its 2,081 numbers moved in the last
 * bit (at most 3.3e-16 relative), the baseline's none. The baseline is the
 * report's model as it was then (its first edition, kept in fixtures/ when
 * scenarios/baseline.yaml was rewritten): the engine, not the model, is
 * what this pins.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareText, runText, type RunResult } from '../../src/index.js';
import { canonicalJson } from '../../src/hash/canonical.js';
import { sha256Hex } from '../../src/hash/sha256.js';
import { EVERY_KIND } from './fixtures.js';

function digest(text: string, trials: number): string {
  const r = runText(text, 'doc.yaml', { trials });
  if (!r.ok) throw new Error(r.error.map((p) => p.message).join('\n'));
  const result: RunResult = { ...r.value, provenance: { ...r.value.provenance, elapsed_ms: 0 } };
  return sha256Hex(canonicalJson(result));
}

describe('documents without correlations', () => {
  it('give the same bytes as before correlations existed', () => {
    const baseline = readFileSync(new URL('./fixtures/baseline-first-edition.yaml', import.meta.url), 'utf8');
    expect(digest(EVERY_KIND, 500)).toBe('eeb74c61a9866a01ffdecd1c4ebae90c59128180cdce5d4165449e552afe1289');
    expect(digest(baseline, 300)).toBe('59350e6a399fa3616f473e6129bf09db09e4b970f0044832f578445498e07a40');
  });

  it('an empty list is no correlation at all, and generates the same code', () => {
    const none = prepareText(EVERY_KIND, 'a.yaml');
    const empty = prepareText(`${EVERY_KIND}correlations: []\n`, 'a.yaml');
    if (!none.ok || !empty.ok) throw new Error('does not compile');
    expect(empty.value.generatedSource).toBe(none.value.generatedSource);
    expect(none.value.generatedSource).not.toContain('CP');
    expect(none.value.correlation).toBeUndefined();
    // The document's own hash differs (it holds the key); the numbers do not.
    const numbers = (text: string) => {
      const r = runText(text, 'a.yaml', { trials: 200 });
      return r.ok ? JSON.stringify([r.value.outputs, r.value.targets]) : 'failed';
    };
    expect(numbers(`${EVERY_KIND}correlations: []\n`)).toBe(numbers(EVERY_KIND));
  });
});

describe('a document with correlations', () => {
  const correlated = `${EVERY_KIND}correlations:\n  - { between: [g, sev], rho: 0.6 }\n  - { between: [pe, cap], rho: -0.4 }\n`;

  it('leaves every uncorrelated parameter and every shock drawing exactly as before', () => {
    const plain = prepareText(EVERY_KIND, 'a.yaml');
    const corr = prepareText(correlated, 'a.yaml');
    if (!plain.ok || !corr.ok) throw new Error('does not compile');
    const a = plain.value.instantiate();
    const b = corr.value.instantiate();
    const out = new Float64Array(plain.value.recorded.length * plain.value.time.times.length);
    // In Cholesky order (declaration order) g and cap come first in their pairs:
    // they keep their own uniform, up to the round trip through a normal score.
    const mixed = new Set(['sev', 'pe']);
    const kept = new Set(['g', 'cap']);
    let moved = 0;
    for (let trial = 0; trial < 200; trial++) {
      a.run(5, trial, out, 0, 1);
      b.run(5, trial, out, 0, 1);
      for (const p of plain.value.parameters) {
        if (p.per === 'step') continue;
        const x = a.values[p.slot]!;
        const y = b.values[p.slot]!;
        if (mixed.has(p.id)) moved += x === y ? 0 : 1;
        else if (kept.has(p.id)) expect(Math.abs(y - x), p.id).toBeLessThanOrEqual(1e-9 * Math.abs(x));
        else expect(y, p.id).toBe(x);
      }
      plain.value.shocks.forEach((_, i) => expect(Array.from(b.shockEvents(i))).toEqual(Array.from(a.shockEvents(i))));
    }
    expect(moved).toBe(400);
  });
});
