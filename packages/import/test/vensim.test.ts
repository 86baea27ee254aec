import { formatProblem } from '@foresight/core';
import { describe, expect, it } from 'vitest';
import { importModel } from '../src/index.js';
import { Lexer } from '../src/vensim/lexer.js';

const CONTROL = [
  'INITIAL TIME = 0 ~ Month ~ |',
  'FINAL TIME = 4 ~ Month ~ |',
  'TIME STEP = 1 ~~|',
  'SAVEPER = TIME STEP ~~|',
];

/** A Vensim model: its equations, then the control section. */
const mdl = (...lines: string[]) => ['{UTF-8}', ...lines, ...CONTROL, ''].join('\n');

function tokens(text: string) {
  const lx = new Lexer(text);
  const out: { kind: string; text: string; start: number; end: number }[] = [];
  for (let t = lx.next(); t.kind !== 'eof'; t = lx.next())
    out.push({ kind: t.kind, text: t.text, start: t.start, end: t.end });
  return out;
}

function problems(text: string, file = 'm.mdl'): string[] {
  const r = importModel(text, file);
  if (r.ok) throw new Error('expected problems');
  return r.error.map(formatProblem);
}

function doc(text: string) {
  const r = importModel(text, 'm.mdl');
  if (!r.ok) throw new Error(r.error.map(formatProblem).join('\n'));
  return r.value.document as Record<string, Record<string, Record<string, unknown>>>;
}

describe('the Vensim tokenizer', () => {
  it('reads names with spaces as one token, with offsets', () => {
    expect(tokens('Room Temperature - Teacup  Temperature*2')).toEqual([
      { kind: 'name', text: 'Room Temperature', start: 0, end: 16 },
      { kind: 'op', text: '-', start: 17, end: 18 },
      { kind: 'name', text: 'Teacup Temperature', start: 19, end: 38 },
      { kind: 'op', text: '*', start: 38, end: 39 },
      { kind: 'number', text: '2', start: 39, end: 40 },
    ]);
  });

  it('reads quoted names with escapes, continuations, comments and keywords', () => {
    expect(tokens('"a \\"b\\" c" :AND: Heat\\\n\t\tLoss {note} :end of  macro:')).toEqual([
      { kind: 'name', text: 'a "b" c', start: 0, end: 11 },
      { kind: 'keyword', text: ':AND:', start: 12, end: 17 },
      { kind: 'name', text: 'Heat Loss', start: 18, end: 30 },
      { kind: 'keyword', text: ':END OF MACRO:', start: 38, end: 53 },
    ]);
  });

  it('reads every number form Vensim writes', () => {
    const values = (text: string) => {
      const lx = new Lexer(text);
      return [lx.next(), lx.next(), lx.next(), lx.next()].map((t) => t.value);
    };
    expect(values('1e+006 .5 3. 2.5E-3')).toEqual([1e6, 0.5, 3, 0.0025]);
  });

  it('does not run a name on into a function call or an operator', () => {
    expect(tokens('INTEG (rate, 1)').map((t) => t.text)).toEqual(['INTEG', '(', 'rate', ',', '1', ')']);
    expect(tokens('IF THEN ELSE(a<>b').map((t) => t.text)).toEqual(['IF THEN ELSE', '(', 'a', '<>', 'b']);
  });
});

describe('the Vensim grammar', () => {
  it('reads stocks, auxiliaries, constants, units, documentation and groups', () => {
    const d = doc(
      mdl(
        '********************************************************',
        '\t.Heat',
        '********************************************************~',
        '\t\tThe cup.',
        '\t|',
        'Teacup Temperature= INTEG (',
        '\t-Heat Loss to Room,',
        '\t\t180)',
        '\t~\tDegrees Fahrenheit [32,212]',
        '\t~\tThe tea, \\',
        '\t\tnot the cup.',
        '\t|',
        'Heat Loss to Room = (Teacup Temperature - Room Temperature) / Characteristic Time ~ F/Minute ~ |',
        'Room Temperature = 70 ~~|',
        'Characteristic Time = 10 ~ Minutes [0,?] ~ How long. |',
      ),
    );
    expect(d.stocks).toEqual({
      teacup_temperature: {
        initial: '180',
        inflow: '-heat_loss_to_room',
        label: 'Teacup Temperature',
        unit: 'Degrees Fahrenheit',
        description: 'The tea, not the cup.',
        source: "m.mdl:7 stock 'Teacup Temperature' (group Heat)",
      },
    });
    expect(d.variables?.heat_loss_to_room?.expr).toBe('(teacup_temperature - room_temperature) / characteristic_time');
    expect(d.parameters?.characteristic_time).toEqual({
      value: 10,
      label: 'Characteristic Time',
      unit: 'Minutes',
      description: 'How long.',
      source: "m.mdl:16 variable 'Characteristic Time' (group Heat)",
    });
    expect(d.time).toEqual({ start: 0, end: 4, dt: 1, report: 1 });
  });

  it('follows Vensim precedence: unary minus below ^, ^ to the left, :AND: above :OR:', () => {
    const d = doc(
      mdl(
        'a = -2^2 ~~|',
        'b = 2^3^2 ~~|',
        'c = IF THEN ELSE(a = 4 :OR: b > 1 :AND: :NOT: a < 0, 1, 0) ~~|',
        'd = a - (b - 1) / (2 * a) ~~|',
      ),
    );
    expect(d.variables).toMatchObject({
      a: { expr: '-2 ^ 2' },
      b: { expr: '(2 ^ 3) ^ 2' },
      c: { expr: 'a == 4 or b > 1 and not (a < 0) ? 1 : 0' },
      d: { expr: 'a - (b - 1) / (2 * a)' },
    });
  });

  it('reads lookups with or without a range, WITH LOOKUP tables, and calls of lookups', () => {
    const d = doc(
      mdl(
        'effect(',
        '\t[(0,0)-(2,10),(1,5)],(0,1),(1,2)\\',
        '\t\t,(2, - 3))',
        '\t~~|',
        'plain((0,0),(1,1)) ~~|',
        'y = effect(Time) + WITH LOOKUP(Time, ((0,5),(4,9))) + LOOKUP EXTRAPOLATE(plain, Time) ~~|',
      ),
    );
    expect(d.lookups).toMatchObject({
      effect: {
        points: [
          [0, 1],
          [1, 2],
          [2, -3],
        ],
        label: 'effect',
      },
      plain: {
        points: [
          [0, 0],
          [1, 1],
        ],
      },
      y_lookup: {
        points: [
          [0, 5],
          [4, 9],
        ],
      },
      plain_extrapolated: {
        points: [
          [0, 0],
          [1, 1],
        ],
        extrapolate: 'linear',
      },
    });
    expect(d.variables?.y?.expr).toBe('effect(t) + y_lookup(t) + plain_extrapolated(t)');
  });

  it('skips the sketch section, reality checks and comments', () => {
    const d = doc(
      `${mdl('x = 1 {a comment} + 1 ~~|', 'check :THE CONDITION: x > 0 :IMPLIES: x < 3 ~~|')}\\\\\\---/// Sketch information\n10,1,x,1,2,3\n///---\\\\\\\n`,
    );
    expect(Object.keys(d.variables ?? {})).toEqual(['x']);
    expect(d.variables?.x?.expr).toBe('1 + 1');
  });

  it('names each problem with file, line and column, and reads on past it', () => {
    expect(
      problems(
        mdl(
          'a = (1 + ~~|',
          'b[dim] = 1 ~~|',
          'c = :NA: ~~|',
          "d := GET XLS DATA('f.xlsx', 's', 'A', 'B2') ~~|",
          'e ~~|',
          'f = NOPE(1) + unknown name ~~|',
          'g = INTEG(1) ~~|',
          'h((0,1),(0,2)) ~~|',
        ),
      ),
    ).toEqual([
      "m.mdl:2:10 import expected a number, a name or '(', found '~'",
      "m.mdl:3:2 unsupported subscripts (arrays) do not import yet: 'b[...]'",
      'm.mdl:4:5 unsupported :NA: (Vensim\'s "not available" value) does not import yet',
      "m.mdl:5:3 unsupported data equations (':=') do not import yet: 'd' reads data",
      "m.mdl:6:3 unsupported data from external files does not import: 'e' has no equation (a data variable read from a .vdf file)",
      "m.mdl:7:5 unsupported the function 'NOPE' does not import yet",
      "m.mdl:8:5 import INTEG takes a rate and an initial value, found 1 arguments for 'g'",
      'm.mdl:9:9 import lookup x values must increase: 0 follows 0',
    ]);
  });

  it('reports what an equation refers to that is not there, and functions that do not import', () => {
    expect(problems(mdl('f = NOPE(1) ~~|', 'g = missing + 1 ~~|', 'h = SUM(x[a!]) ~~|'))).toEqual([
      "m.mdl:2:5 unsupported the function 'NOPE' does not import yet",
      "m.mdl:3:5 import 'missing' is not defined in the model",
      "m.mdl:4:10 unsupported subscripts (arrays) do not import yet: 'x[...]'",
    ]);
  });

  it('reports a macro once, and not again where it is called', () => {
    expect(
      problems(mdl(':MACRO: DOUBLE(input)', 'DOUBLE = 2 * input ~~|', ':END OF MACRO:', 'y = DOUBLE(3) ~~|')),
    ).toEqual([
      'm.mdl:2:1 unsupported macros (:MACRO: DOUBLE) do not import yet; expand the macro into plain equations',
    ]);
  });

  it('refuses time settings that are not numbers, or that do not fit the time step', () => {
    const base = (final: string, save = 'SAVEPER = 1 ~~|') =>
      ['x = 1 ~~|', 'INITIAL TIME = 0 ~~|', `FINAL TIME = ${final} ~~|`, 'TIME STEP = 0.25 ~~|', save].join('\n');
    expect(problems(base('Time + 10'))).toEqual([
      'm.mdl:3:1 unsupported a dynamic final time does not import yet: FINAL TIME must be a number',
    ]);
    expect(problems(base('10', 'SAVEPER = 0.3 ~~|'))).toEqual([
      'm.mdl:3:1 import the saving interval (0.3) must be a whole multiple of the time step (0.25)',
    ]);
    expect(problems(base('10.1'))).toEqual([
      'm.mdl:3:1 import the run from 0 to 10.1 is not a whole number of time steps of 0.25',
    ]);
    expect(problems('x = 1 ~~|\nTIME STEP = 1 ~~|\n')).toEqual([
      'm.mdl:1:1 import the model has no INITIAL TIME equation (a Vensim control variable)',
      'm.mdl:1:1 import the model has no FINAL TIME equation (a Vensim control variable)',
    ]);
  });

  it('takes SAVEPER, TIME STEP, INITIAL TIME and FINAL TIME in equations as the run settings', () => {
    const d = doc(mdl('x = TIME STEP + SAVEPER + INITIAL TIME + FINAL TIME + Time ~~|'));
    expect(d.variables?.x?.expr).toBe('dt + 1 + 0 + 4 + t');
  });

  it('gives names that clash with the language or with each other distinct ids', () => {
    const d = doc(mdl('step = 1 ~~|', 'e = 2 ~~|', '"A-b" = 3 ~~|', 'a b = 4 ~~|', 'y = step + e + "A-b" + a_b ~~|'));
    expect(Object.keys(d.parameters ?? {})).toEqual(['step_', 'e_', 'a_b', 'a_b_2']);
    expect(d.variables?.y?.expr).toBe('step_ + e_ + a_b + a_b_2');
  });
});
