import type { KeyPath, Problem } from '../errors.js';
import { salvage } from '../scenario/salvage.js';
import type { SourceDocument } from '../scenario/source.js';
import { compile } from './compile.js';

/**
 * What the compiler finds in a document the schema refused: the parts the
 * schema did not refuse, compiled with stand-ins for the rest (salvage.ts),
 * so that `foresight validate` reports every independent problem at once
 * (an unclosed parenthesis while another key is misspelt). Problems inside
 * stand-ins, or that depend on a time axis that was itself refused, are the
 * schema's and are left out.
 */
export function problemsPastSchema(src: SourceDocument): Problem[] {
  const salvaged = salvage(src.value);
  if (!salvaged) return [];
  const compiled = compile(salvaged.document, src);
  if (compiled.ok) return [];
  return compiled.error.filter(
    (p) =>
      p.code !== 'limit' &&
      !salvaged.replaced.some((r) => startsWith(p.path, r)) &&
      !(salvaged.timeReplaced && dependsOnTime(p.path)),
  );
}

const startsWith = (path: KeyPath, prefix: KeyPath): boolean =>
  prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);

/** Targets' times and assumptions' `at`: judged against the reporting times. */
function dependsOnTime(path: KeyPath): boolean {
  const [section, , key, sub] = path;
  if (section === 'targets') return key === 'time' || key === 'relative_to';
  return section === 'assumptions' && key === 'monotone' && sub === 'at';
}
