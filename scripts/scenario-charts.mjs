#!/usr/bin/env node
// Redraws the charts of scenarios/README.md and the one-screen summary it
// shows, with the repository's own command line (built first):
//   npx -y pnpm@10.34.9 charts
// Every chart is a `foresight run` or `foresight compare` with `--chart`; the
// summary is `foresight compare ... --summary`, written between the README's
// summary markers. tests/scenarios/charts.test.ts redraws them the same way
// and fails when a committed file differs.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The baseline's futures, in the order the README tells them. */
export const FUTURES = [
  'trend-extrapolation',
  'decoupling-severe',
  'talent-squeeze',
  'commercialization-bottleneck',
  'policy-push',
  'policy-under-decoupling',
  'decoupling-and-talent-squeeze',
  'report-overstates',
];

/** Each chart: the file it is drawn to and the command's arguments (without `--chart`). */
export const CHARTS = [
  {
    file: 'scenarios/charts/calibrated.svg',
    args: [
      'compare',
      'baseline',
      'scenarios/calibration/baseline-calibrated.yaml',
      '--outputs',
      'workforce,vc_inflow,robotaxi_fleet,ai_lab_share',
    ],
  },
  {
    file: 'scenarios/charts/explore-robotaxi.svg',
    args: [
      'explore',
      'scenarios/calibration/baseline-calibrated.yaml',
      '--where',
      'robotaxi_fleet@2030 < 30000',
      '--trials',
      '5000',
    ],
  },
  {
    file: 'scenarios/charts/baseline.svg',
    args: ['run', 'baseline', '--outputs', 'workforce,tech_share_of_jobs,vc_inflow,ai_lab_share'],
  },
  {
    file: 'scenarios/charts/trend.svg',
    args: [
      'compare',
      'baseline',
      'trend-extrapolation',
      '--trials',
      '1000',
      '--outputs',
      'workforce,ev_battery_capacity',
    ],
  },
  {
    file: 'scenarios/charts/decoupling.svg',
    args: [
      'compare',
      'baseline',
      'decoupling-severe',
      'policy-under-decoupling',
      '--trials',
      '1000',
      '--outputs',
      'vc_inflow,startups,ai_lab_share,returnees_cumulative',
    ],
  },
  {
    file: 'scenarios/charts/talent.svg',
    args: [
      'compare',
      'baseline',
      'talent-squeeze',
      'decoupling-and-talent-squeeze',
      '--trials',
      '1000',
      '--outputs',
      'chip_talent,workforce,ai_lab_share,returnees_cumulative',
    ],
  },
  {
    file: 'scenarios/charts/policy.svg',
    args: [
      'compare',
      'baseline',
      'policy-push',
      'commercialization-bottleneck',
      '--trials',
      '1000',
      '--outputs',
      'startups,vc_inflow',
    ],
  },
  {
    file: 'scenarios/charts/overstates.svg',
    args: [
      'compare',
      'baseline',
      'report-overstates',
      '--trials',
      '1000',
      '--outputs',
      'workforce,vc_inflow,startups,ai_lab_share',
    ],
  },
];

/** The one-screen summary of every future, shown in scenarios/README.md. */
export const SUMMARY = [
  'compare',
  'baseline',
  ...FUTURES,
  '--summary',
  '--trials',
  '1000',
  '--outputs',
  'workforce,chip_talent,vc_inflow,startups,ai_lab_share',
];

export const SUMMARY_BEGIN = '<!-- summary: begin (npx -y pnpm@10.34.9 charts) -->';
export const SUMMARY_END = '<!-- summary: end -->';

/** The README with `summary` (the command's output) between its markers, as a text block. */
export function withSummary(readme, summary) {
  const begin = readme.indexOf(SUMMARY_BEGIN);
  const end = readme.indexOf(SUMMARY_END);
  if (begin < 0 || end < begin) throw new Error('scenarios/README.md has no summary markers');
  return `${readme.slice(0, begin + SUMMARY_BEGIN.length)}\n\`\`\`text\n${summary}\`\`\`\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const bin = join(root, 'apps/cli/dist/bin.js');
  const foresight = (args) => execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  for (const { file, args } of CHARTS) {
    foresight([...args, '--chart', file]);
    process.stdout.write(`drew ${file}\n`);
  }
  const readme = join(root, 'scenarios/README.md');
  writeFileSync(readme, withSummary(readFileSync(readme, 'utf8'), foresight(SUMMARY)));
  process.stdout.write('wrote the summary into scenarios/README.md\n');
}
