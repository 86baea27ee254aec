import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERRORS, DEFAULT_LIMITS } from '@foresight/server';
import { anchors, links, pages, read, root, section } from './markdown.js';

/**
 * The reference pages stay true to the code they describe, and to each
 * other: the HTTP API's error and limit tables equal the server's registries,
 * the front page stays a front page, and every link between pages (and to
 * files of the repository) leads somewhere, anchors included.
 */
describe('docs/http-api.md', () => {
  const page = read('docs/http-api.md');

  it('lists every API error code with its status, and no other', () => {
    const rows = [...section(page, '## Errors').matchAll(/^\| (\d{3}) \| `([a-z-]+)` \|/gm)].map((m) => [
      m[2],
      Number(m[1]),
    ]);
    const registry = Object.entries(API_ERRORS).map(([code, e]) => [code, e.status]);
    expect(rows.sort()).toEqual(registry.sort());
  });

  it('lists every server limit of DEFAULT_LIMITS, and no other', () => {
    const names = [...section(page, '## Limits').matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
  });
});

describe('the front page', () => {
  it('stays under 200 lines, with the test command where .ci/run reads it', () => {
    const readme = read('README.md');
    expect(readme.trimEnd().split('\n').length).toBeLessThan(200);
    // .ci/run takes the second line after the marker: the fence, then the command.
    const lines = readme.split('\n');
    const at = lines.indexOf('<!-- test-command -->');
    expect(lines.slice(at + 1, at + 3)).toEqual(['```sh', 'npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 test']);
  });
});

/**
 * Pages being written alongside this one: a link to one may lead nowhere
 * until it lands, and is checked like any other from then on. Remove an
 * entry once its page exists.
 */
const PENDING = new Set<string>();

describe('links', () => {
  for (const page of pages()) {
    it(`of ${page} lead to files and headings that exist`, () => {
      const broken: string[] = [];
      for (const { target, line } of links(read(page))) {
        if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? join(root, page) : normalize(join(root, dirname(page), path));
        if (!existsSync(file)) {
          if (PENDING.has(file.slice(root.length))) continue;
          broken.push(`${page}:${line} ${target}: no such file`);
          continue;
        }
        if (anchor !== undefined && statSync(file).isFile() && file.endsWith('.md')) {
          const text = read(file.slice(root.length));
          if (!anchors(text).has(anchor)) broken.push(`${page}:${line} ${target}: no such heading`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
