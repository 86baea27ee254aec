import { formatProblem } from '@foresight/core';
import { describe, expect, it } from 'vitest';
import { importModel } from '../src/index.js';

/** An XMILE file with the given header product, sim_specs and variables. */
function xmile(variables: string, opts: { specs?: string; product?: string; extra?: string } = {}): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">',
    `  <header><name>Test model</name><product version="1.0">${opts.product ?? 'Stella Architect'}</product></header>`,
    `  ${opts.specs ?? '<sim_specs method="Euler"><start>0</start><stop>4</stop><dt>1</dt></sim_specs>'}`,
    opts.extra ?? '',
    '  <model><variables>',
    variables,
    '  </variables></model>',
    '</xmile>',
    '',
  ].join('\n');
}

function doc(text: string) {
  const r = importModel(text, 'm.xmile');
  if (!r.ok) throw new Error(r.error.map(formatProblem).join('\n'));
  return r.value.document as Record<string, Record<string, Record<string, unknown>>>;
}

function problems(text: string): string[] {
  const r = importModel(text, 'm.xmile');
  if (r.ok) throw new Error('expected problems');
  return r.error.map(formatProblem);
}

describe('the XMILE reader', () => {
  it('reads stocks with their flows, auxiliaries, units and documentation', () => {
    const d = doc(
      xmile(`
    <stock name="Teacup Temperature"><eqn>180</eqn><outflow>"Heat Loss to Room"</outflow><units>F</units></stock>
    <flow name="Heat Loss to Room"><doc>How fast &amp; why</doc><eqn>("Teacup Temperature" - Room_Temperature) / Characteristic_Time</eqn></flow>
    <aux name="Room Temperature"><eqn>70</eqn></aux>
    <aux name="Characteristic Time"><eqn>10</eqn></aux>`),
    );
    expect(d.title).toBe('Test model');
    expect(d.stocks?.teacup_temperature).toEqual({
      initial: '180',
      outflow: 'heat_loss_to_room',
      label: 'Teacup Temperature',
      unit: 'F',
      source: "m.xmile:8 stock 'Teacup Temperature'",
    });
    expect(d.variables?.heat_loss_to_room).toMatchObject({
      expr: '(teacup_temperature - room_temperature) / characteristic_time',
      description: 'How fast & why',
    });
  });

  it('takes dt in its reciprocal form, RK4, and the time units', () => {
    const specs =
      '<sim_specs method="RK4" time_units="Months"><start>1</start><stop>3</stop><dt reciprocal="true">4</dt></sim_specs>';
    expect(doc(xmile('<aux name="x"><eqn>1</eqn></aux>', { specs })).time).toEqual({
      start: 1,
      end: 3,
      dt: 0.25,
      report: 0.25,
      method: 'rk4',
    });
    // Vensim's XMILE export declares RK4 for models it integrates by Euler.
    expect(doc(xmile('<aux name="x"><eqn>1</eqn></aux>', { specs, product: 'Vensim' })).time).not.toHaveProperty(
      'method',
    );
  });

  it('makes stocks and flows non-negative from their own element or the <behavior> defaults', () => {
    const d = doc(
      xmile(
        `
    <stock name="s1"><eqn>5</eqn><outflow>f</outflow></stock>
    <stock name="s2"><eqn>5</eqn><outflow>f2</outflow><non_negative>false</non_negative></stock>
    <flow name="f"><eqn>TIME - 2</eqn></flow>
    <flow name="f2"><eqn>1</eqn><non_negative/></flow>`,
        { extra: '<behavior><stock><non_negative/></stock></behavior>' },
      ),
    );
    expect(d.stocks?.s1?.min).toBe(0);
    expect(d.stocks?.s2?.min).toBeUndefined();
    expect(d.variables?.f?.expr).toBe('t - 2');
    expect(d.parameters?.f2?.value).toBe(1);
  });

  it('reads graphical functions from xscale or xpts, with their extrapolation rules', () => {
    const d = doc(
      xmile(`
    <aux name="effect"><eqn>TIME</eqn><gf type="extrapolate"><xscale min="0" max="4"/><ypts>0,1,4</ypts></gf></aux>
    <gf name="steps" type="discrete"><xpts sep=";">0;1;2</xpts><ypts sep=";">5;6;7</ypts></gf>
    <aux name="y"><eqn>LOOKUP(steps, TIME) + effect(2)</eqn></aux>`),
    );
    expect(d.lookups).toMatchObject({
      effect_lookup: {
        points: [
          [0, 0],
          [2, 1],
          [4, 4],
        ],
        extrapolate: 'linear',
      },
      steps: {
        points: [
          [0, 5],
          [1, 6],
          [2, 7],
        ],
        interpolate: 'step',
        label: 'steps',
      },
    });
    expect(d.variables?.effect?.expr).toBe('effect_lookup(t)');
    expect(d.variables?.y?.expr).toBe('steps(t) + effect_lookup(2)');
  });

  it('maps INT and MOD to floored functions, and to truncating ones in files Vensim wrote', () => {
    const vars = '<aux name="a"><eqn>INT(-2.5) + (-7 MOD 3) + MOD(7, 2)</eqn></aux>';
    expect(doc(xmile(vars)).variables?.a?.expr).toBe('floor(-2.5) + mod(-7, 3) + mod(7, 2)');
    expect(doc(xmile(vars, { product: 'Vensim' })).variables?.a?.expr).toBe('trunc(-2.5) + rem(-7, 3) + rem(7, 2)');
  });

  it('reads keywords in any case and IF as an expression', () => {
    const d = doc(xmile('<aux name="a"><eqn>2 * if TIME &gt; 1 AnD NOT time = 3 then 1 ELSE 0</eqn></aux>'));
    expect(d.variables?.a?.expr).toBe('2 * (t > 1 and not t == 3 ? 1 : 0)');
  });

  it('flattens modules: inputs read the enclosing model, names carry the instance', () => {
    const text = `<?xml version="1.0"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>
  <model><variables>
    <module name="pop"><connect to="pop.rate" from=".growth"/></module>
    <aux name="growth"><eqn>0.1</eqn></aux>
    <aux name="double"><eqn>2 * pop.people</eqn></aux>
  </variables></model>
  <model name="pop"><variables>
    <stock name="people"><eqn>100</eqn><inflow>births</inflow></stock>
    <flow name="births"><eqn>people * rate</eqn></flow>
    <aux name="rate"><eqn>{set from outside}</eqn></aux>
  </variables></model>
</xmile>`;
    const d = doc(text);
    expect(d.stocks?.pop_people).toMatchObject({ inflow: 'pop_births', label: 'pop.people' });
    expect(d.variables).toMatchObject({
      pop_births: { expr: 'pop_people * pop_rate' },
      pop_rate: { expr: 'growth' },
      double: { expr: '2 * pop_people' },
    });
  });

  it('reads files of the XMILE drafts before 1.0 and an undeclared isee: prefix', () => {
    const text = `<xmile version="1.0" xmlns="http://www.systemdynamics.org/XMILE">
  <isee:prefs show_module_prefix="true"/>
  <sim_specs isee:simulation_delay="0"><start>0</start><stop>1</stop></sim_specs>
  <model><aux name="x" isee:label=""><eqn>time</eqn></aux></model>
</xmile>`;
    expect(doc(text).variables?.x?.expr).toBe('t');
  });

  it('names problems with file, line and column', () => {
    expect(problems(xmile('<aux name="a"><eqn>1</eqn></aux>\n<flow name="b"><eqn>2</eqn>\n'))).toEqual([
      "m.xmile:10:3 import the file is not well-formed XML: expected closing tag 'flow' (opened in line 8, col 1) instead of closing tag 'variables'.",
    ]);
    expect(
      problems(
        xmile(`
    <aux name="q"><eqn>???</eqn></aux>
    <aux name="m"><eqn>EXPRESSION MACRO(1, 2)</eqn></aux>
    <aux name="arr"><dimensions><dim name="d"/></dimensions><eqn>1</eqn></aux>
    <aux name="u"><eqn>unknown + 1</eqn></aux>
    <aux name="i"><eqn>IF u THEN 1</eqn></aux>
    <aux name="s"><eqn>x[1]</eqn></aux>`),
      ),
    ).toEqual([
      "m.xmile:8:24 import '?' stands where an equation should be: the published model is incomplete",
      "m.xmile:9:35 import 'EXPRESSION MACRO' reads as two names: in XMILE a name with spaces is written with underscores or in quotes",
      "m.xmile:10:5 unsupported arrays (subscripts) do not import yet: 'arr' has dimensions",
      "m.xmile:11:24 import 'unknown' is not defined in the model",
      'm.xmile:12:24 import IF ... THEN needs ELSE',
      "m.xmile:13:25 unsupported arrays (subscripts) do not import yet: 'x[...]'",
    ]);
  });

  it('refuses what is not an XMILE model', () => {
    expect(problems('<model/>')).toEqual([
      'm.xmile:1:1 import the root element is <model>, not <xmile>: this is not an XMILE model',
    ]);
    expect(
      problems(xmile('<aux name="x"><eqn>1</eqn></aux>', { specs: '<sim_specs><stop>3</stop></sim_specs>' })),
    ).toEqual(['m.xmile:4:3 import <sim_specs> has no <start>']);
  });
});
