#!/usr/bin/env node
// The dependency policy (docs/architecture.md), checked on every test run:
// arrows point down the package table; core and the other pure packages
// import nothing from node:; apps never import each other; and every
// package.json lists exactly what its files import.
//
// Imports are read from the TypeScript syntax tree of every source file
// (.ts .mts .cts .tsx .js .mjs .cjs), so none hides from the check: static
// imports, side-effect imports (`import 'node:fs'`), `import type`,
// re-exports (`export ... from`), `import x = require()`, `require()`,
// `import()` and `import('x').T` types. Comments and strings are not imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const POLICY = {
  // What each workspace package's runtime files (src/, bin/) may import,
  // and whether node: modules are allowed there. Every workspace package
  // needs an entry: a new package states its place in the graph.
  packages: {
    'packages/core': { allow: ['mathjs', 'zod', 'yaml'], node: false },
    'packages/check': { allow: ['@foresight/core', 'fast-check'], node: false },
    'packages/report': { allow: ['@foresight/core'], node: false },
    'packages/import': { allow: ['@foresight/core', 'fast-xml-parser'], node: false },
    'packages/node': {
      allow: ['@foresight/core', '@foresight/check', '@foresight/import', 'piscina', 'bullmq', 'ioredis'],
      node: true,
    },
    'apps/cli': {
      allow: [
        '@foresight/core',
        '@foresight/check',
        '@foresight/report',
        '@foresight/node',
        '@foresight/import',
        'commander',
      ],
      node: true,
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
        'lru-cache',
        'zod',
      ],
      node: true,
      // Code bundled for the browser (no node: modules), with the script that bundles it: what it
      // imports is a devDependency (bundled at build time) or a workspace dependency.
      bundles: {
        'page/src': {
          build: 'page/build.mjs',
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
        },
      },
    },
  },
  // The one import of an app by another: `foresight serve` starts the server
  // through its package entry (build, listen), from one file, one way.
  exceptions: { 'apps/cli': { '@foresight/server': ['src/commands/serve.ts'] } },
  // CommonJS files, each with its reason: the workspace is ES modules.
  commonJs: {
    'packages/node/src/pool/worker-entry.cts':
      "piscina require()s a worker's file; an ES module loaded that way aborts the process when its thread is terminated mid-load",
  },
  // Folders and files of the repository root whose imports the root package.json must list.
  rootFiles: ['tests', 'bench', 'scripts', 'vitest.config.ts'],
};

const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const COMMONJS = /\.c[tj]s$/;
const BUILTINS = new Set(builtinModules);

/** Every module specifier a file names, with the line it is on. */
export function importsOf(text, fileName) {
  const kind = /\.[cm]?js$/.test(fileName) ? ts.ScriptKind.JS : fileName.endsWith('x') ? ts.ScriptKind.TSX : undefined;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const add = (node) => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)))
      found.push({ spec: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require'))
        add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The package a bare specifier names (`@scope/name/sub` -> `@scope/name`); undefined for relative ones. */
export function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('#')) return undefined;
  if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0])) return 'node:';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function filesUnder(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return SOURCE.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) =>
    name === 'node_modules' || name === 'dist' || name.startsWith('.') ? [] : filesUnder(join(path, name)),
  );
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Bin names a dependency installs (read from node_modules when installed). */
function binsOf(name, dirs) {
  for (const dir of dirs) {
    try {
      const { bin } = readJson(join(dir, 'node_modules', name, 'package.json'));
      if (typeof bin === 'string') return [basename(name)];
      return Object.keys(bin ?? {});
    } catch {}
  }
  return [];
}

/**
 * What the files of one package import: a map from package name to the
 * places (`file:line`) that import it; `node:` stands for every builtin.
 */
function importMap(root, files) {
  const map = new Map();
  for (const file of files) {
    for (const { spec, line } of importsOf(readFileSync(file, 'utf8'), file)) {
      const name = packageOf(spec);
      if (name === undefined) continue;
      const where = { file: relative(root, file), line, spec };
      map.set(name, [...(map.get(name) ?? []), where]);
    }
  }
  return map;
}

/** A dependency counts as used when imported, when it types one that is (`@types/x`), or when a script runs its bin. */
function used(name, imports, scripts, dirs) {
  if (imports.has(name)) return true;
  if (name.startsWith('@types/')) {
    const typed = name.slice('@types/'.length);
    const pkg = typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
    return pkg === 'node' ? imports.has('node:') : imports.has(pkg);
  }
  const words = new Set(Object.values(scripts ?? {}).flatMap((s) => s.split(/[\s&|;()]+/)));
  return words.has(name) || binsOf(name, dirs).some((bin) => words.has(bin));
}

/** Every violation of `policy` in the repository at `root`, one line each. */
export function checkDependencies(root, policy = POLICY) {
  const bad = [];
  const rootManifest = readJson(join(root, 'package.json'));
  const rootDev = new Set(Object.keys(rootManifest.devDependencies ?? {}));
  const listed = (m) => new Set([...Object.keys(m.dependencies ?? {}), ...Object.keys(m.peerDependencies ?? {})]);

  const workspace = ['packages', 'apps'].flatMap((top) => {
    try {
      return readdirSync(join(root, top))
        .map((name) => `${top}/${name}`)
        .filter((pkg) => {
          try {
            return statSync(join(root, pkg, 'package.json')).isFile();
          } catch {
            return false;
          }
        });
    } catch {
      return [];
    }
  });
  // Imports of the packages' tests and scripts: they may use the root's devDependencies.
  const devImports = new Map();
  for (const pkg of workspace)
    if (!Object.hasOwn(policy.packages, pkg))
      bad.push(`${pkg}: no entry in the dependency policy (scripts/check-deps.mjs): say what it may import`);

  for (const [pkg, rule] of Object.entries(policy.packages)) {
    const dir = join(root, pkg);
    let manifest;
    try {
      manifest = readJson(join(dir, 'package.json'));
    } catch {
      bad.push(`${pkg}: the policy names it, but it has no package.json`);
      continue;
    }
    const runtimeFiles = [...filesUnder(join(dir, 'src')), ...filesUnder(join(dir, 'bin'))];
    const bundles = Object.entries(rule.bundles ?? {});
    const devFiles = [
      ...filesUnder(join(dir, 'test')),
      ...readdirSync(dir)
        .filter((n) => SOURCE.test(n))
        .map((n) => join(dir, n)),
      ...bundles.flatMap(([, b]) => (b.build ? filesUnder(join(dir, b.build)) : [])),
    ];
    for (const file of runtimeFiles) {
      const rel = relative(root, file);
      if (COMMONJS.test(file) && !Object.hasOwn(policy.commonJs ?? {}, rel))
        bad.push(`${rel}: a CommonJS file in an ES-module workspace; list it in the policy's commonJs with its reason`);
    }
    const deps = listed(manifest);
    const runtime = importMap(root, runtimeFiles);
    for (const [name, places] of runtime) {
      for (const { file, line, spec } of places) {
        if (name === 'node:') {
          if (!rule.node) bad.push(`${file}:${line}: ${pkg} must not import ${spec} (no node: modules here)`);
          continue;
        }
        if (name === manifest.name) continue;
        const exception =
          spec === name && (policy.exceptions?.[pkg]?.[name] ?? []).includes(relative(dir, join(root, file)));
        if (!rule.allow.includes(name) && !exception) bad.push(`${file}:${line}: ${pkg} may not import ${spec}`);
      }
      if (name !== 'node:' && name !== manifest.name && !deps.has(name))
        bad.push(`${places[0].file}:${places[0].line}: imports ${name}, missing from ${pkg}/package.json dependencies`);
    }
    const dirs = [dir, root];
    for (const name of deps)
      if (!used(name, runtime, {}, dirs))
        bad.push(`${pkg}/package.json: ${name} is in dependencies, but nothing in src/ or bin/ imports it`);

    const devDeps = new Set(Object.keys(manifest.devDependencies ?? {}));
    const bundled = new Map();
    for (const [sub, bundle] of bundles) {
      for (const [name, places] of importMap(root, filesUnder(join(dir, sub)))) {
        for (const { file, line, spec } of places) {
          if (name === 'node:') bad.push(`${file}:${line}: ${pkg}/${sub} is bundled for the browser: no ${spec}`);
          else if (name !== manifest.name && !bundle.allow.includes(name))
            bad.push(`${file}:${line}: ${pkg}/${sub} may not import ${spec}`);
        }
        if (name !== 'node:' && name !== manifest.name && !deps.has(name) && !devDeps.has(name))
          bad.push(
            `${places[0].file}:${places[0].line}: imports ${name}, missing from ${pkg}/package.json devDependencies`,
          );
        bundled.set(name, [...(bundled.get(name) ?? []), ...places]);
      }
    }
    const dev = importMap(root, devFiles);
    for (const [name, places] of dev) {
      if (name === 'node:' || name === manifest.name || deps.has(name) || devDeps.has(name) || rootDev.has(name))
        continue;
      bad.push(
        `${places[0].file}:${places[0].line}: imports ${name}, missing from ${pkg}/package.json devDependencies`,
      );
    }
    for (const [name, places] of dev) devImports.set(name, [...(devImports.get(name) ?? []), ...places]);
    const all = new Map([...runtime, ...dev, ...bundled]);
    for (const name of devDeps)
      if (!used(name, all, manifest.scripts, dirs))
        bad.push(`${pkg}/package.json: ${name} is in devDependencies, but nothing imports it or runs it`);
  }

  // The root package: its tests, benchmarks and scripts import only what it lists.
  const rootImports = importMap(
    root,
    policy.rootFiles.flatMap((p) => filesUnder(join(root, p))),
  );
  const rootListed = new Set([...rootDev, ...listed(rootManifest)]);
  for (const [name, places] of rootImports)
    if (name !== 'node:' && !rootListed.has(name))
      bad.push(
        `${places[0].file}:${places[0].line}: imports ${name}, missing from the root package.json devDependencies`,
      );
  const everyDevImport = new Map([...devImports, ...rootImports]);
  for (const name of rootListed)
    if (!used(name, everyDevImport, rootManifest.scripts, [root]))
      bad.push(`package.json: ${name} is in devDependencies, but nothing imports it or runs it`);
  return bad;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bad = checkDependencies(fileURLToPath(new URL('..', import.meta.url)));
  if (bad.length > 0) {
    console.error(`dependency policy violated:\n${bad.join('\n')}`);
    process.exit(1);
  }
  console.log('dependency policy: ok');
}
