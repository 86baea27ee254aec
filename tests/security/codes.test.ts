import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EXPRESSION_LIMITS,
  MAX_EXTENDS_DEPTH,
  MODEL_LIMITS,
  PROBLEM_CODES,
  PROBLEM_LIMITS,
  RUN_LIMITS,
  SOURCE_LIMITS,
  type ExprProblem,
  type Problem,
  type ProblemCode,
} from '@foresight/core';
import { read, section } from '../docs/markdown.js';

/**
 * One registry of problem codes: every code any package or app can emit is
 * in it, and docs/limits-and-errors.md documents exactly the registry and the limits.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const sourceFiles = ['packages', 'apps'].flatMap((top) =>
  readdirSync(join(root, top)).flatMap((pkg) => {
    try {
      return sources(join(root, top, pkg, 'src'));
    } catch {
      return [];
    }
  }),
);

/**
 * Where a code is written down: `code: 'x'`, or the first argument of the
 * helpers that build problems (`report(ctx, 'x'`, `problem('x'`, `p('x'`,
 * `fail(..., 'x')`). zod's own issue codes (`addIssue({ code: 'custom' })`)
 * are not problem codes.
 */
const PATTERNS = [
  /\bcode: ['"]([a-z-]+)['"]/g,
  /\b(?:report|problem|p)\((?:ctx, )?['"]([a-z-]+)['"]/g,
  /\bfail\([^;]*?, ['"]([a-z-]+)['"]\)/g,
  /\bcode: ['"][a-z-]+['"] \| ['"]([a-z-]+)['"]/g,
];

function emitted(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles) {
    // zod issues, one line or several, are blanked out line for line so the numbers stay right.
    const text = readFileSync(file, 'utf8').replace(/addIssue\(\{[\s\S]*?\}\)/g, (call) => call.replace(/[^\n]/g, ' '));
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      for (const re of PATTERNS) {
        for (const m of line.matchAll(re)) {
          const where = `${relative(root, file)}:${i + 1}`;
          found.set(m[1]!, [...(found.get(m[1]!) ?? []), where]);
        }
      }
    });
  }
  return found;
}

describe('the problem code registry', () => {
  it('holds every code written anywhere in packages and apps', () => {
    const found = emitted();
    // The scan must see the codes it is meant to guard, or it proves nothing.
    expect([...found.keys()]).toEqual(
      expect.arrayContaining(['yaml', 'schema', 'limit', 'non-finite', 'forbidden', 'io', 'usage']),
    );
    const outside = [...found].filter(([code]) => !Object.hasOwn(PROBLEM_CODES, code));
    expect(outside).toEqual([]);
  });

  it('types expression problems with a subset of the registry', () => {
    const code: ProblemCode = ({ code: 'limit', message: '', snippet: '', index: 0 } satisfies ExprProblem).code;
    const asProblem = (p: ExprProblem): Problem['code'] => p.code;
    expect(asProblem({ code, message: '', snippet: '', index: 0 })).toBe('limit');
  });

  it('is the table docs/limits-and-errors.md documents, in order', () => {
    const codes = section(read('docs/limits-and-errors.md'), '## Problem codes');
    const documented = [...codes.matchAll(/^\| `([a-z-]+)` \| /gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(PROBLEM_CODES));
  });
});

describe('the limits table of docs/limits-and-errors.md', () => {
  const groups: Record<string, Readonly<Record<string, number>>> = {
    SOURCE_LIMITS,
    EXPRESSION_LIMITS,
    MODEL_LIMITS,
    RUN_LIMITS,
    PROBLEM_LIMITS,
  };
  const limits = section(read('docs/limits-and-errors.md'), '## Limits');
  const rows = new Map(
    [...limits.matchAll(/^\| `([A-Z_]+(?:\.\w+)?)` \| ([\d,]+) \|/gm)].map((m) => [
      m[1]!,
      Number(m[2]!.replace(/,/g, '')),
    ]),
  );

  it('lists every limit with its value', () => {
    const expected = new Map<string, number>([['MAX_EXTENDS_DEPTH', MAX_EXTENDS_DEPTH]]);
    for (const [group, limits] of Object.entries(groups))
      for (const [name, value] of Object.entries(limits)) expected.set(`${group}.${name}`, value);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(expected));
  });
});
