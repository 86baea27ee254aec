import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** A real scenario: the report's scenarios and the golden corpus, the seeds of the mutation fuzzer. */
export interface CorpusEntry {
  readonly name: string;
  readonly text: string;
  readonly value: Record<string, unknown>;
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

function read(path: string, name: string): CorpusEntry {
  const text = readFileSync(path, 'utf8');
  return { name, text, value: parse(text) as Record<string, unknown> };
}

export function loadCorpus(): CorpusEntry[] {
  const scenarios = join(root, 'scenarios');
  const golden = join(root, 'tests', 'golden');
  return [
    ...readdirSync(scenarios)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => read(join(scenarios, f), f)),
    ...readdirSync(golden, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
      .map((d) => read(join(golden, d, 'scenario.yaml'), `golden/${d}`)),
  ];
}
