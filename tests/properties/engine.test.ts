import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { stringify } from 'yaml';
import {
  compareModels,
  mergeBlocks,
  parseSource,
  prepareValue,
  runText,
  simulate,
  validateDocument,
  type RunResult,
} from '@foresight/core';

/**
 * Properties of the engine over generated, well-formed scenarios. Seeds are
 * fixed so a failure reproduces; fast-check prints the shrunk document.
 */
const SEED = 20261128;
const config = { seed: SEED, numRuns: 60 } as const;

type Doc = Record<string, unknown> & {
  parameters: Record<string, unknown>;
  stocks: Record<string, unknown>;
  variables: Record<string, string>;
};

const distribution = fc.oneof(
  fc.double({ min: -5, max: 5, noNaN: true }).map((v) => ({ value: Math.round(v * 100) / 100 })),
  fc.record({ dist: fc.constant('uniform'), min: fc.constant(0), max: fc.constantFrom(0.5, 1, 2) }),
  fc.record({ dist: fc.constant('normal'), mean: fc.constantFrom(0, 0.1, 1), sd: fc.constantFrom(0.01, 0.5) }),
  fc.record({ dist: fc.constant('lognormal'), p5: fc.constant(0.5), p95: fc.constantFrom(2, 10) }),
  fc.record({ dist: fc.constant('triangular'), min: fc.constant(-1), mode: fc.constant(0), max: fc.constant(3) }),
  fc.record({ dist: fc.constant('bernoulli'), p: fc.constantFrom(0.2, 0.7) }),
  fc.record({ dist: fc.constant('normal'), mean: fc.constant(0), sd: fc.constant(0.1), per: fc.constant('step') }),
);

/** An expression over the given symbols, from the whitelist only. */
function expression(symbols: readonly string[]): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    fc.constantFrom(...symbols, 't', 'dt'),
    fc.integer({ min: -3, max: 9 }).map((n) => (n < 0 ? `(${n})` : String(n))),
    fc.constantFrom('0.5', '1e-3', 'pi'),
  );
  const tree = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', '<', '>=', '=='), tie('e'))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc
        .tuple(fc.constantFrom('abs', 'sqrt', 'exp', 'log', 'sin', 'floor', 'sigmoid'), tie('e'))
        .map(([f, a]) => `${f}(${a})`),
      fc.tuple(fc.constantFrom('min', 'max', 'mod', 'pow'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `clamp(${a}, -1e6, ${b})`),
    ),
  }));
  return tree.e;
}

const scenario: fc.Arbitrary<Doc> = fc
  .record({
    params: fc.array(distribution, { minLength: 0, maxLength: 3 }),
    stocks: fc.integer({ min: 1, max: 3 }),
    vars: fc.integer({ min: 0, max: 3 }),
    dt: fc.constantFrom(1, 0.5, 0.25),
    shock: fc.boolean(),
  })
  .chain(({ params, stocks, vars, dt, shock }) => {
    const pIds = params.map((_, i) => `p${i}`);
    const sIds = Array.from({ length: stocks }, (_, i) => `s${i}`);
    const base = [...pIds, ...sIds, ...(shock ? ['hit'] : [])];
    const vIds = Array.from({ length: vars }, (_, i) => `v${i}`);
    // A variable may use only earlier variables: well-formed means acyclic.
    const varExprs = fc.tuple(...vIds.map((_, i) => expression([...base, ...vIds.slice(0, i)])));
    const flows = fc.array(fc.tuple(expression([...base, ...vIds]), expression([...base, ...vIds])), {
      minLength: stocks,
      maxLength: stocks,
    });
    const inits = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: stocks, maxLength: stocks });
    return fc.tuple(varExprs, flows, inits).map(([vx, fl, init]) => ({
      format: 1,
      id: 'generated',
      time: { start: 2020, end: 2024, dt, report: 1 },
      trials: 5,
      seed: 3,
      parameters: Object.fromEntries(params.map((p, i) => [pIds[i]!, p])),
      ...(shock ? { shocks: { hit: { rate: 0.5, half_life: 1 } } } : {}),
      stocks: Object.fromEntries(
        sIds.map((id, i) => [id, { initial: init[i]!, inflow: fl[i]![0], outflow: fl[i]![1], min: -1e9, max: 1e9 }]),
      ),
      variables: Object.fromEntries(vIds.map((id, i) => [id, vx[i]!])),
    }));
  });

const withoutElapsed = (r: RunResult) => JSON.stringify({ ...r, provenance: { ...r.provenance, elapsed_ms: 0 } });

describe('generated scenarios', () => {
  test.prop([scenario], config)(
    'run to finite numbers, or stop with a non-finite error naming a stock or variable',
    (doc) => {
      const r = runText(JSON.stringify(doc), 'generated.json');
      if (r.ok) {
        for (const out of Object.values(r.value.outputs)) {
          for (const col of [out.mean, out.sd, out.min, out.max, ...Object.values(out.quantiles)]) {
            expect(col.every(Number.isFinite)).toBe(true);
          }
        }
      } else {
        expect(r.error).toHaveLength(1);
        const p = r.error[0]!;
        expect(p.code).toBe('non-finite');
        expect(['stocks', 'variables']).toContain(p.path[0]);
        expect(p.message).toMatch(/^(stock|variable) '\w+' is (NaN|Infinity|-Infinity) at t=[\d.]+ in trial \d+/);
      }
    },
  );

  test.prop([scenario, fc.array(fc.integer({ min: 1, max: 29 }), { maxLength: 4 })], config)(
    'give identical values however the trials are chunked',
    (doc, cuts) => {
      const m = prepareValue(doc);
      if (!m.ok) throw new Error(JSON.stringify(m.error));
      const whole = simulate(m.value, { seed: 9, from: 0, to: 30 });
      fc.pre(whole.ok);
      const edges = [0, ...new Set(cuts)].sort((a, b) => a - b).concat(30);
      const blocks = edges.slice(1).map((to, i) => simulate(m.value, { seed: 9, from: edges[i]!, to }));
      const parts = blocks.map((b) => (b.ok ? b.value : undefined));
      expect(parts.every((b) => b !== undefined)).toBe(true);
      const merged = mergeBlocks(m.value, parts.filter((b) => b !== undefined).reverse());
      expect(Buffer.from(merged.values.buffer)).toEqual(
        Buffer.from(whole.ok ? whole.value.values.buffer : new ArrayBuffer(0)),
      );
    },
  );

  test.prop([scenario], config)('compared with themselves give exactly zero differences', (doc) => {
    const m = prepareValue(doc);
    if (!m.ok) throw new Error(JSON.stringify(m.error));
    const c = compareModels(m.value, [m.value], {});
    fc.pre(c.ok);
    if (!c.ok) return;
    for (const out of Object.values(c.value.comparisons[0]!.outputs)) {
      if (!('difference' in out)) throw new Error('an output of a scenario is absent from itself');
      expect(out.difference.mean.every((x) => x === 0)).toBe(true);
      expect(Object.values(out.difference.quantiles).every((col) => col.every((x) => x === 0))).toBe(true);
      expect(out.difference.p_greater.every((x) => x === 0)).toBe(true);
    }
  });

  test.prop([scenario], config)('give identical results from their YAML and JSON forms', (doc) => {
    const a = runText(JSON.stringify(doc, null, 1), 'g.json');
    const b = runText(stringify(doc), 'g.yaml');
    expect(a.ok).toBe(b.ok);
    if (a.ok && b.ok) expect(withoutElapsed(b.value)).toBe(withoutElapsed(a.value));
  });

  test.prop([scenario], config)('printed as YAML and parsed again are the same document', (doc) => {
    const src = parseSource(stringify(doc), 'printed.yaml');
    if (!src.ok) throw new Error(src.error[0]!.message);
    const valid = validateDocument(src.value);
    if (!valid.ok) throw new Error(valid.error[0]!.message);
    expect(valid.value).toEqual(doc);
  });
});
