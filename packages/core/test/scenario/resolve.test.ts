import { describe, expect, it } from 'vitest';
import { loadDocument, parseSource, type SourceDocument } from '../../src/index.js';

function src(text: string, file: string): SourceDocument {
  const r = parseSource(text, file);
  if (!r.ok) throw new Error(r.error[0]!.message);
  return r.value;
}

const parent = src(
  `format: 1
id: parent
title: Parent
description: the parent
time: { start: 0, end: 10 }
trials: 50
parameters:
  g: { dist: normal, mean: 0.1, sd: 0.01, source: report }
  h: 2
variables:
  v: "g * h"
  w: "h"
outputs: [v, w]
`,
  'parent.yaml',
);

const folder = new Map<string, SourceDocument>([['parent', parent]]);
const resolve = (id: string) => folder.get(id);

describe('extends', () => {
  it('merges maps key by key, replaces other values, removes null keys, never inherits id/title/description', () => {
    const child = src(
      `format: 1
id: child
extends: parent
parameters:
  g: { mean: 0.2 }
  h: null
  k: 3
variables:
  w: "k"
outputs: [w]
`,
      'child.yaml',
    );
    const r = loadDocument(child, resolve);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const d = r.value.document;
    expect(d.id).toBe('child');
    expect(d.title).toBeUndefined();
    expect(d.description).toBeUndefined();
    expect(d.extends).toBeUndefined();
    expect(d.trials).toBe(50);
    expect(d.parameters).toEqual({ g: { dist: 'normal', mean: 0.2, sd: 0.01, source: 'report' }, k: 3 });
    expect(d.outputs).toEqual(['w']);
  });

  it('positions problems in the file the key came from', () => {
    const child = src(`format: 1\nid: child\nextends: parent\nvariables:\n  v: "g * nope"\n`, 'child.yaml');
    const broken = src(
      parent.value
        ? `format: 1\nid: p2\ntime: { start: 0, end: 1 }\nparameters:\n  g: { dist: normal, mean: 1 }\n`
        : '',
      'p2.yaml',
    );
    const r1 = loadDocument(src(`format: 1\nid: c2\nextends: p2\n`, 'c2.yaml'), (id) =>
      id === 'p2' ? broken : undefined,
    );
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error[0]).toMatchObject({ file: 'p2.yaml', line: 5, code: 'schema' });
    const r2 = loadDocument(child, resolve);
    expect(r2.ok).toBe(true);
  });

  it('names a missing parent and the chain', () => {
    const r = loadDocument(src(`format: 1\nid: a\nextends: ghost\n`, 'a.yaml'), resolve);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error[0]).toMatchObject({ code: 'extends', file: 'a.yaml', line: 3, path: ['extends'] });
      expect(r.error[0]!.message).toBe("parent scenario 'ghost' not found (chain: a -> ghost)");
    }
  });

  it('names a cycle', () => {
    const docs = new Map<string, SourceDocument>([
      ['a', src(`format: 1\nid: a\nextends: b\n`, 'a.yaml')],
      ['b', src(`format: 1\nid: b\nextends: c\n`, 'b.yaml')],
      ['c', src(`format: 1\nid: c\nextends: a\n`, 'c.yaml')],
    ]);
    const r = loadDocument(docs.get('a')!, (id) => docs.get(id));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]!.message).toBe('extends makes a cycle: a -> b -> c -> a');
  });
});
