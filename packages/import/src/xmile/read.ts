/**
 * An XMILE file (`.xmile`, `.stmx`, `.itmx`, `.xml`: Stella/iThink and the
 * tools that export XMILE) to the neutral model: `sim_specs` to the time
 * settings (`<dt reciprocal="true">4</dt>` is 1/4), stocks with their
 * inflows and outflows, flows and auxiliaries, graphical functions (`xscale`
 * or `xpts`, `ypts`, type continuous / extrapolate / discrete), units and
 * documentation, and non-negative stocks and flows (each element's
 * `<non_negative/>`, or the defaults of `<behavior>`). Tags are read by
 * their local names, so a vendor prefix used without its namespace
 * declaration (`isee:` in files of the suite) reads as intended.
 */
import type { AuxEntity, Entity, Expr, ModelIR, Offset, StockEntity, Table } from '../model.js';
import { nameKey } from '../names.js';
import { IMPORT_LIMITS } from '../limits.js';
import type { Problems } from '../text.js';
import { parseXmileExpr, XmileExprError } from './expr.js';
import { type Element, child, children, parseXml, textOf } from './xml.js';

const VARIABLE_TAGS = ['stock', 'flow', 'aux', 'gf', 'module', 'group', 'macro'];

export function readXmile(text: string, problems: Problems): ModelIR | undefined {
  const xml = parseXml(text);
  if (!xml.ok) {
    if (xml.limit) {
      problems.addAt(
        'limit',
        `the XML nests deeper than ${IMPORT_LIMITS.maxXmlDepth} elements (maxXmlDepth): ${lowerFirst(xml.message)}`,
        1,
        1,
      );
    } else {
      problems.addAt('import', `the file is not well-formed XML: ${lowerFirst(xml.message)}`, xml.line, xml.column);
    }
    return undefined;
  }
  const root = xml.root;
  if (local(root.tag) !== 'xmile') {
    problems.add('import', `the root element is <${root.tag}>, not <xmile>: this is not an XMILE model`, root.start);
    return undefined;
  }
  return new XmileReader(text, root, problems).read();
}

class XmileReader {
  private defaults = { stock: false, flow: false };
  private models = new Map<string, Element>();

  constructor(
    private readonly text: string,
    private readonly root: Element,
    private readonly problems: Problems,
  ) {}

  private content(e: Element | undefined): string | undefined {
    return e === undefined ? undefined : textOf(this.text, e).text.trim();
  }

  read(): ModelIR | undefined {
    const { root, problems } = this;
    const header = child(root, 'header');
    const product = `${this.content(header && child(header, 'product')) ?? ''} ${this.content(header && child(header, 'vendor')) ?? ''}`;
    const writtenByVensim = /vensim/i.test(product);
    for (const macro of children(root, 'macro')) {
      problems.add('unsupported', `macros (<macro name="${macro.attrs.name ?? ''}">) do not import yet`, macro.start);
    }
    const models = children(root, 'model');
    const main = models.find((m) => m.attrs.name === undefined) ?? models[0];
    if (!main) {
      problems.add('import', 'the file has no <model>', root.start);
      return undefined;
    }
    this.defaults = this.behavior();
    this.models = new Map(models.filter((m) => m.attrs.name !== undefined).map((m) => [nameKey(m.attrs.name!), m]));
    const time = this.simSpecs(writtenByVensim);
    const entities = this.modelEntities(main, '', new Map(), []);
    const declared = child(main, 'variables') ?? main;
    if (!VARIABLE_TAGS.some((tag) => children(declared, tag).length > 0)) {
      problems.add('import', 'the model defines no variables', main.start);
    }
    if (time === undefined) return undefined;
    const name = this.content(header && child(header, 'name'));
    return {
      format: 'xmile',
      semantics: writtenByVensim ? 'vensim' : 'xmile',
      title: name === '' ? undefined : name,
      time,
      entities,
    };
  }

  /**
   * The entities of one model, those of its modules' models included under
   * the instance's name (`hares.births`). A module's input (a variable its
   * instance connects, `<connect to="area" from=".area"/>`) becomes that
   * variable of the enclosing model: `.name` is the enclosing model's own,
   * `other.name` a variable of a sibling module.
   */
  private modelEntities(
    model: Element,
    prefix: string,
    inputs: ReadonlyMap<string, string>,
    stack: string[],
  ): Entity[] {
    // Files of the XMILE drafts before 1.0 (older Stella) hold the variables directly in <model>.
    const variables = child(model, 'variables') ?? model;
    const elements = VARIABLE_TAGS.flatMap((tag) => [...children(variables, tag)]).sort((a, b) => a.start - b.start);
    const defined = new Set(elements.map((e) => nameKey(e.attrs.name ?? '')));
    const scoped = (name: string): string => {
      const dot = name.indexOf('.');
      const head = nameKey(dot < 0 ? name : name.slice(0, dot));
      return defined.has(head) ? prefix + name : name;
    };
    const entities: Entity[] = [];
    for (const e of elements) {
      const tag = local(e.tag);
      if (tag === 'module') {
        entities.push(...this.module(e, prefix, scoped, stack));
        continue;
      }
      const name = (e.attrs.name ?? '').replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim();
      const input = inputs.get(nameKey(name));
      if (input !== undefined) {
        entities.push({
          kind: 'aux',
          name: prefix + name,
          at: e.start,
          element: `${tag} (module input)`,
          expr: { kind: 'name', name: input, at: e.start },
          nonNegative: false,
        });
        continue;
      }
      const entity = this.entity(e, this.defaults);
      if (entity) entities.push(prefix === '' ? entity : renamed(entity, prefix, scoped));
    }
    return entities;
  }

  private module(e: Element, prefix: string, scoped: (name: string) => string, stack: string[]): Entity[] {
    const instance = (e.attrs.name ?? '').trim();
    const modelName = e.attrs.model ?? instance;
    const model = this.models.get(nameKey(modelName));
    if (!model) {
      this.problems.add('import', `the module '${instance}' has no <model name="${modelName}">`, e.start);
      return [];
    }
    if (stack.includes(nameKey(modelName)) || stack.length >= 16) {
      this.problems.add(
        'import',
        `modules include each other in a loop: ${[...stack, modelName].join(' -> ')}`,
        e.start,
      );
      return [];
    }
    const inputs = new Map<string, string>();
    for (const c of children(e, 'connect')) {
      // Newer files qualify the input with the instance's name (`hares.area`), older ones do not.
      const raw = c.attrs.to ?? '';
      const to = nameKey(raw).startsWith(`${nameKey(instance)}.`) ? raw.slice(raw.indexOf('.') + 1) : raw;
      const from = c.attrs.from ?? '';
      if (to === '' || from === '') {
        this.problems.add('import', `a <connect> of the module '${instance}' needs to and from`, c.start);
        continue;
      }
      inputs.set(nameKey(to), from.startsWith('.') ? prefix + from.slice(1) : scoped(from));
    }
    return this.modelEntities(model, `${prefix}${instance}.`, inputs, [...stack, nameKey(modelName)]);
  }

  /** `<behavior>`: `<non_negative/>` for every stock and flow, or inside `<stock>` / `<flow>` for one kind. */
  private behavior(): { stock: boolean; flow: boolean } {
    const b = child(this.root, 'behavior');
    if (!b) return { stock: false, flow: false };
    const all = this.flag(child(b, 'non_negative'));
    const kind = (tag: string) => {
      const k = child(b, tag);
      return k ? (this.flag(child(k, 'non_negative')) ?? all ?? false) : (all ?? false);
    };
    return { stock: kind('stock'), flow: kind('flow') };
  }

  /** `<non_negative/>` and `<non_negative>true</non_negative>` are true, `<non_negative>false</non_negative>` false. */
  private flag(e: Element | undefined): boolean | undefined {
    if (!e) return undefined;
    return this.content(e)?.toLowerCase() !== 'false';
  }

  private simSpecs(writtenByVensim: boolean): ModelIR['time'] | undefined {
    const specs = child(this.root, 'sim_specs');
    if (!specs) {
      this.problems.add('import', 'the file has no <sim_specs> (start, stop and dt)', this.root.start);
      return undefined;
    }
    const number = (tag: string, required: boolean): number | undefined => {
      const e = child(specs, tag);
      const raw = this.content(e);
      if (e === undefined || raw === undefined || raw === '') {
        if (required) this.problems.add('import', `<sim_specs> has no <${tag}>`, specs.start);
        return undefined;
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) {
        this.problems.add('import', `<${tag}> must be a number, found '${raw}'`, e.start);
        return undefined;
      }
      return e.attrs.reciprocal === 'true' ? 1 / v : v;
    };
    const start = number('start', true);
    const stop = number('stop', true);
    const dt = number('dt', false) ?? 1;
    const save = number('save_step', false);
    const declared = (specs.attrs.method ?? 'euler').toLowerCase();
    let method: 'euler' | 'rk4' = 'euler';
    if (declared === 'rk4') {
      // Vensim's XMILE export writes method="RK4" for models it integrates by Euler (the suite's outputs show it).
      method = writtenByVensim ? 'euler' : 'rk4';
    } else if (declared !== 'euler') {
      this.problems.add(
        'unsupported',
        `the integration method '${specs.attrs.method}' does not import: use Euler or RK4`,
        specs.start,
      );
    }
    if (start === undefined || stop === undefined) return undefined;
    return { start, stop, dt, save, method, units: specs.attrs.time_units, at: specs.start };
  }

  private entity(e: Element, defaults: { stock: boolean; flow: boolean }): Entity | undefined {
    const tag = local(e.tag);
    const name = (e.attrs.name ?? '').replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim();
    if (tag === 'group') return undefined;
    if (tag === 'macro') return undefined;
    if (name === '') {
      this.problems.add('import', `a <${tag}> has no name`, e.start);
      return undefined;
    }
    if (child(e, 'dimensions') || children(e, 'element').length > 0) {
      this.problems.add('unsupported', `arrays (subscripts) do not import yet: '${name}' has dimensions`, e.start);
      return undefined;
    }
    for (const special of ['conveyor', 'queue', 'oven']) {
      if (child(e, special)) {
        this.problems.add('unsupported', `${special}s do not import yet: '${name}' is a ${special}`, e.start);
        return undefined;
      }
    }
    const units = this.content(child(e, 'units'));
    const doc = this.content(child(e, 'doc'));
    const base = { name, at: e.start, element: tag, units: units || undefined, doc: doc || undefined };
    const gf = tag === 'gf' ? e : child(e, 'gf');
    const table = gf ? this.table(gf, name) : undefined;
    if (gf && !table) return undefined;
    const eqnElement = child(e, 'eqn');
    const eqnText = eqnElement ? textOf(this.text, eqnElement) : undefined;
    const hasEqn = eqnText !== undefined && eqnText.text.trim() !== '';
    if (tag === 'gf' || (table && !hasEqn)) {
      return { ...base, kind: 'lookup', element: tag === 'gf' ? 'gf' : `${tag} gf`, table: table! };
    }
    if (!hasEqn) {
      this.problems.add('import', `'${name}' has no equation (<eqn>)`, e.start);
      return undefined;
    }
    const expr = this.expr(eqnText, eqnElement!);
    if (!expr) return undefined;
    if (tag === 'stock') {
      const flows = (t: string) =>
        children(e, t)
          .map((f) => ({ name: this.content(f) ?? '', at: f.start }))
          .filter((f) => f.name !== '');
      return {
        ...base,
        kind: 'stock',
        initial: expr,
        inflows: flows('inflow'),
        outflows: flows('outflow'),
        nonNegative: this.flag(child(e, 'non_negative')) ?? defaults.stock,
      };
    }
    const aux: AuxEntity = {
      ...base,
      kind: tag === 'flow' ? 'flow' : 'aux',
      expr,
      table,
      nonNegative: tag === 'flow' ? (this.flag(child(e, 'non_negative')) ?? defaults.flow) : false,
    };
    return aux;
  }

  private expr(eqn: { text: string; at: (i: number) => Offset }, e: Element): Expr | undefined {
    try {
      return parseXmileExpr(eqn.text, eqn.at);
    } catch (err) {
      if (!(err instanceof XmileExprError)) throw err;
      this.problems.add(
        err.limit ? 'limit' : err.unsupported ? 'unsupported' : 'import',
        err.message,
        Math.max(err.at, e.start),
      );
      return undefined;
    }
  }

  /** A `<gf>`: points from `xpts` and `ypts`, or `ypts` spread evenly over `xscale`. */
  private table(gf: Element, owner: string): Table | undefined {
    const list = (tag: string): number[] | undefined => {
      const e = child(gf, tag);
      if (!e) return undefined;
      const sep = e.attrs.sep ?? ',';
      const raw = this.content(e) ?? '';
      const values = raw
        .split(sep)
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map(Number);
      if (values.some((v) => !Number.isFinite(v))) {
        this.problems.add('import', `<${tag}> of '${owner}' holds something that is not a number`, e.start);
        return undefined;
      }
      return values;
    };
    const ys = list('ypts');
    if (!ys || ys.length === 0) {
      if (child(gf, 'ypts') === undefined)
        this.problems.add('import', `the graphical function of '${owner}' has no <ypts>`, gf.start);
      return undefined;
    }
    let xs = list('xpts');
    if (xs === undefined) {
      const scale = child(gf, 'xscale');
      const min = Number(scale?.attrs.min);
      const max = Number(scale?.attrs.max);
      if (!scale || !Number.isFinite(min) || !Number.isFinite(max)) {
        this.problems.add(
          'import',
          `the graphical function of '${owner}' has neither <xpts> nor an <xscale min max>`,
          gf.start,
        );
        return undefined;
      }
      xs = ys.map((_, i) => (ys.length === 1 ? min : min + ((max - min) * i) / (ys.length - 1)));
    }
    if (xs.length !== ys.length) {
      this.problems.add(
        'import',
        `the graphical function of '${owner}' has ${xs.length} x values and ${ys.length} y values`,
        gf.start,
      );
      return undefined;
    }
    for (let i = 1; i < xs.length; i++) {
      if (!(xs[i]! > xs[i - 1]!)) {
        this.problems.add(
          'import',
          `the x values of '${owner}''s graphical function must increase: ${xs[i]} follows ${xs[i - 1]}`,
          gf.start,
        );
        return undefined;
      }
    }
    const type = (gf.attrs.type ?? 'continuous').toLowerCase();
    return {
      xs,
      ys,
      interpolation: type === 'discrete' ? 'discrete' : 'linear',
      extrapolation: type === 'extrapolate' ? 'extrapolate' : 'hold',
    };
  }
}

/** An entity of a module's model under the instance's name, its references to the module's own variables too. */
function renamed(entity: Entity, prefix: string, scoped: (name: string) => string): Entity {
  const rename = (e: Expr): Expr => {
    switch (e.kind) {
      case 'name':
        return { ...e, name: scoped(e.name) };
      case 'call':
        return { ...e, fn: scoped(e.fn), args: e.args.map(rename) };
      case 'unary':
        return { ...e, arg: rename(e.arg) };
      case 'binary':
        return { ...e, left: rename(e.left), right: rename(e.right) };
      case 'if':
        return { ...e, test: rename(e.test), whenTrue: rename(e.whenTrue), whenFalse: rename(e.whenFalse) };
      default:
        return e;
    }
  };
  const name = prefix + entity.name;
  switch (entity.kind) {
    case 'lookup':
      return { ...entity, name };
    case 'stock': {
      const flows = (list: StockEntity['inflows']) => list.map((f) => ({ ...f, name: scoped(f.name) }));
      return {
        ...entity,
        name,
        initial: rename(entity.initial),
        inflows: flows(entity.inflows),
        outflows: flows(entity.outflows),
      };
    }
    default:
      return { ...entity, name, expr: rename(entity.expr) };
  }
}

/** A tag's local name (`isee:foo` -> `foo`, for the root only: vendor elements inside stay apart). */
function local(tag: string): string {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(colon + 1);
}

const lowerFirst = (s: string) => (s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s);
