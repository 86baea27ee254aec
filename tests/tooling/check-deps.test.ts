import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the script is plain JavaScript, run by node in `pnpm test`.
import { checkDependencies, importsOf } from '../../scripts/check-deps.mjs';

const check = checkDependencies as (root: string, policy: unknown) => string[];
const imports = importsOf as (text: string, file: string) => { spec: string; line: number }[];

/**
 * scripts/check-deps.mjs against small repositories built here: a pure
 * package, a node adapter, an app and the root, each file written to prove
 * one way an import could slip past the check.
 */
const policy = {
  packages: {
    'packages/pure': { allow: ['zod'], node: false },
    'packages/adapter': { allow: ['@x/pure', 'piscina'], node: true },
    'apps/app': { allow: ['@x/pure', '@x/adapter', 'commander'], node: true },
  },
  exceptions: {},
  commonJs: { 'packages/adapter/src/entry.cts': 'loaded by require()' },
  rootFiles: ['tests', 'scripts'],
};

const manifests: Record<string, unknown> = {
  'package.json': { name: 'root', private: true, scripts: { lint: 'biome check .' }, devDependencies: { vitest: '4' } },
  'packages/pure/package.json': { name: '@x/pure', dependencies: { zod: '4' } },
  'packages/adapter/package.json': { name: '@x/adapter', dependencies: { '@x/pure': '*', piscina: '5' } },
  'apps/app/package.json': {
    name: 'app',
    dependencies: { '@x/pure': '*', '@x/adapter': '*', commander: '14' },
  },
};

const clean: Record<string, string> = {
  'packages/pure/src/index.ts': "import { z } from 'zod';\nexport const s = z.string();\n",
  'packages/pure/test/pure.test.ts': "import { it } from 'vitest';\nimport { s } from '../src/index.js';\n",
  'packages/adapter/src/index.ts':
    "import { readFileSync } from 'node:fs';\nimport Piscina from 'piscina';\nimport { s } from '@x/pure';\n",
  'packages/adapter/src/entry.cts': "import type { T } from './types.js';\nexport = (t: T) => t;\n",
  'apps/app/src/main.ts':
    "import { Command } from 'commander';\nimport '@x/adapter';\nexport { s } from '@x/pure/sub';\n",
  'tests/a.test.ts': "import { it } from 'vitest';\nimport { join } from 'node:path';\n",
};

/** A repository of the clean files, the manifests and `changes` (a file set to null is left out). */
function repo(changes: Record<string, string | null> = {}, manifestChanges: Record<string, unknown> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'foresight-deps-'));
  const files: Record<string, string | null> = {
    ...Object.fromEntries(
      Object.entries({ ...manifests, ...manifestChanges }).map(([f, m]) => [f, JSON.stringify(m, null, 2)]),
    ),
    ...clean,
    ...changes,
  };
  for (const [file, text] of Object.entries(files)) {
    if (text === null) continue;
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('scripts/check-deps.mjs', () => {
  it('passes a repository that keeps the policy', () => {
    expect(check(repo(), policy)).toEqual([]);
  });

  it('reads every form of import from the syntax tree, and nothing from comments or strings', () => {
    const text = [
      "import 'node:fs';",
      "import x = require('a');",
      "const b = require('b');",
      "export { c } from 'c';",
      "export * from 'd';",
      "export * as e from 'e';",
      "import type { F } from 'f';",
      "const g = await import('g');",
      "type H = import('h').H;",
      "// import 'comment';",
      "/* import 'block' */ const glob = 'packages/*/src';",
      // require('template') is text inside a template literal, not a call.
      `const s = "import 'string'"; const t = \`$\{'x'}require('template')\`;`,
      "const re = /from 'regex'/;",
    ].join('\n');
    expect(imports(text, 'x.ts').map((i) => `${i.line}:${i.spec}`)).toEqual([
      '1:node:fs',
      '2:a',
      '3:b',
      '4:c',
      '5:d',
      '6:e',
      '7:f',
      '8:g',
      '9:h',
    ]);
  });

  const pure = 'packages/pure/src/index.ts';
  // How the import is written, and the module it names.
  const cases: [string, string, string][] = [
    ['a side-effect import', "import 'node:fs';", 'node:fs'],
    ['require()', "const fs = require('node:fs');", 'node:fs'],
    ['import = require()', "import fs = require('fs');", 'fs'],
    ['a re-export', "export { join } from 'node:path';", 'node:path'],
    ['a dynamic import', "const os = await import('node:os');", 'node:os'],
    ['a type-only import', "import type { Stats } from 'node:fs';", 'node:fs'],
  ];
  for (const [what, line, module] of cases) {
    it(`catches a node: module in a pure package through ${what}`, () => {
      const bad = check(repo({ [pure]: `import { z } from 'zod';\n${line}\n` }), policy);
      expect(bad).toEqual([`${pure}:2: packages/pure must not import ${module} (no node: modules here)`]);
    });
  }

  it('reads .mts and .cts files, and accepts only the CommonJS files the policy lists', () => {
    const bad = check(
      repo({
        'packages/pure/src/extra.mts': "import 'node:child_process';\n",
        'packages/pure/src/legacy.cts': "const z = require('zod');\nexport = z;\n",
      }),
      policy,
    );
    expect(bad).toEqual([
      "packages/pure/src/legacy.cts: a CommonJS file in an ES-module workspace; list it in the policy's commonJs with its reason",
      'packages/pure/src/extra.mts:1: packages/pure must not import node:child_process (no node: modules here)',
    ]);
  });

  it('refuses a package the policy does not allow, where and however it is imported', () => {
    const bad = check(repo({ 'apps/app/src/extra.ts': "export * from 'fastify';\n" }), policy);
    expect(bad).toEqual([
      'apps/app/src/extra.ts:1: apps/app may not import fastify',
      'apps/app/src/extra.ts:1: imports fastify, missing from apps/app/package.json dependencies',
    ]);
  });

  it('finds an import missing from package.json, and a dependency nothing imports', () => {
    const bad = check(
      repo({}, { 'packages/adapter/package.json': { name: '@x/adapter', dependencies: { piscina: '5', zod: '4' } } }),
      policy,
    );
    expect(bad).toEqual([
      'packages/adapter/src/index.ts:3: imports @x/pure, missing from packages/adapter/package.json dependencies',
      'packages/adapter/package.json: zod is in dependencies, but nothing in src/ or bin/ imports it',
    ]);
  });

  it('counts @types/x as used with x, and a devDependency as used by its tests or a script that runs it', () => {
    const root = repo(
      { 'packages/pure/test/pure.test.ts': "import seedrandom from 'seedrandom';\n" },
      {
        'packages/pure/package.json': {
          name: '@x/pure',
          scripts: { build: 'tsc -p . && esbuild x' },
          dependencies: { zod: '4' },
          devDependencies: { seedrandom: '3', '@types/seedrandom': '3', esbuild: '0', leftpad: '1' },
        },
      },
    );
    expect(check(root, policy)).toEqual([
      'packages/pure/package.json: leftpad is in devDependencies, but nothing imports it or runs it',
    ]);
  });

  it('finds a test import that no package.json lists', () => {
    const bad = check(repo({ 'packages/pure/test/more.test.ts': "import fc from 'fast-check';\n" }), policy);
    expect(bad).toEqual([
      'packages/pure/test/more.test.ts:1: imports fast-check, missing from packages/pure/package.json devDependencies',
    ]);
  });

  it("checks the root's devDependencies against its tests and scripts: missing and unused", () => {
    const bad = check(
      repo(
        { 'scripts/s.mjs': "import YAML from 'yaml';\n" },
        { 'package.json': { name: 'root', devDependencies: { vitest: '4', 'left-pad': '1' } } },
      ),
      policy,
    );
    expect(bad).toEqual([
      'scripts/s.mjs:1: imports yaml, missing from the root package.json devDependencies',
      'package.json: left-pad is in devDependencies, but nothing imports it or runs it',
    ]);
  });

  it('checks code bundled for the browser: its own allow list, no node:, its imports and its build script counted as the devDependencies they are', () => {
    const bundling = {
      ...policy,
      packages: {
        ...policy.packages,
        'apps/app': {
          ...policy.packages['apps/app'],
          bundles: { 'web/src': { build: 'web/build.mjs', allow: ['@x/pure', 'uplot'] } },
        },
      },
    };
    const app = {
      name: 'app',
      dependencies: { '@x/pure': '*', '@x/adapter': '*', commander: '14' },
      devDependencies: { uplot: '1', esbuild: '0' },
    };
    const files = {
      'web/src/main.ts': "import uPlot from 'uplot';\nimport { s } from '@x/pure';\n",
      'web/build.mjs': "import { build } from 'esbuild';\n",
    };
    const at = (f: Record<string, string>) =>
      Object.fromEntries(Object.entries(f).map(([k, v]) => [`apps/app/${k}`, v]));
    expect(check(repo(at(files), { 'apps/app/package.json': app }), bundling)).toEqual([]);
    const bad = check(
      repo(at({ ...files, 'web/src/extra.ts': "import 'node:fs';\nimport 'commander';\nimport 'lit';\n" }), {
        'apps/app/package.json': app,
      }),
      bundling,
    );
    expect(bad).toEqual([
      'apps/app/web/src/extra.ts:1: apps/app/web/src is bundled for the browser: no node:fs',
      'apps/app/web/src/extra.ts:2: apps/app/web/src may not import commander',
      'apps/app/web/src/extra.ts:3: apps/app/web/src may not import lit',
      'apps/app/web/src/extra.ts:3: imports lit, missing from apps/app/package.json devDependencies',
    ]);
  });

  it('asks for a policy entry for every workspace package', () => {
    const bad = check(repo({ 'packages/new/package.json': '{"name":"@x/new"}' }), policy);
    expect(bad).toEqual([
      'packages/new: no entry in the dependency policy (scripts/check-deps.mjs): say what it may import',
    ]);
  });

  it('exits 1 with the violations as a script, 0 on this repository', () => {
    const script = fileURLToPath(new URL('../../scripts/check-deps.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'dependency policy: ok\n', '']);
  });
});
