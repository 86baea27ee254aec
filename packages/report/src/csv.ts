import type { RunResult } from '@foresight/core';
import { JSON_CHUNK } from './json.js';
import { numberAt, sortQuantileKeys, statColumn } from './stats.js';

const FIXED_COLUMNS = ['mean', 'sd', 'min', 'max'] as const;

/** RFC 4180: quote a field only when it holds a comma, a quote or a line break. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// String(x) is JavaScript's shortest round-trip representation, so parsing the
// CSV gives back exactly the numbers of the result document. A missing value
// is an empty field, never 0.
const exact = (x: number | null): string => (x === null ? '' : String(x));

/**
 * A run as tidy long-format CSV, one row per (output, time):
 * `output,unit,time,mean,sd,min,max,p5,p25,...`; `output` is the output's
 * label where the scenario gives one (an imported model's own name), else its id. Quantile columns are the
 * union over all outputs in increasing order; an output without one leaves
 * the field empty. Lines end with `\n`, the last one included.
 */
export function renderRunCsv(result: RunResult): string {
  return Array.from(runCsvChunks(result)).join('');
}

/** `renderRunCsv`'s text in chunks of about `chunk` characters (whole lines), for writing a large run as it goes. */
export function* runCsvChunks(result: RunResult, chunk = JSON_CHUNK): Generator<string, void, undefined> {
  const summaries = Object.entries(result.outputs);
  const quantiles = sortQuantileKeys(summaries.flatMap(([, s]) => Object.keys(s.quantiles)));
  const stats = [...FIXED_COLUMNS, ...quantiles];
  let buf = `${['output', 'unit', 'time', ...stats].map(field).join(',')}\n`;
  for (const [id, summary] of summaries) {
    const columns = stats.map((s) => statColumn(summary, s));
    const name = field(summary.label ?? id);
    const unit = field(summary.unit ?? '');
    for (const [i, t] of result.times.entries()) {
      buf += `${name},${unit},${field(exact(t))}`;
      for (const c of columns) buf += `,${field(exact(numberAt(c, i)))}`;
      buf += '\n';
      if (buf.length >= chunk) {
        yield buf;
        buf = '';
      }
    }
  }
  if (buf !== '') yield buf;
}
