import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

export type Attrs = Record<string, string>;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true });

/** Every element named `name`, in document order, with its attributes. */
export function elements(svg: string, name: string): Attrs[] {
  const found: Attrs[] = [];
  const walk = (nodes: unknown): void => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(node)) {
        if (key === name) found.push((node[':@'] as Attrs | undefined) ?? {});
        if (key !== ':@') walk(value);
      }
    }
  };
  walk(parser.parse(svg));
  return found;
}

/**
 * Valid XML, and nothing a renderer would reject or a person would find odd:
 * no NaN, infinities or nulls in the markup, no undefined attribute values, a
 * viewBox matching the size, finite coordinates, no negative widths, and path
 * data made only of the commands the charts use.
 */
export function expectWellFormed(svg: string): void {
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).not.toMatch(/NaN|undefined"|Infinity|null/);
  const root = elements(svg, 'svg')[0] ?? {};
  expect(root['viewBox']).toBe(`0 0 ${root['width']} ${root['height']}`);
  for (const el of ['rect', 'line', 'text']) {
    for (const attrs of elements(svg, el)) {
      for (const key of ['x', 'y', 'x1', 'y1', 'x2', 'y2', 'width', 'height']) {
        if (attrs[key] !== undefined)
          expect(Number.isFinite(Number(attrs[key])), `${el} ${key}=${attrs[key]}`).toBe(true);
      }
      if (attrs['width'] !== undefined) expect(Number(attrs['width'])).toBeGreaterThanOrEqual(0);
    }
  }
  for (const path of elements(svg, 'path')) expect(path['d']).toMatch(/^([MLHVZ]-?\d*(\.\d+)?( -?\d+(\.\d+)?)?)*$/);
}
