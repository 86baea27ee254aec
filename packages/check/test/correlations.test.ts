import { describe, expect, it } from 'vitest';
import { prepareText, type Model } from '@foresight/core';
import { checkAssumptions } from '../src/index.js';

/*
 * A Gaussian copula with |rho| < 1 has positive density on the whole product
 * of the marginals' supports: correlating parameters removes no combination
 * of values, so the space an assumption must hold over, and the space check
 * searches, is the same with or without correlations.
 */
const doc = (correlations: string) => `
format: 1
id: paired
time: { start: 2020, end: 2030 }
parameters:
  growth: { dist: normal, mean: 0.05, sd: 0.02 }
  start:  { dist: uniform, min: 1, max: 2 }
  drag:   { dist: pert, min: 0, mode: 0.01, max: 0.03 }
${correlations}
stocks:
  x: { initial: start, inflow: "x * (growth - drag)" }
assumptions:
  - { name: x stays small, holds: "x < 2.5" }
  - { name: more drag never raises x, monotone: { output: x, at: 2030, in: drag, direction: decreasing } }
`;

function model(text: string): Model {
  const m = prepareText(text, 'paired.yaml');
  if (!m.ok) throw new Error(JSON.stringify(m.error));
  return m.value;
}

describe('check with correlated parameters', () => {
  it('searches the same space and gives the same report as without them', () => {
    const plain = checkAssumptions(model(doc('')), { runs: 100, seed: 4 });
    const correlated = checkAssumptions(model(doc('correlations:\n  - { between: [growth, drag], rho: 0.8 }')), {
      runs: 100,
      seed: 4,
    });
    expect(correlated).toEqual(plain);
    expect(plain.assumptions.map((a) => a.status)).toEqual(['violated', 'holds']);
  });
});
