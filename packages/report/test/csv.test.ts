import { expect, test } from 'vitest';
import { renderRunCsv } from '../src/index.js';
import { baseline } from './fixtures.js';
import { small } from './small.js';

test('renderRunCsv: tidy long format, one row per output and time, quantiles in increasing order', () => {
  expect(renderRunCsv(small)).toBe(
    [
      'output,unit,time,mean,sd,min,max,p5,p25,p50,p95',
      'workforce,people,2020,1000000,0,1000000,1000000,1000000,,1000000,1000000',
      'workforce,people,2025,3451234.5,301234.25,2500000,4400000,2950000,,3436000,3980000',
      'workforce,people,2030,5200000,900000,3000000,8900000,3900000,,5100000,6700000',
      'vc_share,,2020,0.1,0,0.1,0.1,0.1,0.1,0.1,0.1',
      'vc_share,,2025,0.0875,0.01,0.06,0.11,0.07,0.08,0.0875,0.105',
      'vc_share,,2030,0.05,0.02,0,0.09,0.0123,0.04,0.05,0.085',
      '',
    ].join('\n'),
  );
});

test('renderRunCsv quotes fields per RFC 4180 only where needed', () => {
  const awkward = structuredClone(small);
  const share = small.outputs['vc_share'];
  if (share === undefined) throw new Error('fixture lacks vc_share');
  awkward.outputs = { 'a,"b"\nc': { ...share, unit: 'USD, 2020 prices' } };
  const lines = renderRunCsv(awkward).split('\n');
  expect(lines[1]).toBe('"a,""b""');
  expect(lines[2]).toBe('c","USD, 2020 prices",2020,0.1,0,0.1,0.1,0.1,0.1,0.1,0.1');
});

test('renderRunCsv numbers round-trip exactly', () => {
  const csv = renderRunCsv(baseline);
  const rows = csv
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const header = csv.slice(0, csv.indexOf('\n')).split(',');
  const p95 = header.indexOf('p95');
  const workforce = rows.filter((r) => r[0] === 'workforce').map((r) => Number(r[p95]));
  expect(workforce).toEqual(baseline.outputs['workforce']?.quantiles['p95']);
  expect(rows).toHaveLength(baseline.times.length * 2);
});

test('renderRunCsv leaves missing values empty, never 0, and keeps NaN visible', () => {
  const holes = structuredClone(small);
  // null is how JSON carries a value that was not finite.
  const share = holes.outputs['vc_share'];
  if (share === undefined) throw new Error('fixture lacks vc_share');
  (share.mean as unknown[])[0] = null;
  share.sd[0] = Number.NaN;
  expect(renderRunCsv(holes).split('\n')[4]).toBe('vc_share,,2020,,NaN,0.1,0.1,0.1,0.1,0.1,0.1');
});
