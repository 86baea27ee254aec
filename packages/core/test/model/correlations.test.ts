import { describe, expect, it } from 'vitest';
import { prepareSource, prepareText, parseSource, type Problem, type SourceDocument } from '../../src/index.js';
import { problems } from '../helpers.js';

const base = `format: 1
id: s
time: { start: 0, end: 2 }
parameters:
  a: { dist: normal, mean: 0, sd: 1 }
  b: { dist: uniform, min: 0, max: 1 }
  c: { dist: pert, min: 0, mode: 1, max: 3 }
  k: 4
  flat: { dist: uniform, min: 2, max: 2 }
  noise: { dist: normal, mean: 0, sd: 1, per: step }
variables:
  y: "a + b + c + k + flat + noise"
`;

describe('correlations: validation', () => {
  it('accepts per-trial parameters with a spread, and records them for the copula', () => {
    const m = prepareText(
      `${base}correlations:\n  - { between: [a, b], rho: 0.6 }\n  - { between: [c, a], rho: -0.3, source: "assumption" }\n`,
      's.yaml',
    );
    if (!m.ok) throw new Error(m.error.map((p) => p.message).join('\n'));
    const c = m.value.correlation!;
    expect(c.members).toEqual([0, 1, 2]);
    expect(c.pairs).toEqual([
      { between: [0, 1], rho: 0.6 },
      { between: [2, 0], rho: -0.3 },
    ]);
    // Normal scores: 2 sin(pi rho / 6); b and c are not paired.
    expect(c.normal[1]).toBeCloseTo(2 * Math.sin(Math.PI / 10), 15);
    expect(c.normal[2]).toBeCloseTo(2 * Math.sin((-0.3 * Math.PI) / 6), 15);
    expect(c.normal[5]).toBe(0);
  });

  it('rejects rho outside (-1, 1) and a parameter paired with itself, at the offending key', () => {
    const ps = problems(
      `${base}correlations:\n  - { between: [a, b], rho: 1 }\n  - { between: [a, a], rho: 0.2 }\n  - { between: [a], rho: 0.2 }\n`,
    );
    expect(ps.map((p) => [p.code, p.path.join('.'), p.message])).toEqual([
      ['schema', 'correlations.0.rho', 'rho lies strictly between -1 and 1'],
      ['schema', 'correlations.1.between.1', 'a correlation is between two different parameters'],
      ['schema', 'correlations.2.between', 'between names two parameters: [a, b]'],
    ]);
    expect(ps[0]).toMatchObject({ line: 14, column: 29 });
  });

  it('names each id that cannot be correlated, where it stands', () => {
    const ps = problems(
      `${base}correlations:\n  - { between: [a, nope], rho: 0.5 }\n  - { between: [y, b], rho: 0.5 }\n  - { between: [k, b], rho: 0.5 }\n  - { between: [noise, a], rho: 0.5 }\n  - { between: [flat, a], rho: 0.5 }\n`,
    );
    expect(ps.map((p) => [p.code, p.path.join('.'), p.line, p.column, p.message])).toEqual([
      [
        'unknown-symbol',
        'correlations.0.between.1',
        14,
        20,
        "unknown parameter 'nope': only per-trial parameters can be correlated",
      ],
      [
        'unknown-symbol',
        'correlations.1.between.0',
        15,
        17,
        "'y' is not a parameter: only per-trial parameters can be correlated",
      ],
      [
        'schema',
        'correlations.2.between.0',
        16,
        17,
        "'k' is a constant: only parameters with a spread can be correlated",
      ],
      [
        'schema',
        'correlations.3.between.0',
        17,
        17,
        "'noise' is drawn per step: only per-trial parameters can be correlated",
      ],
      [
        'schema',
        'correlations.4.between.0',
        18,
        17,
        "'flat' is a constant: only parameters with a spread can be correlated",
      ],
    ]);
  });

  it('rejects a pair given twice, in either order', () => {
    const ps = problems(`${base}correlations:\n  - { between: [a, b], rho: 0.5 }\n  - { between: [b, a], rho: 0.4 }\n`);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'schema', path: ['correlations', 1], line: 15, column: 5 });
    expect(ps[0]!.message).toBe('b and a are correlated twice (correlations[0] and [1]); keep one');
  });

  it('a matrix that is not positive definite is an error at the correlations key that names the pairs in conflict', () => {
    const text =
      `${base}correlations:\n` +
      '  - { between: [a, b], rho: 0.9 }\n' +
      '  - { between: [b, c], rho: 0.9 }\n' +
      '  - { between: [a, c], rho: -0.9 }\n';
    const ps = problems(text);
    expect(ps).toHaveLength(1);
    const p = ps[0] as Problem;
    expect(p).toMatchObject({ code: 'schema', path: ['correlations'], line: 13, column: 1 });
    expect(p.message).toBe(
      'the correlations cannot all hold: b and c (0.9), a and c (-0.9) are impossible together ' +
        '(with the pairs not listed uncorrelated, the correlation matrix is not positive definite); weaken one of them',
    );
  });

  it('names every pair when only all of them together are impossible', () => {
    // Three pairs of -0.6: any two are possible (the third at 0), all three are not.
    const ps = problems(
      `${base}correlations:\n  - { between: [a, b], rho: -0.6 }\n  - { between: [b, c], rho: -0.6 }\n  - { between: [a, c], rho: -0.6 }\n`,
    );
    expect(ps[0]!.message).toContain('a and b (-0.6), b and c (-0.6), a and c (-0.6) are impossible together');
  });
});

describe('correlations and extends', () => {
  const parent = `${base}correlations:\n  - { between: [a, b], rho: 0.6 }\n`;
  const resolver =
    (text: string) =>
    (id: string): SourceDocument | undefined => {
      const src = parseSource(text, `${id}.yaml`);
      return id === 's' && src.ok ? src.value : undefined;
    };
  const child = (body: string) => {
    const src = parseSource(`format: 1\nid: kid\nextends: s\n${body}`, 'kid.yaml');
    if (!src.ok) throw new Error('yaml');
    return prepareSource(src.value, { resolve: resolver(parent) });
  };

  it('a child inherits the list, replaces it whole, or removes it with null', () => {
    const inherited = child('');
    const replaced = child('correlations:\n  - { between: [b, c], rho: -0.2 }\n');
    const removed = child('correlations: null\n');
    if (!inherited.ok || !replaced.ok || !removed.ok) throw new Error('does not compile');
    expect(inherited.value.correlation?.pairs).toEqual([{ between: [0, 1], rho: 0.6 }]);
    expect(replaced.value.correlation?.pairs).toEqual([{ between: [1, 2], rho: -0.2 }]);
    expect(removed.value.correlation).toBeUndefined();
  });

  it('a child that makes a correlated parameter constant must drop the correlation, and is told where', () => {
    const r = child('parameters:\n  a: { dist: null, mean: null, sd: null, value: 1 }\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ code: 'schema', file: 's.yaml', path: ['correlations', 0, 'between', 0] });
    expect(r.error[0]!.message).toBe("'a' is a constant: only parameters with a spread can be correlated");
  });
});
