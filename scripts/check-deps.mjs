#!/usr/bin/env node
// The allowed dependency graph (docs: README "Architecture"), checked on every test run:
// arrows point down the table of DESIGN.md; core is pure; apps never import each other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const policy = {
  'packages/core': { allow: ['mathjs', 'seedrandom', 'zod', 'yaml'], forbidNode: true },
  'packages/check': { allow: ['@foresight/core', 'fast-check'], forbidNode: true },
  'packages/report': { allow: ['@foresight/core'], forbidNode: true },
  'packages/node': { allow: ['@foresight/core', '@foresight/check', 'piscina'], forbidNode: false },
  'apps/cli': {
    allow: ['@foresight/core', '@foresight/check', '@foresight/report', '@foresight/node', 'commander'],
    forbidNode: false,
  },
  'apps/server': {
    allow: [
      '@foresight/core',
      '@foresight/check',
      '@foresight/report',
      '@foresight/node',
      'fastify',
      'fastify-type-provider-zod',
      '@fastify/swagger',
      '@fastify/swagger-ui',
      'zod',
    ],
    forbidNode: false,
  },
  // The workbench page and its Web Worker (apps/server/page/src), bundled for the browser: no Node.
  'apps/server/page': {
    allow: [
      '@foresight/core',
      '@foresight/check',
      '@foresight/report',
      '@codemirror/autocomplete',
      '@codemirror/commands',
      '@codemirror/lang-yaml',
      '@codemirror/language',
      '@codemirror/lint',
      '@codemirror/state',
      '@codemirror/view',
      '@lezer/common',
      'uplot',
    ],
    forbidNode: true,
  },
};
// The one import of an app by another: `foresight serve` starts the server
// through its package entry (build, listen), from one file, one way.
const allowedIn = { 'apps/cli': { '@foresight/server': ['src/commands/serve.ts'] } };

const files = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) ? [p] : [];
  });

const bad = [];
for (const [pkg, rule] of Object.entries(policy)) {
  const src = join(root, pkg, 'src');
  let list = [];
  try {
    list = files(src);
  } catch {
    continue;
  }
  for (const f of list) {
    // Comments hold usage examples; only real imports count.
    const text = readFileSync(f, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      if (spec.startsWith('.')) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (spec.startsWith('node:')) {
        if (rule.forbidNode) bad.push(`${relative(root, f)}: ${pkg} must not import ${spec}`);
        continue;
      }
      const exception = spec === name && (allowedIn[pkg]?.[name] ?? []).includes(relative(join(root, pkg), f));
      if (!rule.allow.includes(name) && !exception) bad.push(`${relative(root, f)}: ${pkg} may not import ${spec}`);
    }
  }
}
if (bad.length > 0) {
  console.error(`dependency policy violated:\n${bad.join('\n')}`);
  process.exit(1);
}
console.log('dependency policy: ok');
