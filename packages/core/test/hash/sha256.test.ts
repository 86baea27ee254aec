import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/hash/sha256.js';

const reference = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it.each([
    ['empty', ''],
    ['ASCII', 'abc'],
    ['a sentence', 'The quick brown fox jumps over the lazy dog'],
    ['multi-byte unicode (2, 3 and 4 bytes)', 'café — 価格 📈 Ω'],
    ['exactly 55 bytes (padding fits one block)', 'a'.repeat(55)],
    ['exactly 56 bytes (padding spills into a second block)', 'a'.repeat(56)],
    ['exactly 64 bytes', 'b'.repeat(64)],
    ['several blocks', 'scenario: 1\n'.repeat(1000)],
    ['a lone surrogate (encoded as U+FFFD, as Node does)', 'x\ud800y'],
  ])('matches node:crypto on %s', (_name, text) => {
    expect(sha256Hex(text)).toBe(reference(text));
  });

  it('matches the FIPS 180-2 test vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 300 })], { seed: 5, numRuns: 300 })(
    'matches node:crypto on arbitrary strings, unpaired surrogates included',
    (text) => {
      expect(sha256Hex(text)).toBe(reference(text));
    },
  );
});
