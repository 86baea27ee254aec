/**
 * A model (either tool's) to a scenario document: names to ids, each tool's
 * functions to the scenario language's (builtins.ts), flows summed into
 * their stocks, graphical functions and inline tables to lookups, constants
 * to parameters. Every entity keeps its display name as `label` and where
 * it came from as `source`.
 */
import { isWhole, type KeyPath } from '@foresight/core';
import type { AuxEntity, Entity, Expr, ModelIR, Offset, StockEntity, Table } from '../model.js';
import { IdMaker, nameKey } from '../names.js';
import type { Problems } from '../text.js';
import { type Helpers, type Mapping, NOT_YET, VENSIM, XMILE } from './builtins.js';
import { atom, binary, type Code, call, conditional, num, unary } from './code.js';
import { evaluate, literalValue } from './evaluate.js';

/** The scenario document as plain data (validated later by core's schema, like any document). */
export type Document = Record<string, unknown>;

export interface Translated {
  readonly document: Document;
  /** Where each key path of the document came from, joined by '\u0000'. */
  readonly places: ReadonlyMap<string, Offset>;
}

export const placeKey = (path: KeyPath): string => path.join('\u0000');

type Role = 'stock' | 'variable' | 'parameter' | 'lookup';

interface Slot {
  readonly entity: Entity;
  readonly id: string;
  readonly role: Role;
  /** The lookup of an aux or flow defined by a graphical function of its input (XMILE). */
  lookupId?: string;
}

/** A problem was reported: the entity being translated is left out. */
class Failed extends Error {}

/** Vensim's control variables: the simulation's time settings, not model variables. */
export const CONTROL = {
  start: 'initial time',
  stop: 'final time',
  dt: 'time step',
  save: 'saveper',
} as const;

export function translate(model: ModelIR, file: string, problems: Problems): Translated | undefined {
  return new Translator(model, file, problems).run();
}

class Translator {
  private readonly slots = new Map<string, Slot>();
  private readonly ids = new IdMaker();
  private readonly places = new Map<string, Offset>();
  private readonly lookups: Record<string, Record<string, unknown>> = {};
  private readonly derived = new Map<string, string>();
  private readonly functions: Readonly<Record<string, Mapping>>;
  private readonly fileName: string;

  constructor(
    private readonly model: ModelIR,
    file: string,
    private readonly problems: Problems,
  ) {
    this.functions = model.format === 'vensim' ? VENSIM : XMILE;
    this.fileName = file.replace(/^.*[\\/]/, '');
  }

  run(): Translated | undefined {
    const { model } = this;
    for (const entity of model.entities) {
      const key = nameKey(entity.name);
      const prior = this.slots.get(key);
      if (prior) {
        const { line } = this.problems.where(prior.entity.at);
        this.problems.add('import', `'${entity.name}' is defined twice (first on line ${line})`, entity.at);
        continue;
      }
      this.slots.set(key, { entity, id: this.ids.id(entity.name), role: roleOf(entity) });
    }
    for (const slot of this.slots.values()) {
      if (slot.entity.kind !== 'lookup' && slot.entity.kind !== 'stock' && slot.entity.table)
        slot.lookupId = this.ids.fresh(`${slot.entity.name} lookup`);
    }

    const parameters: Record<string, unknown> = {};
    const stocks: Record<string, unknown> = {};
    const variables: Record<string, unknown> = {};
    for (const slot of this.slots.values()) {
      try {
        const { entity, id } = slot;
        const meta = this.meta(entity);
        if (entity.kind === 'lookup') {
          this.addLookup(id, entity.table, meta, entity.at);
        } else if (entity.kind === 'stock') {
          stocks[id] = { ...this.stock(entity, id), ...meta };
          this.places.set(placeKey(['stocks', id]), entity.at);
        } else if (slot.role === 'parameter') {
          parameters[id] = { value: literalValue(entity.expr)!, ...meta };
          this.places.set(placeKey(['parameters', id]), entity.at);
        } else {
          variables[id] = { expr: this.aux(entity, slot, id).text, ...meta };
          this.places.set(placeKey(['variables', id]), entity.at);
          this.places.set(placeKey(['variables', id, 'expr']), entity.kind === 'aux' ? entity.expr.at : entity.at);
        }
      } catch (e) {
        if (!(e instanceof Failed)) throw e;
      }
    }

    const time = this.time();
    if (this.problems.count > 0 || time === undefined) return undefined;
    const document: Document = {
      format: 1,
      id: documentId(this.fileName),
      title: model.title ?? this.fileName,
      description: [
        `Imported from ${this.fileName} (${model.format === 'vensim' ? 'Vensim' : 'XMILE'}).`,
        model.description,
      ]
        .filter((s) => s !== undefined && s !== '')
        .join('\n\n'),
      time,
      trials: 1,
      ...nonEmpty('parameters', parameters),
      ...nonEmpty('lookups', this.lookups),
      ...nonEmpty('stocks', stocks),
      ...nonEmpty('variables', variables),
    };
    this.places.set(placeKey(['time']), model.time.at);
    return { document, places: this.places };
  }

  private meta(entity: Entity): Record<string, string> {
    const { line } = this.problems.where(entity.at);
    return {
      label: entity.name,
      ...(entity.units !== undefined && entity.units !== '' ? { unit: entity.units } : {}),
      ...(entity.doc !== undefined && entity.doc !== '' ? { description: entity.doc } : {}),
      source: `${this.fileName}:${line} ${entity.element} '${entity.name}'${entity.group ? ` (group ${entity.group})` : ''}`,
    };
  }

  private fail(message: string, at: Offset, code: 'import' | 'unsupported' = 'import'): never {
    this.problems.add(code, message, at);
    throw new Failed();
  }

  // ---- entities ----

  private stock(entity: StockEntity, id: string): Record<string, unknown> {
    const initial = this.expr(entity.initial);
    this.places.set(placeKey(['stocks', id, 'initial']), entity.initial.at);
    const out: Record<string, unknown> = { initial: initial.text };
    if (entity.rate) {
      out.inflow = this.expr(entity.rate).text;
      this.places.set(placeKey(['stocks', id, 'inflow']), entity.rate.at);
    } else {
      const sum = (flows: StockEntity['inflows'], key: 'inflow' | 'outflow') => {
        if (flows.length === 0) return;
        const terms = flows.map((f) => this.flowRef(f.name, f.at));
        out[key] = terms.reduce((a, b) => binary('+', a, b)).text;
        this.places.set(placeKey(['stocks', id, key]), flows[0]!.at);
      };
      sum(entity.inflows, 'inflow');
      sum(entity.outflows, 'outflow');
    }
    if (entity.nonNegative) out.min = 0;
    return out;
  }

  private flowRef(name: string, at: Offset): Code {
    const slot = this.slots.get(nameKey(name));
    if (!slot) this.fail(`the flow '${name}' is not defined in the model`, at);
    if (slot.role === 'stock' || slot.role === 'lookup') this.fail(`'${name}' is a ${slot.role}, not a flow`, at);
    return atom(slot.id);
  }

  private aux(entity: AuxEntity, slot: Slot, _id: string): Code {
    let code = this.expr(entity.expr);
    if (entity.table && slot.lookupId !== undefined) {
      this.addLookup(slot.lookupId, entity.table, { source: this.meta(entity).source! }, entity.at);
      code = call(slot.lookupId, [code]);
    }
    // A non-negative flow (XMILE's uniflow) never runs backwards.
    if (entity.nonNegative) code = call('max', [num(0), code]);
    return code;
  }

  private addLookup(id: string, table: Table, meta: Record<string, string>, at: Offset): void {
    this.lookups[id] = {
      points: table.xs.map((x, i) => [x, table.ys[i]!]),
      ...(table.interpolation === 'discrete' ? { interpolate: 'step' } : {}),
      ...(table.extrapolation === 'extrapolate' ? { extrapolate: 'linear' } : {}),
      ...meta,
    };
    this.places.set(placeKey(['lookups', id]), at);
  }

  // ---- expressions ----

  private expr(e: Expr): Code {
    switch (e.kind) {
      case 'number':
        return num(e.value);
      case 'string':
        return this.fail(`text ('${e.value}') is only an argument of the external-data functions`, e.at);
      case 'table':
        return this.fail('a lookup table can only stand as the second argument of WITH LOOKUP', e.at);
      case 'name':
        return this.name(e.name, e.at);
      case 'unary': {
        const arg = this.expr(e.arg);
        return e.op === '+' ? arg : unary(e.op, arg);
      }
      case 'binary': {
        const left = this.expr(e.left);
        const right = this.expr(e.right);
        if (e.op === 'mod') return call(this.model.semantics === 'vensim' ? 'rem' : 'mod', [left, right]);
        const op = e.op === '=' ? '==' : e.op === '<>' ? '!=' : e.op;
        return binary(op, left, right);
      }
      case 'if':
        return conditional(this.expr(e.test), this.expr(e.whenTrue), this.expr(e.whenFalse));
      case 'call':
        return this.call(e);
      default:
        return e satisfies never;
    }
  }

  private name(name: string, at: Offset): Code {
    const key = nameKey(name);
    const slot = this.slots.get(key);
    if (slot) {
      if (slot.role === 'lookup') this.fail(`'${name}' is a lookup: call it with an input, as ${name}(x)`, at);
      return atom(slot.id);
    }
    const { time } = this.model;
    const vensim = this.model.format === 'vensim';
    switch (key) {
      case 'time':
        return atom('t');
      case 'dt':
        if (!vensim) return atom('dt');
        break;
      case 'starttime':
        if (!vensim) return num(time.start);
        break;
      case 'stoptime':
        if (!vensim) return num(time.stop);
        break;
      case 'pi':
        if (!vensim) return atom('pi');
        break;
      case CONTROL.dt:
        if (vensim) return atom('dt');
        break;
      case CONTROL.start:
        if (vensim) return num(time.start);
        break;
      case CONTROL.stop:
        if (vensim) return num(time.stop);
        break;
      case CONTROL.save:
        if (vensim) return num(time.save ?? time.dt);
        break;
      default:
        break;
    }
    if (this.model.skipped?.has(key)) throw new Failed();
    if (!vensim && name.includes('.')) {
      this.fail(`modules do not import yet: '${name}' refers to a variable of another module`, at, 'unsupported');
    }
    return this.fail(`'${name}' is not defined in the model`, at);
  }

  private call(e: Extract<Expr, { kind: 'call' }>): Code {
    const key = nameKey(e.fn);
    const fn = key.toUpperCase();
    const slot = this.slots.get(key);
    // A lookup called by name (Vensim `table(x)`, XMILE `gf(x)`).
    if (slot && (slot.role === 'lookup' || slot.lookupId !== undefined)) {
      if (e.args.length !== 1) this.fail(`the lookup '${e.fn}' takes one input, found ${e.args.length}`, e.at);
      return call(slot.lookupId ?? slot.id, [this.expr(e.args[0]!)]);
    }
    if (this.model.macros?.has(key)) throw new Failed();
    if (fn === 'WITH LOOKUP' && this.model.format === 'vensim') {
      const table = e.args[1];
      if (e.args.length !== 2 || table?.kind !== 'table') this.fail('WITH LOOKUP takes an input and a table', e.at);
      const id = this.ids.fresh(`${this.ownerName(e.at)} lookup`);
      this.addLookup(
        id,
        table.table,
        { source: `${this.fileName}:${this.problems.where(e.at).line} WITH LOOKUP` },
        e.at,
      );
      return call(id, [this.expr(e.args[0]!)]);
    }
    if (fn === 'LOOKUP' || fn === 'LOOKUP EXTRAPOLATE' || fn === 'LOOKUP FORWARD' || fn === 'LOOKUP BACKWARD') {
      return this.lookupCall(e, fn);
    }
    // XMILE written by Vensim means Vensim's INTEGER and MODULO by INT and MOD (see Semantics).
    const vensimMeaning = this.model.format === 'xmile' && this.model.semantics === 'vensim';
    const mapping =
      vensimMeaning && (fn === 'INT' || fn === 'MOD')
        ? VENSIM[fn === 'INT' ? 'INTEGER' : 'MODULO']
        : this.functions[fn];
    if (!mapping) {
      const why = NOT_YET[fn];
      if (why !== undefined) this.fail(`${e.fn} needs ${why}, which does not import yet`, e.at, 'unsupported');
      this.fail(`the function '${e.fn}' does not import yet`, e.at, 'unsupported');
    }
    if (e.args.length < mapping.min || e.args.length > mapping.max) {
      const n = mapping.min === mapping.max ? `${mapping.min}` : `${mapping.min} to ${mapping.max}`;
      this.fail(`${e.fn} takes ${n} arguments, found ${e.args.length}`, e.at);
    }
    const args = e.args.map((a) => this.expr(a));
    const helpers: Helpers = {
      start: this.model.time.start,
      stop: this.model.time.stop,
      constant: (i) => {
        const a = e.args[i];
        return a === undefined ? undefined : this.startValue(a);
      },
    };
    const out = mapping.emit(args, helpers);
    if (typeof out === 'string') this.fail(out, e.at, 'unsupported');
    return out;
  }

  /** `LOOKUP(table, x)` (XMILE), `LOOKUP EXTRAPOLATE(table, x)` (Vensim): a named table read another way. */
  private lookupCall(e: Extract<Expr, { kind: 'call' }>, fn: string): Code {
    const [table, x] = e.args;
    if (e.args.length !== 2 || table?.kind !== 'name') this.fail(`${e.fn} takes a lookup's name and an input`, e.at);
    const slot = this.slots.get(nameKey(table.name));
    const tableOf =
      slot?.entity.kind === 'lookup'
        ? slot.entity.table
        : slot?.entity.kind === 'stock'
          ? undefined
          : slot?.entity.table;
    if (!slot || !tableOf) this.fail(`'${table.name}' is not a lookup of the model`, table.at);
    const id = slot.lookupId ?? slot.id;
    const input = this.expr(x!);
    if (fn === 'LOOKUP') return call(id, [input]);
    if (fn !== 'LOOKUP EXTRAPOLATE') this.fail(`${e.fn} does not import yet`, e.at, 'unsupported');
    let extended = this.derived.get(id);
    if (extended === undefined) {
      extended = this.ids.fresh(`${slot.entity.name} extrapolated`);
      this.derived.set(id, extended);
      this.addLookup(
        extended,
        { ...tableOf, extrapolation: 'extrapolate' },
        { source: `${this.fileName} LOOKUP EXTRAPOLATE of '${slot.entity.name}'` },
        e.at,
      );
    }
    return call(extended, [input]);
  }

  /** The name of the entity whose definition holds this offset, for naming inline tables. */
  private ownerName(at: Offset): string {
    let owner = 'table';
    let best = -1;
    for (const slot of this.slots.values()) {
      if (slot.entity.at <= at && slot.entity.at > best) {
        best = slot.entity.at;
        owner = slot.entity.name;
      }
    }
    return owner;
  }

  /** An expression's value at the start of the run, where it has one (an order of DELAY N). */
  private startValue(e: Expr): number | undefined {
    const { time, semantics } = this.model;
    const seen = new Set<string>();
    const name = (key: string): number | undefined => {
      const slot = this.slots.get(key);
      if (!slot) {
        if (key === 'dt' || key === CONTROL.dt) return time.dt;
        if (key === 'starttime' || key === CONTROL.start) return time.start;
        if (key === 'stoptime' || key === CONTROL.stop) return time.stop;
        return undefined;
      }
      if (seen.has(key) || slot.entity.kind === 'lookup') return undefined;
      seen.add(key);
      try {
        const expr =
          slot.entity.kind === 'stock' ? slot.entity.initial : slot.entity.table ? undefined : slot.entity.expr;
        return expr === undefined ? undefined : evaluate(expr, { name, time: time.start, semantics });
      } finally {
        seen.delete(key);
      }
    };
    return evaluate(e, { name, time: time.start, semantics });
  }

  // ---- time ----

  private time(): Record<string, unknown> | undefined {
    const { time } = this.model;
    const { start, stop, dt } = time;
    const report = time.save ?? dt;
    const bad = (message: string) => {
      this.problems.add('import', message, time.at);
      return undefined;
    };
    if (!(dt > 0)) return bad(`the time step must be positive, found ${dt}`);
    if (!(stop > start)) return bad(`the final time (${stop}) must be after the initial time (${start})`);
    if (!isWhole((stop - start) / dt)) {
      return bad(`the run from ${start} to ${stop} is not a whole number of time steps of ${dt}`);
    }
    if (!(report >= dt) || !isWhole(report / dt)) {
      return bad(`the saving interval (${report}) must be a whole multiple of the time step (${dt})`);
    }
    return {
      start,
      end: stop,
      dt,
      report,
      ...(time.method === 'rk4' ? { method: 'rk4' } : {}),
    };
  }
}

function roleOf(entity: Entity): Role {
  if (entity.kind === 'stock') return 'stock';
  if (entity.kind === 'lookup') return 'lookup';
  const value = entity.table ? undefined : literalValue(entity.expr);
  return value !== undefined && (!entity.nonNegative || value >= 0) ? 'parameter' : 'variable';
}

function nonEmpty(key: string, map: Record<string, unknown>): Record<string, unknown> {
  return Object.keys(map).length > 0 ? { [key]: map } : {};
}

/** A scenario id from a file name: `Teacup Model.mdl` -> `teacup-model`. */
export function documentId(fileName: string): string {
  const id = fileName
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === '' ? 'model' : id;
}
