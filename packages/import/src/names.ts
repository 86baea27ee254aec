import { BUILTIN_NAMES } from '@foresight/core';

/**
 * Names in both tools are case-insensitive and treat spaces and underscores
 * alike (`Teacup Temperature`, `teacup_temperature` and `"Teacup  Temperature"`
 * are one variable). `nameKey` is that identity; `IdMaker` turns names into
 * distinct, valid scenario ids that shadow nothing of the expression language.
 */

/** The identity of a name: quotes removed, lower case, runs of white space and underscores as one space. */
export function nameKey(name: string): string {
  let s = name.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return s
    .replace(/\\n/g, ' ')
    .replace(/[\s_]+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Every name the expression language or mathjs's parser gives a meaning of
 * its own: the engine's built-in functions and constants, `t` and `dt`
 * (BUILTIN_NAMES), mathjs operators and constants written as words, and the
 * functions mathjs's security guide names. An id equal to one gets a `_`.
 */
export const RESERVED_IDS: ReadonlySet<string> = new Set([
  ...BUILTIN_NAMES,
  ...['and', 'or', 'not', 'xor', 'to', 'in', 'true', 'false', 'null', 'undefined', 'infinity', 'nan', 'i', 'end'],
  ...['import', 'createunit', 'reviver', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'compile'],
  ...['constructor', 'prototype', '__proto__'],
]);

/** The longest id written: long enough to stay readable, short enough for a problem line. */
const MAX_ID = 60;

/** Distinct ids for names, in the order names are first seen. */
export class IdMaker {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const id of reserved) this.taken.add(id);
  }

  /** The id of a name (the same for every spelling with the same `nameKey`). */
  id(name: string): string {
    const key = nameKey(name);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const base = baseId(key);
    const id = this.free(base);
    this.byKey.set(key, id);
    return id;
  }

  /** A fresh id for something the translation adds (an inline table), never equal to a name's id. */
  fresh(hint: string): string {
    return this.free(baseId(nameKey(hint)));
  }

  private free(base: string): string {
    let id = RESERVED_IDS.has(base) ? `${base}_` : base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    return id;
  }
}

function baseId(key: string): string {
  let id = key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id === '') {
    // Names in other scripts keep their identity through their code points.
    id = `v_${[...key]
      .filter((c) => c.trim() !== '')
      .map((c) => c.codePointAt(0)!.toString(36))
      .join('_')}`;
  }
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return id.length > MAX_ID ? id.slice(0, MAX_ID).replace(/_+$/, '') : id;
}
