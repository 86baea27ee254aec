import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Reading the repository's Markdown pages: sections, fenced blocks with their markers, links. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The front page and every page of docs/, as paths relative to the repository. */
export function pages(): string[] {
  return [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((n) => n.endsWith('.md'))
      .sort()
      .map((n) => `docs/${n}`),
  ];
}

export const read = (page: string): string => readFileSync(join(root, page), 'utf8');

/**
 * The text of the section under `heading` (a whole heading line, `## Limits`),
 * up to the next heading of the same or a higher level. Throws when the page
 * has no such heading, so a renamed section fails the test that reads it.
 */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  let end = lines.length;
  let fenced = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('```')) fenced = !fenced;
    const m = /^(#+) /.exec(line);
    if (!fenced && m && (m[1]?.length ?? 0) <= level) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}

export interface Block {
  /** The fence's language (`sh`, `yaml`, `text`). */
  readonly lang: string;
  /** The marker on the line before the fence (`runnable`, `output`, `file: team.yaml`, ...), if any. */
  readonly marker: string | undefined;
  readonly text: string;
  /** The 1-based line of the first line inside the fence. */
  readonly line: number;
}

/** Every fenced block of a page, in order. */
export function blocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const before = /^<!--\s*(.+?)\s*-->$/.exec(lines[i - 1] ?? '');
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== '```') body.push(lines[j++] ?? '');
    found.push({ lang: open[1] ?? '', marker: before?.[1], text: body.join('\n'), line: i + 2 });
    i = j;
  }
  return found;
}

/** The commands of an `sh` block: one per line, a line ending in `\` continued on the next. */
export function commands(block: Block): { command: string; line: number }[] {
  const out: { command: string; line: number }[] = [];
  let current = '';
  let first = 0;
  block.text.split('\n').forEach((text, i) => {
    if (current === '') first = block.line + i;
    if (text.endsWith('\\')) {
      current += `${text.slice(0, -1)} `;
      return;
    }
    current += text;
    if (current.trim() !== '' && !current.trim().startsWith('#')) out.push({ command: current.trim(), line: first });
    current = '';
  });
  return out;
}

/** Links `[text](target)` outside fenced blocks, with their lines. */
export function links(markdown: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  let fenced = false;
  markdown.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) found.push({ target: m[1] ?? '', line: i + 1 });
  });
  return found;
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
export function anchors(markdown: string): Set<string> {
  const seen = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = /^#+ (.+)$/.exec(line);
    if (fenced || !m) continue;
    const slug = (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let unique = slug;
    for (let n = 1; seen.has(unique); n++) unique = `${slug}-${n}`;
    seen.add(unique);
  }
  return seen;
}
