import type { z } from 'zod';
import { didYouMean } from '../did-you-mean.js';

/*
 * zod's default messages ("Invalid input: expected 1") say what the
 * validator saw, not what to write. This error map words every kind of issue
 * for a scenario author; the schema's own messages (a regex's, a
 * refinement's) take precedence over it, as zod applies them first. Pass it
 * to every parse of untrusted input: `schema.safeParse(value, { error: issueWords })`.
 */

type RawIssue = z.core.$ZodRawIssue;

const NOUNS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'a map of keys',
  record: 'a map of keys',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
  undefined: 'nothing',
};

const noun = (expected: unknown): string => NOUNS[String(expected)] ?? String(expected);

const shown = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 40)}...` : s;
};

/** What a value is, for "got ...". */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map of keys';
  if (typeof v === 'string') return `the text ${shown(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return String(v);
}

const listed = (values: readonly unknown[]): string => values.map((v) => shown(v)).join(', ');

function sizeWords(iss: RawIssue & { code: 'too_small' | 'too_big' }): string {
  const small = iss.code === 'too_small';
  const bound = small ? (iss as { minimum: unknown }).minimum : (iss as { maximum: unknown }).maximum;
  const inclusive = (iss as { inclusive?: boolean }).inclusive !== false;
  const origin = (iss as { origin?: string }).origin;
  if (origin === 'array' || origin === 'set') {
    const n = Number(bound);
    const items = `${n} item${n === 1 ? '' : 's'}`;
    if (small) return n === 1 ? 'needs at least one item' : `needs at least ${items}`;
    return `takes at most ${items}`;
  }
  if (origin === 'string') {
    if (small) return Number(bound) <= 1 ? 'cannot be empty' : `needs at least ${String(bound)} characters`;
    return `takes at most ${String(bound)} characters`;
  }
  if (small) return inclusive ? `must be at least ${String(bound)}` : `must be greater than ${String(bound)}`;
  return inclusive ? `must be at most ${String(bound)}` : `must be less than ${String(bound)}`;
}

/** The zod error map: words for every issue kind zod reports. */
export function issueWords(iss: RawIssue): string {
  const input: unknown = iss.input;
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${noun(iss.expected)}, got ${describeValue(input)}`;
    case 'invalid_value': {
      const values = iss.values as readonly unknown[];
      if (values.length === 1) return `must be ${shown(values[0])}, not ${shown(input)}`;
      const near = typeof input === 'string' ? didYouMean(input, values.map(String)) : '';
      return `must be one of ${listed(values)}, not ${shown(input)}${near}`;
    }
    case 'too_small':
    case 'too_big':
      return sizeWords(iss);
    case 'invalid_format':
      return `${describeValue(input)} is not in the expected form (${String(iss.format)})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)}`;
    case 'unrecognized_keys':
      return `unknown key${iss.keys.length === 1 ? '' : 's'} ${listed(iss.keys)}`;
    case 'invalid_key':
      return `the key ${shown(input)} is not allowed here`;
    case 'invalid_element':
      return 'a value of this map is not allowed here';
    case 'invalid_union':
      return unionWords(iss, input);
    case 'custom':
      return `${describeValue(input)} is not allowed here`;
  }
  return (iss as { code: string }).code;
}

function unionWords(iss: RawIssue & { code: 'invalid_union' }, input: unknown): string {
  const disc = (iss as { discriminator?: string }).discriminator;
  const options = (iss as { options?: readonly unknown[] }).options;
  if (disc !== undefined && options !== undefined) {
    // A misspelt or missing `dist:` (the discriminator): say which names exist.
    const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[disc] : undefined;
    const names = options.map(String);
    if (given === undefined) return `'${disc}' is missing: one of ${names.join(', ')}`;
    const near = typeof given === 'string' ? didYouMean(given, names) : '';
    return `${disc} ${shown(given)} is not one of ${names.join(', ')}${near}`;
  }
  // Every form refused the value's type: name the types it could have.
  const errors = iss.errors as readonly (readonly z.core.$ZodIssue[])[];
  const expected = errors.map((e) =>
    e.length === 1 && e[0]?.code === 'invalid_type' && e[0].path.length === 0 ? e[0] : undefined,
  );
  if (expected.length > 0 && expected.every((e) => e !== undefined)) {
    const nouns = [...new Set(expected.map((e) => noun(e?.expected)))];
    const last = nouns.pop();
    const either = nouns.length > 0 ? `${nouns.join(', ')} or ${last}` : last;
    return `expected ${either}, got ${describeValue(input)}`;
  }
  return `${describeValue(input)} matches none of the forms allowed here`;
}
