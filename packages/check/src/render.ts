import type { AssumptionResult, CheckReport } from '@foresight/core';

const num = (x: number | null) =>
  x === null ? 'non-finite' : Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
const list = (xs: readonly number[]) => `[${xs.map(num).join(', ')}]`;

function counterexampleLines(a: AssumptionResult): string[] {
  const c = a.counterexample;
  if (!c) return a.note ? [`    note: ${a.note}`] : [];
  const lines: string[] = [];
  if (c.pair) {
    lines.push(
      `    ${c.pair.parameter}: ${num(c.pair.lo)} -> ${num(c.pair.hi)} moves ${c.pair.output} at ${num(c.time)}: ${num(c.pair.output_lo)} -> ${num(c.pair.output_hi)}`,
    );
  } else {
    lines.push(
      `    first violation at t = ${num(c.time)}: ${Object.entries(c.values)
        .map(([k, v]) => `${k} = ${num(v)}`)
        .join(', ')}`,
    );
  }
  const params = Object.entries(c.parameters);
  if (params.length > 0) lines.push(`    parameters: ${params.map(([k, v]) => `${k} = ${num(v)}`).join(', ')}`);
  for (const [k, v] of Object.entries(c.step_parameters)) lines.push(`    ${k} per step: ${list(v)}`);
  for (const [k, v] of Object.entries(c.event_parameters ?? {})) lines.push(`    ${k} per event: ${list(v)}`);
  for (const [k, v] of Object.entries(c.shocks))
    lines.push(`    shock ${k} events: ${v.length === 0 ? 'none' : list(v)}`);
  return lines;
}

/** The report as text: one line per assumption, the counterexample under each violated one. */
export function renderCheckTable(report: CheckReport): string {
  const width = Math.max(10, ...report.assumptions.map((a) => a.name.length));
  const lines = [
    `scenario ${report.scenario}: ${report.assumptions.length} assumptions, ${report.runs} runs each, seed ${report.seed}`,
    '',
  ];
  lines.push(`${'assumption'.padEnd(width)}  status    statement`);
  for (const a of report.assumptions) {
    lines.push(`${a.name.padEnd(width)}  ${a.status.padEnd(8)}  ${a.statement}`);
    if (a.status === 'violated') lines.push(...counterexampleLines(a));
  }
  lines.push(
    '',
    report.violated === 0
      ? 'all assumptions hold'
      : `${report.violated} of ${report.assumptions.length} assumptions violated`,
  );
  return `${lines.join('\n')}\n`;
}
