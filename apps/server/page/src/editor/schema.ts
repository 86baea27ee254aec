/**
 * Reading the scenario format's JSON Schema (core's `scenarioJsonSchema`,
 * what `foresight schema` prints, fetched from the engine worker at start)
 * for the editor: the schemas that apply at a key path, the keys a mapping
 * may take there, the values a key may take, and words for a hover.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = { [k: string]: Json };
export type PathSegment = string | number;

const isSchema = (v: Json | undefined): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

export class SchemaIndex {
  constructor(private readonly root: Schema) {}

  private deref(s: Schema): Schema {
    let cur = s;
    for (let hops = 0; typeof cur['$ref'] === 'string' && hops < 16; hops++) {
      const ref = cur['$ref'] as string;
      if (!ref.startsWith('#')) break;
      let target: Json | undefined = this.root;
      for (const part of ref.slice(1).split('/').filter(Boolean))
        target = isSchema(target)
          ? target[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))]
          : undefined;
      if (!isSchema(target)) break;
      // Keywords beside $ref (a description, say) win over the target's.
      const { $ref: _drop, ...rest } = cur;
      cur = { ...target, ...rest };
    }
    return cur;
  }

  /**
   * Every alternative a schema allows, unions opened and references followed.
   * `if`/`then`/`else` on required keys (the format's "a file with extends
   * is checked as what it changes") is decided by the keys written there,
   * when known; otherwise both branches apply.
   */
  private expand(s: Schema, out: Schema[] = [], depth = 0, keys?: ReadonlySet<string>): Schema[] {
    const d = this.deref(s);
    if (d['if'] !== undefined && depth < 8 && (isSchema(d['then']) || isSchema(d['else']))) {
      const { if: condition, then: yes, else: no, ...shared } = d;
      const required = isSchema(condition) && Array.isArray(condition['required']) ? condition['required'] : undefined;
      const holds =
        keys === undefined || required === undefined ? undefined : required.every((k) => keys.has(String(k)));
      for (const branch of holds === undefined ? [yes, no] : [holds ? yes : no])
        if (isSchema(branch)) this.expand({ ...shared, ...branch }, out, depth + 1, keys);
      return out;
    }
    const alternatives = [d['anyOf'], d['oneOf']].find(Array.isArray) as Json[] | undefined;
    if (alternatives && depth < 8) {
      const { anyOf: _a, oneOf: _o, ...shared } = d;
      for (const alt of alternatives) if (isSchema(alt)) this.expand({ ...shared, ...alt }, out, depth + 1, keys);
      return out;
    }
    if (Array.isArray(d['allOf']) && depth < 8) {
      let merged: Schema = { ...d };
      delete merged['allOf'];
      for (const part of d['allOf']) if (isSchema(part)) merged = { ...merged, ...this.deref(part) };
      return this.expand(merged, out, depth + 1, keys);
    }
    out.push(d);
    return out;
  }

  private child(s: Schema, seg: PathSegment): Schema[] {
    if (typeof seg === 'number') {
      const prefix = s['prefixItems'];
      const fixed = Array.isArray(prefix) ? prefix[seg] : undefined;
      if (isSchema(fixed)) return this.expand(fixed);
      return isSchema(s['items']) ? this.expand(s['items']) : [];
    }
    const props = s['properties'];
    if (isSchema(props) && isSchema(props[seg])) return this.expand(props[seg]);
    const patterns = s['patternProperties'];
    if (isSchema(patterns)) {
      for (const [pattern, sub] of Object.entries(patterns))
        if (isSchema(sub) && safeTest(pattern, seg)) return this.expand(sub);
    }
    return isSchema(s['additionalProperties']) ? this.expand(s['additionalProperties']) : [];
  }

  /**
   * The schemas that may describe the value at `path`, narrowed by the keys
   * and values already written there; `top` is the keys the document itself
   * has (whether it `extends`, say).
   */
  at(path: readonly PathSegment[], written?: ReadonlyMap<string, string>, top?: ReadonlySet<string>): Schema[] {
    let current = this.expand(this.root, [], 0, top);
    for (const seg of path) current = current.flatMap((s) => this.child(s, seg));
    if (written === undefined || written.size === 0) return current;
    const fitting = current.filter((s) => fits(s, written));
    return fitting.length > 0 ? fitting : current;
  }

  /** Keys a mapping at `path` may take: name, words for people, whether required. */
  keys(path: readonly PathSegment[], written: ReadonlyMap<string, string>, top?: ReadonlySet<string>): KeyInfo[] {
    const seen = new Map<string, KeyInfo>();
    for (const s of this.at(path, written, top)) {
      const props = s['properties'];
      if (!isSchema(props)) continue;
      const required = Array.isArray(s['required']) ? (s['required'] as Json[]) : [];
      for (const [name, sub] of Object.entries(props)) {
        if (seen.has(name) || !isSchema(sub)) continue;
        seen.set(name, { name, doc: this.describe(this.expand(sub)), required: required.includes(name) });
      }
    }
    return [...seen.values()];
  }

  /** Values a key's value may be: enumerations, constants, booleans. */
  values(path: readonly PathSegment[], top?: ReadonlySet<string>): string[] {
    const out = new Set<string>();
    for (const s of this.at(path, undefined, top)) {
      if (s['const'] !== undefined) out.add(String(s['const']));
      if (Array.isArray(s['enum'])) for (const v of s['enum']) out.add(String(v));
      if (s['type'] === 'boolean') {
        out.add('true');
        out.add('false');
      }
    }
    return [...out];
  }

  /** Words for a hover over the key at `path`: its title and description, else what it takes. */
  describe(schemas: readonly Schema[]): string {
    const words = new Set<string>();
    for (const s of schemas) {
      for (const k of ['title', 'description'] as const) if (typeof s[k] === 'string') words.add(s[k] as string);
    }
    const shape = summarize(schemas);
    return [...words, shape].filter((w) => w !== '').join('\n\n');
  }

  describeAt(path: readonly PathSegment[], top?: ReadonlySet<string>): string {
    return this.describe(this.at(path, undefined, top));
  }
}

export interface KeyInfo {
  readonly name: string;
  readonly doc: string;
  readonly required: boolean;
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

/** A closed object schema fits what is written when it allows every written key and matches written constants. */
function fits(s: Schema, written: ReadonlyMap<string, string>): boolean {
  const props = isSchema(s['properties']) ? s['properties'] : {};
  const closed = s['additionalProperties'] === false;
  for (const [key, value] of written) {
    const sub = props[key];
    if (sub === undefined) {
      if (closed) return false;
      continue;
    }
    if (isSchema(sub) && sub['const'] !== undefined && String(sub['const']) !== value && value !== '') return false;
  }
  return true;
}

/** What values a schema takes, in a line: "number", "one of: trial, step", "map of names to …". */
function summarize(schemas: readonly Schema[]): string {
  const kinds = new Set<string>();
  for (const s of schemas) {
    if (s['const'] !== undefined) kinds.add(JSON.stringify(s['const']));
    else if (Array.isArray(s['enum'])) kinds.add(`one of: ${s['enum'].map(String).join(', ')}`);
    else if (s['type'] === 'object' && isSchema(s['properties'])) {
      const required = Array.isArray(s['required']) ? s['required'].map(String) : [];
      kinds.add(required.length > 0 ? `a mapping (needs ${required.join(', ')})` : 'a mapping');
    } else if (s['type'] === 'object') kinds.add('a mapping of names to entries');
    else if (s['type'] === 'array') kinds.add('a list');
    else if (typeof s['type'] === 'string') kinds.add(s['type'] === 'integer' ? 'a whole number' : `a ${s['type']}`);
  }
  return kinds.size > 0 ? `Takes ${[...kinds].join(' | ')}.` : '';
}
