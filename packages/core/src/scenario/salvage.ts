import type { KeyPath } from '../errors.js';
import { ScenarioDocument } from './schema.js';

/*
 * A document the schema refuses still has parts the compiler can check: the
 * expressions of well-formed entries, the outputs, the targets' times. To
 * report every problem at once, the refused parts are set aside (a key
 * deleted, or an entry replaced by a stand-in that keeps its id declared,
 * so references to it are not reported as unknown) until the rest is a valid
 * document; problems the compiler then finds inside a stand-in are the
 * schema's own, already reported, and are dropped by the caller.
 */

export interface Salvaged {
  readonly document: ScenarioDocument;
  /** Where stand-ins replaced what the author wrote: problems under these paths are not reported. */
  readonly replaced: readonly KeyPath[];
  /** The time axis is a stand-in: nothing that depends on it (reporting times, sizes) can be judged. */
  readonly timeReplaced: boolean;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Entries by id, with the stand-in that keeps an id declared as the same kind. */
const MAPS: Readonly<Record<string, () => unknown>> = {
  parameters: () => ({ value: 0 }),
  series: () => ({ points: { '0': 0 } }),
  lookups: () => ({ points: [[0, 0]] }),
  stocks: () => ({ initial: 0 }),
  variables: () => 0,
  shocks: () => ({ at: [] }),
};

/** The keys of an entry that hold expressions: a refused one is replaced by 0, and the rest of the entry kept. */
const EXPRESSIONS: Readonly<Record<string, readonly string[]>> = {
  stocks: ['initial', 'inflow', 'outflow'],
  variables: ['expr'],
};

/** Lists of entries, with a stand-in that keeps the other entries at their indices. */
const LISTS: Readonly<Record<string, () => unknown>> = {
  targets: () => ({ variable: 't', time: 0, value: 0 }),
  assumptions: () => ({ name: '', holds: '1' }),
  correlations: () => ({ between: ['a', 'b'], rho: 0 }),
  outputs: () => 't',
};

const REQUIRED: Readonly<Record<string, () => unknown>> = {
  format: () => 1,
  id: () => 'scenario',
  time: () => ({ start: 0, end: 1 }),
};

/** Rounds of setting aside: a key, then its entry, then its section. */
const ROUNDS = 3;

export function salvage(value: unknown): Salvaged | undefined {
  if (!isPlain(value)) return undefined;
  const doc = copy(value) as Plain;
  const replaced: KeyPath[] = [];
  const declared = new Set<string>();
  let timeReplaced = false;
  for (let round = 0; round <= ROUNDS; round++) {
    const parsed = ScenarioDocument.safeParse(doc);
    if (parsed.success) return { document: parsed.data, replaced, timeReplaced };
    if (round === ROUNDS) return undefined;
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const parent = at(doc, path);
          // A misspelt section (`paramters:`) may hold ids the expressions use: keep them declared.
          if (path.length === 0 && isPlain(parent?.[key])) for (const id of Object.keys(parent[key])) declared.add(id);
          if (isPlain(parent)) delete parent[key];
        }
        continue;
      }
      const [section, entry, key] = path;
      if (section === 'time') {
        doc['time'] = REQUIRED['time']!();
        timeReplaced = true;
      } else if (typeof section !== 'string') {
        return undefined;
      } else if (issue.code === 'invalid_key') {
        // A key of the wrong form (`bad-id`, a series time that is not a number): the entry goes.
        const parent = at(doc, path.slice(0, -1));
        if (parent) delete parent[String(path[path.length - 1])];
      } else if (path.length === 1 || !(section in MAPS || section in LISTS)) {
        setAside(doc, section, REQUIRED[section], replaced);
      } else {
        const holder = at(doc, [section, entry!]);
        const parent = at(doc, path.slice(0, -1));
        if (typeof key === 'string' && EXPRESSIONS[section]?.includes(key) && holder) {
          holder[key] = 0;
          replaced.push([section, entry!, key]);
        } else if (round === 0 && path.length > 2 && parent) {
          delete parent[String(path[path.length - 1])];
        } else {
          const container = at(doc, [section]);
          if (container) {
            container[entry!] = (MAPS[section] ?? LISTS[section]!)();
            replaced.push([section, entry!]);
          }
        }
      }
    }
    // Ids of a misspelt section, declared as constants where no section of the document has them.
    const taken = new Set(idsOf(doc));
    const stand = Object.fromEntries([...declared].filter((id) => !taken.has(id)).map((id) => [id, { value: 0 }]));
    if (Object.keys(stand).length > 0) {
      doc['parameters'] = { ...(isPlain(doc['parameters']) ? doc['parameters'] : {}), ...stand };
      for (const id of Object.keys(stand)) replaced.push(['parameters', id]);
    }
    declared.clear();
  }
  return undefined;
}

/** An optional top-level key is deleted; a required one gets a stand-in. */
function setAside(doc: Plain, key: string, standIn: (() => unknown) | undefined, out: KeyPath[]): void {
  if (standIn) {
    doc[key] = standIn();
    out.push([key]);
  } else delete doc[key];
}

function idsOf(doc: Plain): string[] {
  return Object.keys(MAPS).flatMap((section) => (isPlain(doc[section]) ? Object.keys(doc[section]) : []));
}

/** The map or list at `path`, as a record to read and write. */
function at(root: unknown, path: readonly (string | number)[]): Record<string | number, unknown> | undefined {
  let node: unknown = root;
  for (const seg of path) {
    if (isPlain(node) || Array.isArray(node)) node = (node as Record<string | number, unknown>)[seg];
    else return undefined;
  }
  return isPlain(node) || Array.isArray(node) ? (node as Record<string | number, unknown>) : undefined;
}

/** A deep copy of plain data (shared YAML aliases become separate copies, as JSON would make them). */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (!isPlain(v)) return v;
  const out: Plain = {};
  for (const [k, x] of Object.entries(v)) out[k] = copy(x);
  return out;
}
