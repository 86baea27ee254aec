import { describe, expect, it } from 'vitest';
import { formatProblem, PROBLEM_CODES } from '../src/index.js';

describe('problem codes', () => {
  // Pinned: scripts and API clients match on these codes; renaming one is a breaking change.
  it('is exactly the registered list', () => {
    expect(Object.keys(PROBLEM_CODES)).toEqual([
      'yaml',
      'schema',
      'syntax',
      'unknown-symbol',
      'forbidden',
      'cycle',
      'extends',
      'non-finite',
      'limit',
      'usage',
      'io',
      'import',
      'unsupported',
      'conflict',
    ]);
  });

  it('formats as file:line:column code message', () => {
    const text = formatProblem({
      code: 'cycle',
      message: 'a -> b -> a',
      file: 's.yaml',
      path: ['variables', 'a'],
      line: 3,
      column: 5,
    });
    expect(text).toBe('s.yaml:3:5 cycle a -> b -> a (at variables.a)');
  });
});
