/**
 * A Vensim `.mdl` file to the neutral model: equations to stocks (INTEG),
 * lookups and auxiliaries; the control variables INITIAL TIME, FINAL TIME,
 * TIME STEP and SAVEPER to the time settings. Vensim's INTEGER and MODULO
 * truncate toward zero, which the translation keeps (`trunc`, `rem`).
 */
import type { Entity, ModelIR } from '../model.js';
import { nameKey } from '../names.js';
import type { Problems } from '../text.js';
import { evaluate } from '../translate/evaluate.js';
import { CONTROL } from '../translate/translate.js';
import { type Equation, parseMdl } from './parse.js';

export function readVensim(text: string, problems: Problems): ModelIR | undefined {
  const parsed = parseMdl(text, problems);
  const control = new Map<string, Equation>();
  const entities: Entity[] = [];
  const controlKeys = new Set<string>(Object.values(CONTROL));
  for (const eq of parsed.equations) {
    const key = nameKey(eq.name);
    if (controlKeys.has(key)) {
      control.set(key, eq);
      continue;
    }
    const base = { name: eq.name, at: eq.at, units: eq.units, doc: eq.doc, group: eq.group };
    switch (eq.body.kind) {
      case 'integ':
        entities.push({
          ...base,
          kind: 'stock',
          element: 'stock',
          initial: eq.body.initial,
          rate: eq.body.rate,
          inflows: [],
          outflows: [],
          nonNegative: false,
        });
        break;
      case 'lookup':
        entities.push({ ...base, kind: 'lookup', element: 'lookup', table: eq.body.table });
        break;
      case 'expr':
        entities.push({ ...base, kind: 'aux', element: 'variable', expr: eq.body.expr, nonNegative: false });
        break;
      default:
        return eq.body satisfies never;
    }
  }

  // The control variables are constants, possibly of each other (SAVEPER = TIME STEP).
  const values = new Map<string, number | undefined>();
  const controlValue = (key: string, seen: string[] = []): number | undefined => {
    if (values.has(key)) return values.get(key);
    const eq = control.get(key);
    if (eq?.body.kind !== 'expr' || seen.includes(key)) return undefined;
    const name = (k: string) => (controlKeys.has(k) ? controlValue(k, [...seen, key]) : undefined);
    const v = evaluate(eq.body.expr, { name, time: undefined, semantics: 'vensim' });
    values.set(key, v);
    return v;
  };
  const setting = (key: string, label: string, required: boolean): number | undefined => {
    const eq = control.get(key);
    if (!eq) {
      if (required) problems.add('import', `the model has no ${label} equation (a Vensim control variable)`, 0);
      return undefined;
    }
    const v = controlValue(key);
    if (v === undefined || !Number.isFinite(v)) {
      problems.add(
        'unsupported',
        key === CONTROL.stop
          ? `a dynamic final time does not import yet: ${label} must be a number`
          : `${label} must be a number (or a constant expression of the other time settings)`,
        eq.at,
      );
    }
    return v;
  };
  const start = setting(CONTROL.start, 'INITIAL TIME', true);
  const stop = setting(CONTROL.stop, 'FINAL TIME', true);
  const dt = setting(CONTROL.dt, 'TIME STEP', true);
  const save = setting(CONTROL.save, 'SAVEPER', false);
  if (start === undefined || stop === undefined || dt === undefined) return undefined;
  const units = control.get(CONTROL.stop)?.units ?? control.get(CONTROL.dt)?.units;
  return {
    format: 'vensim',
    semantics: 'vensim',
    time: { start, stop, dt, save, method: 'euler', units, at: control.get(CONTROL.stop)!.at },
    entities,
    skipped: parsed.skipped,
    macros: parsed.macros,
  };
}
