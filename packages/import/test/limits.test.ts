import { formatProblem } from '@foresight/core';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, importModel } from '../src/index.js';

/** Hostile model files get a `limit` problem, never a stack overflow. */
const vensim = (e: string) => `x = ${e} ~~|\nINITIAL TIME = 0 ~~|\nFINAL TIME = 1 ~~|\nTIME STEP = 1 ~~|\n`;
const xmile = (e: string) =>
  `<xmile><sim_specs><start>0</start><stop>1</stop></sim_specs><model><variables><aux name="x"><eqn>${e}</eqn></aux></variables></model></xmile>`;

function problems(text: string, file: string): string[] {
  const r = importModel(text, file);
  return r.ok ? [] : r.error.map(formatProblem);
}

describe('limits of a model file', () => {
  const deep = `${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
  const chain = Array(100_000).fill('1').join('+');

  it('refuses expressions nested or chained too deep', () => {
    expect(problems(vensim(deep), 'm.mdl')).toEqual([
      'm.mdl:1:105 limit the expression nests more than 100 deep (maxExpressionDepth); split it into several variables',
    ]);
    expect(problems(vensim(`${'-'.repeat(100_000)}1`), 'm.mdl')[0]).toMatch(/^m\.mdl:1:104 limit /);
    expect(problems(vensim(chain), 'm.mdl')).toEqual([
      `m.mdl:1:1006 limit more than ${IMPORT_LIMITS.maxChain} operands in one chain of operators (maxChain); split it into several variables`,
    ]);
    expect(problems(xmile(deep), 'm.xmile')[0]).toMatch(
      /^m\.xmile:1:\d+ limit the expression nests more than 100 deep/,
    );
    expect(problems(xmile(chain), 'm.xmile')[0]).toMatch(/^m\.xmile:1:\d+ limit more than 500 operands/);
    // Up to the limits, the same shapes import.
    expect(problems(vensim(Array(IMPORT_LIMITS.maxChain).fill('1').join('+')), 'm.mdl')).toEqual([]);
  });

  it('refuses XML nested too deep, and files too large', () => {
    expect(problems(`${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`, 'm.xmile')).toEqual([
      'm.xmile:1:1 limit the XML nests deeper than 100 elements (maxXmlDepth): maximum nested tags exceeded',
    ]);
    expect(problems(' '.repeat(IMPORT_LIMITS.maxBytes + 1), 'm.mdl')).toEqual([
      `m.mdl:1:1 limit the file is over the limit of ${IMPORT_LIMITS.maxBytes} characters (maxBytes)`,
    ]);
  });

  it('caps the problems reported at once', () => {
    const many = Array.from({ length: 500 }, (_, i) => `v${i} = nope${i} ~~|`).join('\n');
    const list = problems(vensim('1') + many, 'm.mdl');
    expect(list).toHaveLength(100);
    expect(list[99]).toMatch(/limit and \d+ more problems/);
  });
});
