/**
 * A scenario document as YAML text, in the document's key order: maps in
 * block style, lists of numbers (lookup points) in flow style, strings plain
 * where that is unambiguous and double-quoted (JSON escapes, which YAML reads
 * the same) otherwise. Parsing the text gives back exactly the document.
 */

/** Plain scalars: formulas and names that YAML cannot read as anything else. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_ .()+\-*/^<>=!,]*[A-Za-z0-9_).]$|^[A-Za-z_]$/;
/** Words YAML 1.1 or 1.2 readers could take for booleans or null. */
const SPECIAL = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

export function documentYaml(doc: Readonly<Record<string, unknown>>): string {
  const lines: string[] = [];
  writeMap(doc, 0, lines);
  return `${lines.join('\n')}\n`;
}

function writeMap(map: Readonly<Record<string, unknown>>, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const k = scalarKey(key);
    if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) lines.push(`${pad}${k}: {}`);
      else {
        lines.push(`${pad}${k}:`);
        writeMap(value, indent + 2, lines);
      }
    } else if (Array.isArray(value) && value.some((v) => isPlainObject(v))) {
      lines.push(`${pad}${k}:`);
      for (const item of value) {
        if (isPlainObject(item)) {
          const inner: string[] = [];
          writeMap(item, indent + 4, inner);
          lines.push(`${pad}  - ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else lines.push(`${pad}  - ${flow(item)}`);
      }
    } else {
      lines.push(`${pad}${k}: ${flow(value)}`);
    }
  }
}

/** A value on one line; `nested` inside `[...]` or `{...}`, where a comma ends a plain scalar. */
function flow(value: unknown, nested = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => flow(v, true)).join(', ')}]`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (isPlainObject(value)) {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${scalarKey(k)}: ${flow(v, true)}`)
      .join(', ')} }`;
  }
  const s = String(value);
  const plain =
    PLAIN.test(s) && !SPECIAL.test(s) && !s.includes(': ') && !s.includes(' #') && !(nested && s.includes(','));
  return plain ? s : JSON.stringify(s);
}

function scalarKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !SPECIAL.test(key) ? key : JSON.stringify(key);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
