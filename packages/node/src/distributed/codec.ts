/*
 * Pieces, answers, documents and stage inputs as bytes for Redis: JSON for
 * the shape, the typed arrays' own bytes after it (little-endian, as every
 * machine a worker runs on is), and the numbers JSON cannot hold (NaN, the
 * infinities, -0) tagged, so a value comes back exactly as it went.
 *
 * Layout: u32 length of the JSON text, the text (UTF-8), then each array's
 * bytes at the offset its tag gives. A tag is an object under a key no
 * scenario can contain (a control character, refused in documents).
 */
const TAG = '\u0000';

type ArrayKind = 'f64' | 'u32' | 'i32' | 'u8';
const KINDS = {
  f64: Float64Array,
  u32: Uint32Array,
  i32: Int32Array,
  u8: Uint8Array,
} as const;

function kindOf(v: ArrayBufferView): ArrayKind | undefined {
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Uint32Array) return 'u32';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array) return 'u8';
  return undefined;
}

function tagNumber(x: number): unknown {
  if (Number.isNaN(x)) return { [TAG]: 'n', v: 'NaN' };
  if (x === Infinity) return { [TAG]: 'n', v: 'Infinity' };
  if (x === -Infinity) return { [TAG]: 'n', v: '-Infinity' };
  if (Object.is(x, -0)) return { [TAG]: 'n', v: '-0' };
  return x;
}

const NUMBERS: Readonly<Record<string, number>> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

export function encode(value: unknown): Buffer {
  const arrays: { view: ArrayBufferView; at: number }[] = [];
  let bytes = 0;
  const json = JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === 'number') return tagNumber(v);
    if (ArrayBuffer.isView(v)) {
      const kind = kindOf(v);
      if (!kind) throw new TypeError(`cannot encode a ${v.constructor.name}`);
      bytes = Math.ceil(bytes / 8) * 8;
      arrays.push({ view: v, at: bytes });
      const tag = { [TAG]: 'a', k: kind, at: bytes, n: v.byteLength / KINDS[kind].BYTES_PER_ELEMENT };
      bytes += v.byteLength;
      return tag;
    }
    return v;
  });
  const text = Buffer.from(json ?? 'null', 'utf8');
  const head = 4 + text.length;
  const out = Buffer.alloc(head + bytes);
  out.writeUInt32LE(text.length, 0);
  text.copy(out, 4);
  for (const { view, at } of arrays) out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), head + at);
  return out;
}

export function decode(buffer: Buffer): unknown {
  const length = buffer.readUInt32LE(0);
  const head = 4 + length;
  return JSON.parse(buffer.toString('utf8', 4, head), (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || !(TAG in v)) return v;
    const t = v as { [TAG]: string; v?: string; k?: ArrayKind; at?: number; n?: number };
    if (t[TAG] === 'n') {
      const x = NUMBERS[t.v ?? ''];
      if (x === undefined) throw new TypeError(`bad number tag ${String(t.v)}`);
      return x;
    }
    const Kind = KINDS[t.k ?? 'u8'];
    const n = t.n ?? 0;
    const at = t.at ?? 0;
    if (
      !Kind ||
      !Number.isSafeInteger(n) ||
      !Number.isSafeInteger(at) ||
      head + at + n * Kind.BYTES_PER_ELEMENT > buffer.length
    )
      throw new TypeError('bad array tag');
    // Copied: a Buffer from Redis need not sit at an offset the array's alignment allows.
    const out = new Kind(n);
    new Uint8Array(out.buffer).set(buffer.subarray(head + at, head + at + out.byteLength));
    return out;
  });
}
