import { describe, expect, it } from 'vitest';
import type { RunResult } from '@foresight/core';
import { run, stableJson } from './helpers.js';

/**
 * Reproducibility as the format promises it: every draw comes from a stream
 * seeded by (seed, trial, name), so the same document and seed give the same
 * bytes, and a parameter's draws do not depend on what else the document holds.
 * The base model uses per-trial and per-step parameters of several
 * distributions and a Poisson shock whose rate is itself a parameter, so every
 * kind of stream is exercised.
 */
const BASE = `
format: 1
id: determinism
title: Growth with noise and crises
time:
  start: 2020
  end: 2030
  dt: 0.25
  report: 1
trials: 400
seed: 11
parameters:
  growth:
    dist: normal
    mean: 0.05
    sd: 0.02
  ceiling:
    dist: lognormal
    p5: 800
    p95: 2000
  severity:
    dist: triangular
    min: 0.05
    mode: 0.2
    max: 0.5
  noise:
    dist: normal
    mean: 0
    sd: 0.01
    per: step
  crisis_rate:
    dist: uniform
    min: 0.1
    max: 0.5
shocks:
  crisis:
    rate: crisis_rate
    half_life: 2
    max_events: 4
stocks:
  w:
    initial: 100
    inflow: "w * growth * (1 - w / ceiling) + w * noise"
    outflow: loss
    min: 0
variables:
  loss: "w * severity * 0.1 * crisis"
outputs: [w, loss]
targets:
  - { variable: w, time: 2030, relative_to: 2020, value: 1.4, tolerance: 0.5 }
`;

/** The same document as JSON, written out by hand rather than converted, as an API client would send it. */
const BASE_JSON = JSON.stringify(
  {
    format: 1,
    id: 'determinism',
    title: 'Growth with noise and crises',
    time: { start: 2020, end: 2030, dt: 0.25, report: 1 },
    trials: 400,
    seed: 11,
    parameters: {
      growth: { dist: 'normal', mean: 0.05, sd: 0.02 },
      ceiling: { dist: 'lognormal', p5: 800, p95: 2000 },
      severity: { dist: 'triangular', min: 0.05, mode: 0.2, max: 0.5 },
      noise: { dist: 'normal', mean: 0, sd: 0.01, per: 'step' },
      crisis_rate: { dist: 'uniform', min: 0.1, max: 0.5 },
    },
    shocks: { crisis: { rate: 'crisis_rate', half_life: 2, max_events: 4 } },
    stocks: {
      w: { initial: 100, inflow: 'w * growth * (1 - w / ceiling) + w * noise', outflow: 'loss', min: 0 },
    },
    variables: { loss: 'w * severity * 0.1 * crisis' },
    outputs: ['w', 'loss'],
    targets: [{ variable: 'w', time: 2030, relative_to: 2020, value: 1.4, tolerance: 0.5 }],
  },
  null,
  2,
);

/** BASE with `lines` inserted right after the line `after`. */
function insertAfter(after: string, lines: string, text = BASE): string {
  const at = text.indexOf(`\n${after}\n`);
  if (at < 0) throw new Error(`no line '${after}' in the document`);
  const end = at + after.length + 2;
  return text.slice(0, end) + lines + text.slice(end);
}

const json = (r: RunResult, id: string): string => JSON.stringify(r.outputs[id]);

describe('same document, same seed', () => {
  it('gives the same JSON byte for byte (but for elapsed_ms), even with other runs in between', () => {
    const first = stableJson(run(BASE));
    // Another document in between: no state may leak from one run into the next.
    run(BASE.replace('seed: 11', 'seed: 99'));
    const second = stableJson(run(BASE));
    expect(second).toBe(first);
  });

  it('gives the same result whether the seed comes from the document or the options', () => {
    expect(stableJson(run(BASE, { seed: 11 }))).toBe(stableJson(run(BASE)));
  });

  it('gives the same numbers for an output whether or not other outputs are requested', () => {
    const all = run(BASE);
    const only = run(BASE, { outputs: ['loss'] });
    expect(json(only, 'loss')).toBe(json(all, 'loss'));
  });
});

describe('streams per trial index', () => {
  it('trial i draws the same numbers however many trials run', () => {
    // With 1, 2 and 3 trials, {min, max} and {min, p50, max} are exactly the
    // trials' own values (type-7 p50 of three is the middle one), so the paths of
    // trials 0 and 1 can be read back and must not change as trials are added.
    const at = (r: RunResult, key: 'min' | 'max' | 'p50'): number => {
      const w = r.outputs['w']!;
      const last = r.times.length - 1;
      return (key === 'p50' ? w.quantiles['p50']! : w[key])[last]!;
    };
    const one = run(BASE, { trials: 1 });
    const two = run(BASE, { trials: 2 });
    const three = run(BASE, { trials: 3 });
    const values2 = [at(two, 'min'), at(two, 'max')];
    const values3 = [at(three, 'min'), at(three, 'p50'), at(three, 'max')];
    expect(values2).toContain(at(one, 'min'));
    for (const v of values2) expect(values3).toContain(v);
  });
});

describe('another seed', () => {
  it('gives other numbers wherever there is randomness', () => {
    const a = run(BASE);
    const b = run(BASE, { seed: 12 });
    expect(b.times).toEqual(a.times);
    const wa = a.outputs['w']!;
    const wb = b.outputs['w']!;
    // At the start every trial holds the initial value, whatever the seed.
    expect(wb.mean[0]).toBe(wa.mean[0]);
    for (let i = 1; i < a.times.length; i++) {
      expect(wb.mean[i], `mean of w at ${a.times[i]}`).not.toBe(wa.mean[i]);
      expect(wb.quantiles['p50']![i], `p50 of w at ${a.times[i]}`).not.toBe(wa.quantiles['p50']![i]);
    }
  });
});

describe('adding to a document leaves the draws of everything else unchanged', () => {
  const base = run(BASE);

  // Names chosen to sort before, between and after the existing ones, and
  // placed first, in the middle and last, so neither a stream index by
  // position nor one by sorted name can pass by accident.
  const variants: Record<string, string> = {
    'an unused normal parameter, first': insertAfter(
      'parameters:',
      '  a_unused:\n    dist: normal\n    mean: 0\n    sd: 1\n',
    ),
    'a per-step normal parameter feeding a new variable, in the middle': insertAfter(
      '    sd: 0.02',
      '  h_mid:\n    dist: normal\n    mean: 5\n    sd: 1\n    per: step\n',
    )
      .replace('variables:\n', 'variables:\n  extra: "h_mid * 2 + w"\n')
      .replace('outputs: [w, loss]', 'outputs: [w, loss, extra]'),
    'a normal parameter and a Poisson shock feeding a new variable, last': BASE.replace(
      '\nshocks:\n',
      '\n  zz_new:\n    dist: normal\n    mean: 1\n    sd: 0.5\nshocks:\n  aftershock:\n    rate: 1.5\n    half_life: 1\n',
    )
      .replace('variables:\n', 'variables:\n  disturbance: "zz_new * aftershock"\n')
      .replace('outputs: [w, loss]', 'outputs: [w, loss, disturbance]'),
  };

  it.each(Object.entries(variants))('%s', (_name, text) => {
    const variant = run(text);
    // The addition must really be there and random, or this proves nothing.
    const added = Object.keys(variant.outputs).filter((id) => !(id in base.outputs));
    for (const id of added)
      expect(
        variant.outputs[id]!.sd.some((x) => x > 0),
        `${id} varies`,
      ).toBe(true);
    expect(json(variant, 'w')).toBe(json(base, 'w'));
    expect(json(variant, 'loss')).toBe(json(base, 'loss'));
    expect(variant.targets).toEqual(base.targets);
  });
});

describe('YAML and JSON spellings of the same document', () => {
  const fromYaml = run(BASE, {}, 'determinism.yaml');
  const fromJson = run(BASE_JSON, {}, 'determinism.json');

  it('give identical results', () => {
    const { provenance: _py, ...y } = fromYaml;
    const { provenance: _pj, ...j } = fromJson;
    expect(JSON.stringify(j)).toBe(JSON.stringify(y));
  });

  it('give identical result documents, provenance included (the hash is of the document, not its spelling)', () => {
    expect(stableJson(fromJson)).toBe(stableJson(fromYaml));
  });
});
