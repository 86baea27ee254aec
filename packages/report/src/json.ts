/**
 * JSON text in chunks: exactly what `JSON.stringify(value, null, indent)`
 * gives, joined, without ever holding one string of the whole document. A
 * server sends a large result chunk by chunk (letting other requests in
 * between), a command line writes it to a file as it goes, a job store
 * writes it in pieces.
 *
 * ```ts
 * for (const chunk of jsonChunks(result, { indent: 2 })) out.write(chunk);
 * Readable.from(jsonChunks(result));   // a response body
 * ```
 */
export interface JsonChunkOptions {
  /** Spaces per level, as JSON.stringify's third argument (at most 10); none by default: compact JSON. */
  readonly indent?: number | undefined;
  /** Characters per chunk, about: a chunk ends after the value (or block of numbers) that fills it, so at most about twice this; default 65,536. */
  readonly chunk?: number | undefined;
}

/** Default characters per chunk: a socket write, and a few milliseconds of work at most. */
export const JSON_CHUNK = 65_536;

/** Where JSON.stringify would write nothing: the property is left out (in an array, `null`). */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** The value JSON.stringify writes for `v` under `key`: its toJSON(), a boxed primitive unboxed. */
function prepared(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object') {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = toJSON.call(v, key);
  }
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean) return v.valueOf();
  return v;
}

/** Numbers written by one JSON.stringify call at most: a fraction of a millisecond. */
const NUMBER_BLOCK = 2048;
/** Characters of a number in JSON at most, with its comma. */
const NUMBER_CHARS = 25;

/** Whether every element is a number (holes are not): such an array is written natively. */
function numeric(array: readonly unknown[]): boolean {
  for (let i = 0; i < array.length; i++) if (typeof array[i] !== 'number') return false;
  return true;
}

/** A primitive's JSON text, or undefined for objects and arrays. */
function primitive(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
}

export function* jsonChunks(value: unknown, options: JsonChunkOptions = {}): Generator<string, void, undefined> {
  const size = options.chunk ?? JSON_CHUNK;
  const step = ' '.repeat(Math.max(0, Math.min(10, Math.floor(options.indent ?? 0))));
  const ancestors = new Set<object>();
  let buf = '';

  function* write(v: unknown, indent: string): Generator<string, void, undefined> {
    const text = primitive(v);
    if (text !== undefined) {
      buf += text;
      if (buf.length >= size) {
        yield buf;
        buf = '';
      }
      return;
    }
    const node = v as object;
    if (ancestors.has(node)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(node);
    const inner = indent + step;
    const open = step === '' ? '' : `\n${inner}`;
    const comma = step === '' ? ',' : `,\n${inner}`;
    if (Array.isArray(node)) {
      if (node.length === 0) buf += '[]';
      else if (numeric(node)) {
        // Columns of numbers, most of a result: the engine's own JSON.stringify, a block at a time
        // (a number's text never holds a comma, so the compact text spaces out by replacing them).
        buf += `[${open}`;
        // A block never holds more than a chunk's worth of text, indentation included.
        const block = Math.max(1, Math.min(NUMBER_BLOCK, Math.floor(size / (NUMBER_CHARS + comma.length))));
        for (let from = 0; from < node.length; from += block) {
          const body = JSON.stringify(node.slice(from, from + block)).slice(1, -1);
          if (from > 0) buf += comma;
          buf += step === '' ? body : body.replaceAll(',', comma);
          if (buf.length >= size) {
            yield buf;
            buf = '';
          }
        }
        buf += step === '' ? ']' : `\n${indent}]`;
      } else {
        buf += `[${open}`;
        for (let i = 0; i < node.length; i++) {
          if (i > 0) buf += comma;
          const p = prepared(node[i], String(i));
          if (skipped(p)) buf += 'null';
          else yield* write(p, inner);
        }
        buf += step === '' ? ']' : `\n${indent}]`;
      }
    } else {
      const colon = step === '' ? ':' : ': ';
      let first = true;
      buf += '{';
      for (const key of Object.keys(node)) {
        const p = prepared((node as Record<string, unknown>)[key], key);
        if (skipped(p)) continue;
        buf += `${first ? open : comma}${JSON.stringify(key)}${colon}`;
        first = false;
        yield* write(p, inner);
      }
      buf += first || step === '' ? '}' : `\n${indent}}`;
    }
    ancestors.delete(node);
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }

  const top = prepared(value, '');
  if (skipped(top)) return;
  yield* write(top, '');
  if (buf !== '') yield buf;
}
