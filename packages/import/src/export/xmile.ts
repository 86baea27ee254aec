/**
 * A scenario as an XMILE 1.0 model that Stella, iThink and other XMILE tools
 * can open: parameters (constants) and variables as auxiliaries, stocks with
 * one flow each way (a variable that is only ever a stock's whole inflow or
 * outflow becomes that flow itself), lookups as graphical functions, series
 * as graphical functions of TIME. What XMILE cannot hold is a problem, never
 * dropped in silence: distributions, shocks, correlations, bounds other than
 * non-negative. Targets, assumptions, trials and seeds are analyses of the
 * model, not part of it, and are left out. Each equation is written in
 * XMILE's own functions (`log(x, b)` as `LN(x) / LN(b)`, `pulse` as an IF).
 */
import {
  err,
  type KeyPath,
  ok,
  parseExpression,
  type ParsedExpression,
  type Problem,
  type Result,
  type ScenarioDocument,
  type SourceDocument,
} from '@foresight/core';
import { nameKey } from '../names.js';

type Tree = ParsedExpression['tree'];

const XMILE_NS = 'http://docs.oasis-open.org/xmile/ns/XMILE/v1.0';

interface Out {
  readonly problems: Problem[];
  readonly source: SourceDocument | undefined;
  readonly file: string;
}

/** Export a validated scenario document; `source` (when given) positions the problems. */
export function exportXmile(
  doc: ScenarioDocument,
  options: { source?: SourceDocument; file?: string } = {},
): Result<string, Problem[]> {
  const out: Out = { problems: [], source: options.source, file: options.source?.file ?? options.file ?? '<scenario>' };
  const names = new Names(doc);
  const lookupIds = new Set([...Object.keys(doc.lookups ?? {})]);
  const equation = (text: string | number, path: KeyPath): string | undefined => {
    const parsed = parseExpression(String(text), lookupIds);
    if (!parsed.ok) {
      problem(out, 'syntax', `the expression does not parse: ${parsed.error[0]?.message ?? ''}`, path);
      return undefined;
    }
    try {
      return new Writer(names, doc).write(parsed.value.tree);
    } catch (e) {
      if (!(e instanceof CannotExport)) throw e;
      problem(out, 'unsupported', `${e.message} cannot be written in XMILE`, path);
      return undefined;
    }
  };

  for (const [id, s] of Object.entries(doc.shocks ?? {})) {
    void s;
    problem(out, 'unsupported', `the shock '${id}' has no XMILE form (XMILE models are deterministic)`, ['shocks', id]);
  }
  if ((doc.correlations ?? []).length > 0) {
    problem(out, 'unsupported', 'correlations between parameters have no XMILE form', ['correlations']);
  }

  const vars: string[] = [];
  for (const [id, p] of Object.entries(doc.parameters ?? {})) {
    const value = typeof p === 'number' ? p : 'value' in p ? p.value : undefined;
    if (value === undefined || (typeof p === 'object' && p.per === 'step')) {
      problem(
        out,
        'unsupported',
        `the parameter '${id}' is drawn from a distribution; XMILE models are deterministic (give it a value to export)`,
        ['parameters', id],
      );
      continue;
    }
    const meta = typeof p === 'object' ? p : {};
    vars.push(element('aux', names.display(id), [['eqn', number(value)], ...annotations(meta)]));
  }
  for (const [id, s] of Object.entries(doc.series ?? {})) {
    const points = Object.entries(s.points)
      .map(([t, v]) => [Number(t), v] as const)
      .sort((a, b) => a[0] - b[0]);
    vars.push(
      element('aux', names.display(id), [
        ['eqn', 'TIME'],
        ['gf', graphical(points, s.interpolate === 'step')],
        ...annotations(s),
      ]),
    );
  }
  for (const [id, l] of Object.entries(doc.lookups ?? {})) {
    vars.push(
      element(
        'gf',
        names.display(id),
        [...points(l.points), ...annotations(l)],
        gfType(l.interpolate === 'step', l.extrapolate === 'linear'),
      ),
    );
  }

  // Variables that are a stock's flows in XMILE's sense (the stock changes by the sum of its inflows
  // minus the sum of its outflows) become <flow>s, each an inflow of at most one stock and an outflow of
  // at most one; anything else gets a flow of its own holding the expression.
  const candidates = new Map<string, { in: string[]; out: string[] }>();
  const uses = new Map<string, { in: number; out: number }>();
  for (const [id, s] of Object.entries(doc.stocks ?? {})) {
    const found = stockFlows(s, lookupIds);
    if (!found || ![...found.in, ...found.out].every((v) => doc.variables?.[v] !== undefined)) continue;
    candidates.set(id, found);
    for (const [list, side] of [
      [found.in, 'in'],
      [found.out, 'out'],
    ] as const) {
      for (const v of list) {
        const u = uses.get(v) ?? { in: 0, out: 0 };
        u[side]++;
        uses.set(v, u);
      }
    }
  }
  const flows = new Set<string>();
  for (const [id, found] of candidates) {
    const all = [...found.in, ...found.out];
    const once =
      all.every((v) => (uses.get(v)?.in ?? 0) <= 1 && (uses.get(v)?.out ?? 0) <= 1) && new Set(all).size === all.length;
    if (once) for (const v of all) flows.add(v);
    else candidates.delete(id);
  }

  for (const [id, s] of Object.entries(doc.stocks ?? {})) {
    const parts: [string, string][] = [];
    const initial = equation(s.initial, ['stocks', id, 'initial']);
    if (initial !== undefined) parts.push(['eqn', initial]);
    const found = candidates.get(id);
    if (found) {
      for (const v of found.in) parts.push(['inflow', names.ref(v)]);
      for (const v of found.out) parts.push(['outflow', names.ref(v)]);
    } else {
      for (const key of ['inflow', 'outflow'] as const) {
        const e = s[key];
        if (e === undefined) continue;
        const flowName = names.extra(`${names.display(id)} ${key}`);
        const eqn = equation(e, ['stocks', id, key]);
        if (eqn !== undefined) vars.push(element('flow', flowName, [['eqn', eqn]]));
        parts.push([key, names.quoteName(flowName)]);
      }
    }
    if (s.min === 0) parts.push(['non_negative', '']);
    else if (s.min !== undefined)
      problem(out, 'unsupported', `a lower bound of ${s.min} has no XMILE form (only 0: non-negative)`, [
        'stocks',
        id,
        'min',
      ]);
    if (s.max !== undefined)
      problem(out, 'unsupported', 'an upper bound on a stock has no XMILE form', ['stocks', id, 'max']);
    vars.push(element('stock', names.display(id), [...parts, ...annotations(s)]));
  }
  for (const [id, v] of Object.entries(doc.variables ?? {})) {
    const isObj = typeof v === 'object';
    const eqn = equation(isObj ? v.expr : v, isObj ? ['variables', id, 'expr'] : ['variables', id]);
    if (eqn === undefined) continue;
    vars.push(
      element(flows.has(id) ? 'flow' : 'aux', names.display(id), [['eqn', eqn], ...annotations(isObj ? v : {})]),
    );
  }
  if (out.problems.length > 0) return err(out.problems);

  const t = doc.time;
  const method = (t as { method?: string }).method === 'rk4' ? 'RK4' : 'Euler';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<xmile version="1.0" xmlns="${XMILE_NS}">`,
    '  <header>',
    '    <vendor>Foresight</vendor>',
    '    <product version="1.0" lang="en">Foresight</product>',
    `    <name>${xmlEscape(doc.title ?? doc.id)}</name>`,
    '  </header>',
    `  <sim_specs method="${method}">`,
    `    <start>${number(t.start)}</start>`,
    `    <stop>${number(t.end)}</stop>`,
    `    <dt>${number(t.dt ?? 1)}</dt>`,
    '  </sim_specs>',
    '  <model>',
    '    <variables>',
    ...vars.map((v) => indent(v, 6)),
    '    </variables>',
    '  </model>',
    '</xmile>',
  ];
  return ok(`${lines.join('\n')}\n`);
}

/**
 * A stock's flows as variable ids, when its inflow and outflow have a shape
 * that XMILE's "sum of inflows minus sum of outflows" reproduces exactly:
 * sums of names (`a + b`), or, without an outflow, an inflow `p - n` or `-n`
 * of such sums.
 */
function stockFlows(
  s: { inflow?: string | number | undefined; outflow?: string | number | undefined },
  lookups: ReadonlySet<string>,
): { in: string[]; out: string[] } | undefined {
  const tree = (e: string | number | undefined): Tree | undefined | null => {
    if (e === undefined) return null;
    const parsed = parseExpression(String(e), lookups);
    return parsed.ok ? parsed.value.tree : undefined;
  };
  const sum = (t: Tree): string[] | undefined => {
    if (t.kind === 'symbol') return [t.name];
    if (t.kind === 'binary' && t.op === 'add' && t.right.kind === 'symbol') {
      const left = sum(t.left);
      return left && [...left, t.right.name];
    }
    return undefined;
  };
  const inflow = tree(s.inflow);
  const outflow = tree(s.outflow);
  if (inflow === undefined || outflow === undefined) return undefined;
  const out = outflow === null ? [] : sum(outflow);
  if (out === undefined) return undefined;
  if (inflow === null) return { in: [], out };
  const plain = sum(inflow);
  if (plain) return { in: plain, out };
  if (outflow !== null) return undefined;
  if (inflow.kind === 'binary' && inflow.op === 'sub') {
    const p = sum(inflow.left);
    const n = sum(inflow.right);
    return p && n ? { in: p, out: n } : undefined;
  }
  if (inflow.kind === 'unary' && inflow.op === 'neg') {
    const n = sum(inflow.arg);
    return n ? { in: [], out: n } : undefined;
  }
  return undefined;
}

function problem(out: Out, code: 'unsupported' | 'syntax', message: string, path: KeyPath): void {
  const pos = out.source?.locate(path) ?? { file: out.file, line: 1, column: 1 };
  out.problems.push({ code, message, file: pos.file, path, line: pos.line, column: pos.column });
}

class CannotExport extends Error {}

/** XMILE names for the document's ids: the label where it is one of a kind, else the id. */
class Names {
  private readonly byId = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(doc: ScenarioDocument) {
    const sections = [doc.parameters, doc.series, doc.lookups, doc.stocks, doc.variables];
    const ids = sections.flatMap((s) => Object.keys(s ?? {}));
    const labelOf = (id: string): string | undefined => {
      for (const s of sections) {
        const entry = (s as Record<string, unknown> | undefined)?.[id];
        if (typeof entry === 'object' && entry !== null && typeof (entry as { label?: unknown }).label === 'string') {
          return (entry as { label: string }).label;
        }
      }
      return undefined;
    };
    // Ids first, so a label never takes the name another entity's id would read as.
    for (const id of ids) this.taken.add(nameKey(id));
    for (const id of ids) {
      const label = labelOf(id)?.replace(/\s+/g, ' ').trim();
      const key = label === undefined ? undefined : nameKey(label);
      if (label !== undefined && label !== '' && key !== undefined && (key === nameKey(id) || !this.taken.has(key))) {
        this.taken.add(key);
        this.byId.set(id, label);
      } else {
        this.byId.set(id, id);
      }
    }
  }

  display(id: string): string {
    return this.byId.get(id) ?? id;
  }

  /** A name for an added flow, distinct from every other. */
  extra(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(nameKey(name)); n++) name = `${base} ${n}`;
    this.taken.add(nameKey(name));
    return name;
  }

  /** How an equation refers to an id. */
  ref(id: string): string {
    return this.quoteName(this.display(id));
  }

  quoteName(name: string): string {
    const underscored = name.replace(/ /g, '_');
    return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(underscored) && !WORDS.has(underscored.toUpperCase())
      ? underscored
      : `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
}

const WORDS = new Set(['IF', 'THEN', 'ELSE', 'AND', 'OR', 'NOT', 'MOD', 'TIME', 'DT', 'STARTTIME', 'STOPTIME', 'PI']);

/** Precedence in XMILE, lowest first: OR, AND, = <>, < <= > >=, + -, * / MOD, unary, ^. */
const P = { if: 0, or: 1, and: 2, eq: 3, rel: 4, add: 5, mul: 6, unary: 7, pow: 8, atom: 9 } as const;

interface X {
  readonly text: string;
  readonly prec: number;
}

class Writer {
  constructor(
    private readonly names: Names,
    private readonly doc: ScenarioDocument,
  ) {}

  write(tree: Tree): string {
    return this.node(tree).text;
  }

  private wrap(x: X, min: number): string {
    return x.prec >= min ? x.text : `(${x.text})`;
  }

  private atom(text: string): X {
    return { text, prec: P.atom };
  }

  private fn(name: string, args: readonly X[]): X {
    return this.atom(`${name}(${args.map((a) => a.text).join(', ')})`);
  }

  private bin(op: string, prec: number, a: X, b: X): X {
    return { text: `${this.wrap(a, prec)} ${op} ${this.wrap(b, prec + 1)}`, prec };
  }

  private ifThen(test: X, then: X, otherwise: X): X {
    return this.atom(`(IF ${test.text} THEN ${then.text} ELSE ${otherwise.text})`);
  }

  private node(t: Tree): X {
    switch (t.kind) {
      case 'number':
        return t.value < 0 ? { text: number(t.value), prec: P.unary } : this.atom(number(t.value));
      case 'symbol':
        return this.symbol(t.name);
      case 'unary': {
        const a = this.node(t.arg);
        if (t.op === 'pos') return a;
        if (t.op === 'neg') return { text: `-${this.wrap(a, P.pow)}`, prec: P.unary };
        return { text: `NOT ${this.wrap(a, P.atom)}`, prec: P.unary };
      }
      case 'binary': {
        const a = this.node(t.left);
        const b = this.node(t.right);
        switch (t.op) {
          case 'add':
            return this.bin('+', P.add, a, b);
          case 'sub':
            return this.bin('-', P.add, a, b);
          case 'mul':
            return this.bin('*', P.mul, a, b);
          case 'div':
            return this.bin('/', P.mul, a, b);
          case 'pow':
            return { text: `${this.wrap(a, P.atom)} ^ ${this.wrap(b, P.atom)}`, prec: P.pow };
          case 'and':
            return this.bin('AND', P.and, a, b);
          case 'or':
            return this.bin('OR', P.or, a, b);
          default:
            throw new CannotExport(`the operator '${String((t as { op: unknown }).op)}'`);
        }
      }
      case 'compare': {
        const args = t.args.map((a) => this.node(a));
        const parts = t.ops.map((op, i): X => {
          const sym = op === '==' ? '=' : op === '!=' ? '<>' : op;
          return { text: `${this.wrap(args[i]!, P.add)} ${sym} ${this.wrap(args[i + 1]!, P.add)}`, prec: P.eq };
        });
        return parts.reduce((a, b) => this.bin('AND', P.and, a, b));
      }
      case 'conditional':
        return this.ifThen(this.node(t.test), this.node(t.then), this.node(t.otherwise));
      case 'lookup':
        return this.fn('LOOKUP', [this.symbol(t.id), this.node(t.arg)]);
      case 'call':
        return this.call(
          t.fn,
          t.args.map((a) => this.node(a)),
        );
      default:
        throw new CannotExport(`the construct '${(t as { kind: string }).kind}'`);
    }
  }

  private symbol(name: string): X {
    if (name === 't') return this.atom('TIME');
    if (name === 'dt') return this.atom('DT');
    if (name === 'pi') return this.atom('PI');
    if (name === 'e') return this.atom('EXP(1)');
    if (this.doc.shocks?.[name] !== undefined) throw new CannotExport(`the shock '${name}'`);
    return this.atom(this.names.ref(name));
  }

  private call(fn: string, a: readonly X[]): X {
    const arg = (i: number) => a[i]!;
    const time = this.atom('TIME');
    const cmp = (x: X, op: string, y: X): X => ({
      text: `${this.wrap(x, P.add)} ${op} ${this.wrap(y, P.add)}`,
      prec: P.rel,
    });
    const neg = (x: X): X => ({ text: `-${this.wrap(x, P.pow)}`, prec: P.unary });
    const trunc = (x: X): X =>
      this.ifThen(cmp(x, '<', this.atom('0')), neg(this.fn('INT', [neg(x)])), this.fn('INT', [x]));
    switch (fn) {
      case 'abs':
      case 'sqrt':
      case 'exp':
      case 'log10':
      case 'sin':
      case 'cos':
      case 'tan':
      case 'sinh':
      case 'cosh':
      case 'tanh':
      case 'round':
        return this.fn(fn.toUpperCase(), a);
      case 'asin':
      case 'acos':
      case 'atan':
        return this.fn(`ARC${fn.slice(1).toUpperCase()}`, a);
      case 'sign':
        return this.ifThen(
          cmp(arg(0), '>', this.atom('0')),
          this.atom('1'),
          this.ifThen(cmp(arg(0), '<', this.atom('0')), this.atom('-1'), this.atom('0')),
        );
      case 'cbrt':
        return this.ifThen(
          cmp(arg(0), '<', this.atom('0')),
          neg(this.atom(`(${this.wrap(neg(arg(0)), P.atom)} ^ (1/3))`)),
          this.atom(`(${this.wrap(arg(0), P.atom)} ^ (1/3))`),
        );
      case 'log':
        return a.length === 1
          ? this.fn('LN', a)
          : this.bin('/', P.mul, this.fn('LN', [arg(0)]), this.fn('LN', [arg(1)]));
      case 'log2':
        return this.bin('/', P.mul, this.fn('LN', [arg(0)]), this.fn('LN', [this.atom('2')]));
      case 'pow':
        return { text: `${this.wrap(arg(0), P.atom)} ^ ${this.wrap(arg(1), P.atom)}`, prec: P.pow };
      case 'min':
      case 'max':
        return a.slice(1).reduce((acc, x) => this.fn(fn.toUpperCase(), [acc, x]), arg(0));
      case 'floor':
        return this.fn('INT', a);
      case 'ceil':
        return neg(this.fn('INT', [neg(arg(0))]));
      case 'trunc':
        return trunc(arg(0));
      case 'mod':
        return this.fn('MOD', a);
      case 'rem': {
        // a % b exactly: a non-negative a's floored remainder by |b| is the same number, a negative one's its negation.
        const by = this.fn('ABS', [arg(1)]);
        return this.ifThen(
          cmp(arg(0), '>=', this.atom('0')),
          this.fn('MOD', [arg(0), by]),
          neg(this.fn('MOD', [neg(arg(0)), by])),
        );
      }
      case 'clamp':
        return this.fn('MIN', [this.fn('MAX', [arg(0), arg(1)]), arg(2)]);
      case 'sigmoid':
        return this.bin(
          '/',
          P.mul,
          this.atom('1'),
          this.bin('+', P.add, this.atom('1'), this.fn('EXP', [neg(arg(0))])),
        );
      case 'step':
        return this.fn('STEP', a);
      case 'ramp':
        return this.fn('RAMP', a);
      case 'pulse':
        return this.ifThen(
          this.bin('AND', P.and, cmp(time, '>=', arg(0)), cmp(time, '<', this.bin('+', P.add, arg(0), arg(1)))),
          this.atom('1'),
          this.atom('0'),
        );
      case 'xidz':
        return this.fn('SAFEDIV', a);
      case 'zidz':
        return this.fn('SAFEDIV', a);
      case 'safediv':
        return this.fn('SAFEDIV', a);
      case 'delay1':
      case 'delay3':
      case 'delayn':
      case 'trend':
      case 'forecast':
      case 'previous':
      case 'init':
        return this.fn(fn.toUpperCase(), a);
      case 'delay_fixed':
        return this.fn('DELAY', a);
      case 'smooth':
        return this.fn('SMTH1', a);
      case 'smooth3':
        return this.fn('SMTH3', a);
      case 'active_initial':
        // Vensim's function, which XMILE lacks: written as Vensim's XMILE export writes it.
        return this.fn('ACTIVE_INITIAL', a);
      case 'pulse_train': {
        // The engine's pulse_train (runtime.ts), term for term.
        const [start, width, interval, end] = [arg(0), arg(1), arg(2), arg(3)];
        const periods = this.bin('/', P.mul, this.bin('-', P.add, time, start), interval);
        const phase = this.bin(
          '*',
          P.mul,
          this.bin('-', P.add, periods, this.fn('INT', [this.bin('+', P.add, periods, this.atom('1e-9'))])),
          interval,
        );
        const inPeriod = this.ifThen(
          cmp(interval, '>', this.atom('0')),
          this.ifThen(cmp(phase, '<', width), this.atom('1'), this.atom('0')),
          this.ifThen(cmp(time, '<', this.bin('+', P.add, start, width)), this.atom('1'), this.atom('0')),
        );
        return this.ifThen(
          this.bin('AND', P.and, cmp(time, '>=', start), cmp(time, '<', end)),
          inPeriod,
          this.atom('0'),
        );
      }
      default:
        throw new CannotExport(`the function '${fn}'`);
    }
  }
}

const gfType = (step: boolean, extend: boolean): string =>
  step ? ' type="discrete"' : extend ? ' type="extrapolate"' : '';

function points(list: readonly (readonly [number, number])[]): [string, string][] {
  return [
    ['xpts', list.map((p) => number(p[0])).join(',')],
    ['ypts', list.map((p) => number(p[1])).join(',')],
  ];
}

/** A graphical function inside an aux (a series: a function of TIME). */
function graphical(list: readonly (readonly [number, number])[], step: boolean): string {
  const body = points(list).map(([tag, text]) => `<${tag}>${text}</${tag}>`);
  return `<gf${gfType(step, false)}>\n${indent(body.join('\n'), 2)}\n</gf>`;
}

function annotations(meta: { unit?: string | undefined; description?: string | undefined }): [string, string][] {
  return [
    ...(meta.description !== undefined ? ([['doc', xmlEscape(meta.description)]] as [string, string][]) : []),
    ...(meta.unit !== undefined ? ([['units', xmlEscape(meta.unit)]] as [string, string][]) : []),
  ];
}

/** `<tag name="...">` with child elements; `eqn` text is escaped here, the rest arrives escaped or as XML. */
function element(tag: string, name: string, parts: readonly [string, string][], attrs = ''): string {
  const inner: string[] = [];
  for (const [child, body] of parts) {
    if (child === 'non_negative') inner.push('<non_negative/>');
    else if (child === 'gf') inner.push(body);
    else if (child === 'eqn' || child === 'inflow' || child === 'outflow')
      inner.push(`<${child}>${xmlEscape(body)}</${child}>`);
    else inner.push(`<${child}>${body}</${child}>`);
  }
  return `<${tag} name="${xmlEscape(name)}"${attrs}>\n${indent(inner.join('\n'), 2)}\n</${tag}>`;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** Text for an attribute or an element; line breaks as references, so indenting the file never changes a text. */
function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Shortest round-trip text; XMILE reads the same exponent form. */
function number(x: number): string {
  return String(x);
}
