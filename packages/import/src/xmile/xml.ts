/**
 * XML through fast-xml-parser, kept close to the file: every element knows
 * where it starts, text is decoded here (the five XML entities and character
 * references, nothing a DOCTYPE declares), and each decoded character maps
 * back to its offset so an equation's problems point into the file.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IMPORT_LIMITS } from '../limits.js';
import type { Offset } from '../model.js';

/** One element: child elements by local tag name (always lists), attributes, where it stands. */
export interface Element {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: ReadonlyMap<string, readonly Element[]>;
  readonly start: Offset;
  readonly end: Offset;
}

export type XmlResult =
  | { ok: true; root: Element }
  | { ok: false; message: string; line: number; column: number; limit?: boolean };

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

export function parseXml(text: string): XmlResult {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    // Elements still open at the end come back as a JSON list of their names, at line 1.
    const open = unclosed(valid.err.msg);
    if (open) {
      const names = open.map((n) => `<${n}>`).join(', ');
      const lines = text.split(/\r\n|\n|\r/);
      return {
        ok: false,
        message: `the file ends before these elements are closed: ${names}`,
        line: lines.length,
        column: (lines[lines.length - 1] ?? '').length + 1,
      };
    }
    return { ok: false, message: valid.err.msg, line: valid.err.line, column: valid.err.col };
  }
  const parser = new XMLParser({
    maxNestedTags: IMPORT_LIMITS.maxXmlDepth,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '@',
    alwaysCreateTextNode: true,
    captureMetaData: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    isArray: () => true,
  });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (e) {
    // The validator passed: what is left is the parser's own limits (nesting), reported as they are.
    return { ok: false, message: e instanceof Error ? e.message : String(e), line: 1, column: 1, limit: true };
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?') && k !== '#text');
  const top = roots.flatMap((k) => doc[k])[0];
  if (roots.length === 0 || typeof top !== 'object' || top === null) {
    return { ok: false, message: 'the file holds no XML element', line: 1, column: 1 };
  }
  return { ok: true, root: element(roots[0]!, top as Record<string | symbol, unknown>) };
}

function unclosed(message: string): string[] | undefined {
  const list = /^Invalid '(\[[\s\S]*\])' found\.?$/.exec(message)?.[1];
  if (list === undefined) return undefined;
  try {
    const names: unknown = JSON.parse(list);
    return Array.isArray(names) ? names.map(String) : undefined;
  } catch {
    return undefined;
  }
}

function element(tag: string, node: Record<string | symbol, unknown>): Element {
  const children = new Map<string, Element[]>();
  const attrs: Record<string, string> = {};
  const group = node['@'];
  const attrList = Array.isArray(group) ? group[0] : group;
  if (attrList && typeof attrList === 'object') {
    for (const [k, v] of Object.entries(attrList as Record<string, unknown>)) {
      if (typeof v === 'string') attrs[localName(k)] = decode(v).text;
    }
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === '@' || k === '#text' || !Array.isArray(v)) continue;
    const list = children.get(k) ?? [];
    for (const item of v) {
      if (typeof item === 'object' && item !== null) list.push(element(k, item as Record<string | symbol, unknown>));
    }
    children.set(k, list);
  }
  const meta = node[META] as { startIndex?: number; endIndex?: number } | undefined;
  return { tag, attrs, children, start: meta?.startIndex ?? 0, end: meta?.endIndex ?? 0 };
}

/** An attribute's local name: `isee:label` and `label` alike. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export const child = (e: Element, tag: string): Element | undefined => e.children.get(tag)?.[0];
export const children = (e: Element, tag: string): readonly Element[] => e.children.get(tag) ?? [];

/**
 * An element's text content from the file itself, decoded, with the file
 * offset of each character; CDATA sections are taken as they are and
 * comments dropped. Nested elements' text is included.
 */
export function textOf(source: string, e: Element): { text: string; at: (i: number) => Offset } {
  const open = source.indexOf('>', e.start);
  if (open < 0 || source[open - 1] === '/') return { text: '', at: () => e.start };
  const closeAt = source.lastIndexOf('</', e.end);
  const innerEnd = closeAt > open ? closeAt : e.end;
  const parts: string[] = [];
  const offsets: number[] = [];
  let i = open + 1;
  while (i < innerEnd) {
    if (source.startsWith('<![CDATA[', i)) {
      const close = source.indexOf(']]>', i);
      const stop = close < 0 ? innerEnd : close;
      for (let j = i + 9; j < stop; j++) {
        parts.push(source[j]!);
        offsets.push(j);
      }
      i = stop + 3;
    } else if (source.startsWith('<!--', i)) {
      const close = source.indexOf('-->', i);
      i = close < 0 ? innerEnd : close + 3;
    } else if (source[i] === '<') {
      const close = source.indexOf('>', i);
      i = close < 0 ? innerEnd : close + 1;
    } else if (source[i] === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/.exec(source.slice(i, i + 12));
      const decoded = m ? entity(m[1]!) : undefined;
      if (m && decoded !== undefined) {
        parts.push(decoded);
        offsets.push(i);
        i += m[0].length;
      } else {
        parts.push('&');
        offsets.push(i);
        i++;
      }
    } else {
      parts.push(source[i]!);
      offsets.push(i);
      i++;
    }
  }
  const text = parts.join('');
  return { text, at: (k) => offsets[Math.min(k, offsets.length - 1)] ?? open + 1 };
}

/** Decode an attribute value or a short text. */
export function decode(raw: string): { text: string } {
  return { text: raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, name: string) => entity(name) ?? m) };
}

function entity(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default: {
      const code = name.startsWith('#x')
        ? Number.parseInt(name.slice(2), 16)
        : name.startsWith('#')
          ? Number(name.slice(1))
          : NaN;
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
    }
  }
}
